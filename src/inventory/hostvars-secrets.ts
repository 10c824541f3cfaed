/**
 * Secret values that templates reach through `hostvars` (`{{ hostvars['db1'].db_password }}`,
 * `{{ hostvars.db1.dsn }}` holding one), recorded while rendering rather than found by walking
 * the fleet: each host's own secrets are computed from its own vars, and walking every host's vars
 * for every host would be quadratic. The list is one per inventory, so a value one host reached
 * is hidden in every host's output (more masking, never less).
 */
import type { Scope } from '../template/index.ts';
import type { Inventory } from './model.ts';
import { isSecretKey } from './secrets.ts';

/** Shorter values would mark half of every text sensitive (the engine's rule too). */
const MIN = 3;

const ledgers = new WeakMap<Inventory, string[]>();

/** The secret values reached through `hostvars` so far: a live list, growing while templates render. */
export function hostvarsSecrets(inv: Inventory): readonly string[] {
  let l = ledgers.get(inv);
  if (!l) ledgers.set(inv, (l = []));
  return l;
}

/** Every scalar inside a value, as text; `under` says which of them sit below a secret key. */
function leaves(v: unknown, secret: boolean, isSecret: (k: string) => boolean, out: Array<[string, boolean]>, depth = 0): void {
  if (depth > 100) return;
  if (typeof v === 'string' || typeof v === 'number') out.push([String(v), secret]);
  else if (Array.isArray(v)) for (const x of v) leaves(x, secret, isSecret, out, depth + 1);
  // A plain mapping only: a LazyMap (hostvars, nested) is a view of other hosts, not this value.
  else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) leaves(x, secret || isSecret(k), isSecret, out, depth + 1);
  }
}

/**
 * For one host seen through hostvars: a function to call with each var a template reads from it.
 * A secret var's value (rendered) is recorded; so is any of the host's secret values found inside
 * another var's value (a `dsn` built from `db_password`). The host's secrets are computed once,
 * on the first read that needs them, from its own vars only.
 */
export function secretNoter(inv: Inventory, raw: Readonly<Record<string, unknown>>, scope: Scope): (key: string, value: unknown) => void {
  const ledger = hostvarsSecrets(inv) as string[];
  const seen = new Set(ledger);
  const host = { vars: raw as Record<string, unknown> };
  const isSecret = (k: string): boolean => isSecretKey(k, host);
  const record = (s: string): void => {
    if (s.length < MIN || seen.has(s)) return;
    seen.add(s);
    ledger.push(s);
  };
  let own: string[] | undefined;
  const ownSecrets = (): string[] => {
    if (own) return own;
    const found: Array<[string, boolean]> = [];
    for (const k of Object.keys(raw)) {
      let v: unknown;
      try {
        v = scope.get(k, 0);
      } catch {
        // It fails where a template uses it, with its position; nothing rendered to hide.
        continue;
      }
      if (isSecret(k) || (v && typeof v === 'object')) leaves(v, isSecret(k), isSecret, found);
    }
    return (own = found.filter(([, s]) => s).map(([t]) => t).filter((t) => t.length >= MIN));
  };
  return (key, value) => {
    const found: Array<[string, boolean]> = [];
    leaves(value, isSecret(key), isSecret, found);
    for (const [text, secret] of found) {
      if (secret) record(text);
      else if (text.length >= MIN) for (const s of ownSecrets()) if (text.includes(s)) record(s);
    }
  };
}
