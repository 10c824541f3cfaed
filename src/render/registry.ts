/** One renderer per backend; the ones not written yet refuse loudly instead of guessing. */
import type { Backend } from '../config/bond-model.ts';
import { TsprovError } from '../core/errors.ts';
import { renderIfupdown } from './ifupdown/render.ts';
import { renderLegacy } from './ifupdown-legacy/render.ts';
import { ifupdownReload } from './ifupdown/reload.ts';
import { spelling as ifupdownSpelling } from './ifupdown/bond-lines.ts';
import { spelling as legacySpelling } from './ifupdown-legacy/module-lines.ts';
import * as netplan from './netplan/index.ts';
import * as networkd from './networkd/index.ts';
import * as nm from './nm/index.ts';
import * as ifcfg from './ifcfg/index.ts';
import type { BackendReload, OptionSpelling, Renderer } from './types.ts';

export const renderers: Record<Backend, Renderer> = {
  ifupdown: renderIfupdown,
  'ifupdown-legacy': renderLegacy,
  netplan: netplan.render,
  networkd: networkd.render,
  nm: nm.render,
  ifcfg: ifcfg.render,
};

/** The reload of each backend that has one; a backend without one cannot be applied. */
export const reloaders: Partial<Record<Backend, BackendReload>> = Object.fromEntries(
  Object.entries({ ifupdown: ifupdownReload, 'ifupdown-legacy': ifupdownReload, netplan: netplan.reload, networkd: networkd.reload, nm: nm.reload, ifcfg: ifcfg.reload }).filter(([, r]) => r !== undefined),
);

export function reloaderFor(backend: Backend | undefined): BackendReload {
  const r = reloaders[backend ?? 'ifupdown'];
  if (!r) throw new TsprovError('E_BACKEND_UNSUPPORTED', `backend ${backend} has no reload yet; supported: ${Object.keys(reloaders).join(', ')}`);
  return r;
}

/** Each backend's spelling of every bonding option (docs/backends.md's table is made from these). */
export const spellings: Record<Backend, OptionSpelling | undefined> = {
  ifupdown: ifupdownSpelling,
  'ifupdown-legacy': legacySpelling,
  netplan: netplan.spelling,
  networkd: networkd.spelling,
  nm: nm.spelling,
  ifcfg: ifcfg.spelling,
};
