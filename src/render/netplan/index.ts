/** The netplan backend: renderer, reload and option spelling. */
import type { BackendReload, OptionSpelling, Renderer } from '../types.ts';
import { renderNetplan } from './render.ts';
import { netplanReload } from './reload.ts';
import { spelling as netplanSpelling } from './spelling.ts';

export const render: Renderer = renderNetplan;
export const reload: BackendReload = netplanReload;
export const spelling: OptionSpelling = netplanSpelling;
