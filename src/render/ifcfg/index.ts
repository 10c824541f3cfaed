/** The ifcfg backend (RHEL network-scripts): renderer, reload and option spelling. */
import type { BackendReload, OptionSpelling, Renderer } from '../types.ts';
import { ifcfgReload } from './reload.ts';
import { renderIfcfg } from './render.ts';
import { ifcfgSpelling } from './spelling.ts';

export const render: Renderer = renderIfcfg;
export const reload: BackendReload = ifcfgReload;
export const spelling: OptionSpelling = ifcfgSpelling;
