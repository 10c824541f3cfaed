/** The networkd backend (systemd-networkd, systemd 252): renderer, reload and option spelling. */
import type { BackendReload, OptionSpelling, Renderer } from '../types.ts';
import { renderNetworkd } from './render.ts';
import { networkdReload } from './reload.ts';
import { networkdSpelling } from './spelling.ts';

export const render: Renderer = renderNetworkd;
export const reload: BackendReload = networkdReload;
export const spelling: OptionSpelling = networkdSpelling;
