import type { Change } from '../core/change.ts';
import { shq } from '../core/quote.ts';
import { isSecretKey } from '../inventory/secrets.ts';
import { hasTemplate, scopeOf } from '../template/index.ts';

/**
 * Every string value of a secret var (by name or `secret_vars`), at any depth. A secret var that
 * is itself a template (`db_password: "{{ vault_db }}"`) counts with its rendered value too,
 * rendered in `scopeVars` (the vars templates see), since that value is what reaches a host.
 */
export function secretValues(vars: Record<string, unknown>, scopeVars: Record<string, unknown> = vars): string[] {
  const host = { vars };
  const out: string[] = [];
  const walk = (v: unknown, secret: boolean): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (secret && String(v).length >= 3) out.push(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, secret));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, secret || isSecretKey(k, host));
  };
  walk(vars, false);
  for (const [k, v] of Object.entries(vars)) {
    if (!isSecretKey(k, host) || !hasTemplate(v)) continue;
    try {
      walk(scopeOf(scopeVars).get(k, 0), true);
    } catch {
      // It fails where it is used, with its position; nothing was rendered to hide.
    }
  }
  return out;
}

/**
 * A file whose content, or a command whose line, carries a secret var's value is marked
 * sensitive, so every reporter hides it: the value never reaches a diff or a report.
 */
export function markSensitive(changes: Change[], secrets: string[]): void {
  if (secrets.length === 0) return;
  for (const c of changes) {
    if (c.kind === 'file' && secrets.some((s) => c.before?.includes(s) || c.after?.includes(s))) c.sensitive = true;
    // Quoting can break a value apart in the line (`'a'\''b'`): look for its quoted form, and in the words.
    if (c.kind === 'command' && secrets.some((s) => c.target.includes(s) || c.target.includes(shq(s)) || c.argv?.some((w) => w.includes(s)))) c.sensitive = true;
  }
}
