import type { OsFacts } from '../types.ts';

/** Parses os-release(5): KEY=value with optional shell-style quotes. */
export function parseOsRelease(text: string | null): OsFacts {
  const vars = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1]) continue;
    let v = m[2] ?? '';
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) v = v.slice(1, -1);
    if (q === '"') v = v.replace(/\\(["\\`$])/g, '$1');
    vars.set(m[1], v);
  }
  return {
    id: vars.get('ID') ?? 'unknown',
    versionId: vars.get('VERSION_ID') ?? '',
    prettyName: vars.get('PRETTY_NAME') ?? vars.get('NAME') ?? 'unknown',
  };
}
