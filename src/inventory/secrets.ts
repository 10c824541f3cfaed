import type { SourceProblem } from '../core/errors.ts';
import type { Host } from '../core/host.ts';
import { isSecretName, MASK, redactText } from '../core/secrets.ts';
import type { Inventory } from './model.ts';
import { varsFileLayers } from './vars-files.ts';

export { MASK };

function listed(vars: Record<string, unknown>): string[] {
  return Array.isArray(vars.secret_vars) ? vars.secret_vars.map(String) : [];
}

/** A var is secret by its name, or because the inventory lists it in `secret_vars`. */
export function isSecretKey(key: string, host?: Pick<Host, 'vars'>): boolean {
  return isSecretName(key) || (host ? listed(host.vars).includes(key) : false);
}

/** A copy of `vars` safe to print: secret values (at any depth) replaced by a mask. */
export function maskSecrets(vars: Record<string, unknown>, extra: readonly string[] = listed(vars)): Record<string, unknown> {
  const mask = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) || extra.includes(k) ? MASK : mask(v);
      return out;
    }
    return value;
  };
  return mask(vars) as Record<string, unknown>;
}

/** Every scalar under a secret key, at any depth, as text. */
function collect(vars: Record<string, unknown>, names: ReadonlySet<string>, out: string[]): void {
  const walk = (v: unknown, secret: boolean): void => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (secret) out.push(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, secret));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, secret || isSecretName(k) || names.has(k));
  };
  walk(vars, false);
}

/**
 * Every secret value written anywhere in the inventory. A var named in any layer's
 * `secret_vars` counts in every layer: a message is about a file, not one host's precedence.
 */
export function inventorySecrets(inv: Inventory): { names: Set<string>; values: string[] } {
  const layers = [...inv.groups.values(), ...inv.hostVars.values(), ...varsFileLayers(inv), ...(inv.extraVars ? [inv.extraVars] : [])];
  const names = new Set(layers.flatMap((l) => listed(l.vars)));
  const values: string[] = [];
  for (const l of layers) collect(l.vars, names, values);
  return { names, values };
}

/**
 * Problems safe to print: secret values hidden wherever a message quotes them, and whatever a
 * message says a secret var holds ("got …") hidden even when too short to match by value.
 */
export function redactProblems(inv: Inventory, problems: SourceProblem[]): SourceProblem[] {
  const { names, values } = inventorySecrets(inv);
  return problems.map((p) => {
    const keys = p.path.split(/[.[\]]/);
    let message = redactText(p.message, values);
    if (keys.some((k) => isSecretName(k) || names.has(k))) message = message.replace(/\bgot .*$/, `got ${MASK}`);
    return message === p.message ? p : { ...p, message };
  });
}
