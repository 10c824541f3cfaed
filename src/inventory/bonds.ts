import type { Host } from '../core/host.ts';
import { BACKENDS, type Backend, type Bond } from '../config/bond-model.ts';
import { toBond } from '../config/bond-normalise.ts';

/** The host's bonds (var `bonds`, already validated at load), as the typed model. */
export function hostBonds(host: Host): Bond[] {
  const raw = host.vars.bonds;
  if (!Array.isArray(raw)) return [];
  return raw.map((b) => toBond(b as Record<string, unknown>));
}

/** The backend pinned by var `backend`, or undefined to let facts decide. */
export function hostBackend(host: Host): Backend | undefined {
  const b = host.vars.backend;
  return typeof b === 'string' && (BACKENDS as readonly string[]).includes(b) ? (b as Backend) : undefined;
}
