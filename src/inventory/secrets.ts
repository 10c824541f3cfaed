import type { Host } from '../core/host.ts';

const SECRET_RE = /password|secret|token|passphrase/i;
export const MASK = '********';

function listed(vars: Record<string, unknown>): string[] {
  return Array.isArray(vars.secret_vars) ? vars.secret_vars.map(String) : [];
}

/** A var is secret by its name, or because the inventory lists it in `secret_vars`. */
export function isSecretKey(key: string, host?: Pick<Host, 'vars'>): boolean {
  return (key !== 'secret_vars' && SECRET_RE.test(key)) || (host ? listed(host.vars).includes(key) : false);
}

/** A copy of `vars` safe to print: secret values (at any depth) replaced by a mask. */
export function maskSecrets(vars: Record<string, unknown>, extra: readonly string[] = listed(vars)): Record<string, unknown> {
  const mask = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k !== 'secret_vars' && (SECRET_RE.test(k) || extra.includes(k)) ? MASK : mask(v);
      return out;
    }
    return value;
  };
  return mask(vars) as Record<string, unknown>;
}
