import type { Backend, Bond, BondOptions } from '../config/bond-model.ts';
import { TsprovError } from '../core/errors.ts';
import type { OptionSpelling, Renderer } from './types.ts';

/** A backend not written yet refuses loudly instead of guessing. */
export function unsupportedRenderer(backend: Backend): Renderer {
  return () => {
    throw new TsprovError('E_BACKEND_UNSUPPORTED', `backend ${backend} has no renderer yet`);
  };
}

/**
 * Options of `bond` that `spelling` cannot express. A renderer refuses the host with them
 * (refuseInexpressible): an option is never dropped silently.
 */
export function inexpressible(bond: Bond, spelling: OptionSpelling): Array<keyof BondOptions> {
  return (Object.keys(bond.options) as Array<keyof BondOptions>).filter((o) => bond.options[o] !== undefined && spelling[o] === null);
}

export function refuseInexpressible(backend: Backend, bonds: Bond[], spelling: OptionSpelling): void {
  const bad = bonds.flatMap((b) => inexpressible(b, spelling).map((o) => `${b.name}.${o}`));
  if (bad.length) {
    throw new TsprovError('E_BACKEND_OPTION', `backend ${backend} cannot express ${bad.join(', ')}: remove ${bad.length === 1 ? 'it' : 'them'} or pin another backend (docs/backends.md lists what each backend can set)`);
  }
}
