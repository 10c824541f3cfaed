/** One renderer per backend; the ones not written yet refuse loudly instead of guessing. */
import type { Backend } from '../config/bond-model.ts';
import { TsprovError } from '../core/errors.ts';
import { renderIfupdown } from './ifupdown/render.ts';
import { renderLegacy } from './ifupdown-legacy/render.ts';
import { ifupdownReload } from './ifupdown/reload.ts';
import type { BackendReload, Renderer } from './types.ts';

function unsupported(backend: Backend): Renderer {
  return () => {
    throw new TsprovError('E_BACKEND_UNSUPPORTED', `backend ${backend} has no renderer yet; supported: ifupdown, ifupdown-legacy`);
  };
}

export const renderers: Record<Backend, Renderer> = {
  ifupdown: renderIfupdown,
  'ifupdown-legacy': renderLegacy,
  netplan: unsupported('netplan'),
  networkd: unsupported('networkd'),
  nm: unsupported('nm'),
  ifcfg: unsupported('ifcfg'),
};

/** The reload of each backend that has one; a backend without one cannot be applied. */
export const reloaders: Partial<Record<Backend, BackendReload>> = {
  ifupdown: ifupdownReload,
  'ifupdown-legacy': ifupdownReload,
};

export function reloaderFor(backend: Backend | undefined): BackendReload {
  const r = reloaders[backend ?? 'ifupdown'];
  if (!r) throw new TsprovError('E_BACKEND_UNSUPPORTED', `backend ${backend} has no reload yet; supported: ${Object.keys(reloaders).join(', ')}`);
  return r;
}
