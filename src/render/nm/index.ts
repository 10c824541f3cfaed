/** The nm backend (NetworkManager keyfiles): renderer, reload and option spelling. */
import type { BackendReload, OptionSpelling, Renderer } from '../types.ts';
import { nmReload } from './reload.ts';
import { renderNm } from './render.ts';
import { spelling as nmSpelling } from './spelling.ts';

export const render: Renderer = renderNm;
export const reload: BackendReload = nmReload;
export const spelling: OptionSpelling = nmSpelling;
