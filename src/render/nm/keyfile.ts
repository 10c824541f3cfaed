/**
 * The part of GKeyFile that NetworkManager keyfiles use. Printing follows g_key_file_to_data()
 * (a blank line before every group but the first, `[group]` then `key=value` lines); parsing reads
 * what NM reads, so a profile can be compared with the one on the host in NM's terms rather than
 * byte for byte.
 */

export type Entry = [key: string, value: string];
export interface Group {
  name: string;
  entries: Entry[];
}

export function printKeyfile(groups: Group[], comment?: string): string {
  let out = comment === undefined ? '' : `${comment}\n`;
  groups.forEach((g, k) => {
    if (k > 0) out += '\n';
    out += `[${g.name}]\n` + g.entries.map(([key, v]) => `${key}=${v}\n`).join('');
  });
  return out;
}

/** NM reads a setting under its long name or its alias (nm_keyfile_plugin_get_alias_for_setting_name). */
const ALIASES: Record<string, string> = {
  '802-3-ethernet': 'ethernet',
  '802-11-wireless': 'wifi',
  '802-11-wireless-security': 'wifi-security',
};
const alias = (name: string): string => ALIASES[name] ?? name;

export type ParsedKeyfile = Map<string, Map<string, string>>;

export function parseKeyfile(text: string): ParsedKeyfile {
  const groups: ParsedKeyfile = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const t = line.trimStart();
    if (t === '' || t.startsWith('#')) continue;
    const head = /^\[([^\]]+)\]\s*$/.exec(t);
    if (head) {
      const name = alias(head[1]!);
      current = groups.get(name) ?? new Map<string, string>();
      groups.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) continue;
    // A later duplicate key wins, as in GKeyFile.
    current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trimStart());
  }
  return groups;
}

export function get(kf: ParsedKeyfile, group: string, key: string): string | undefined {
  return kf.get(group)?.get(key);
}

/** Keys NM writes with g_key_file_set_string_list: `a;b;` and `a;b` read the same. */
const LIST_KEYS = new Set(['dns', 'dns-search', 'dns-options']);

/**
 * A profile in NM's terms: comments, blank lines, key and group order, empty groups (NM adds
 * [proxy] or [ethernet] itself when it normalises) and list terminators do not count. NM
 * rewriting the file (`nmcli connection modify` drops comments) is thus no change.
 */
export function canonicalProfile(text: string): string {
  const groups: Array<[string, Entry[]]> = [];
  for (const [name, entries] of parseKeyfile(text)) {
    if (entries.size === 0) continue;
    const list = [...entries].map(([k, v]): Entry => {
      let value = LIST_KEYS.has(k) ? v.replace(/;$/, '') : v;
      if (name === 'connection' && k === 'type') value = alias(value);
      return [k, value];
    });
    groups.push([name, list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))]);
  }
  return JSON.stringify(groups.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

export function sameProfile(a: string, b: string): boolean {
  return canonicalProfile(a) === canonicalProfile(b);
}
