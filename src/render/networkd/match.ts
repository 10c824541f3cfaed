/**
 * Just enough of systemd's unit-file syntax to tell which links a .network file claims
 * ([Match] Name=) and which interface a .netdev creates ([NetDev] Name=), read the way
 * systemd-networkd reads them (src/shared/conf-parser.c, net-condition.c).
 */

export interface UnitEntry {
  section: string;
  key: string;
  value: string;
}

/** Key=value lines by section; comments (# ;) and backslash continuations as systemd has them. */
export function parseUnit(text: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  const lines = text.split(/\r?\n/);
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      section = end > 0 ? line.slice(1, end) : '';
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return out;
}

export interface LinkMatch {
  /** Name= patterns in order; a leading "!" marks one that excludes. */
  names: string[];
  /** Other [Match] keys (MACAddress=, Driver=, Type=, Host=…): conditions tsprov cannot test. */
  otherKeys: string[];
}

export function linkMatchOf(text: string): LinkMatch {
  let names: string[] = [];
  const other = new Set<string>();
  for (const e of parseUnit(text)) {
    if (e.section !== 'Match') continue;
    if (e.key !== 'Name') {
      if (e.value !== '') other.add(e.key);
      continue;
    }
    // An empty assignment resets the list; "!" before the list inverts every word of it. Words
    // are not unquoted (config_parse_match_ifnames): a quoted name is no interface name.
    if (e.value === '') {
      names = [];
      continue;
    }
    const invert = e.value.startsWith('!');
    const words = (invert ? e.value.slice(1) : e.value).split(/\s+/).filter(Boolean);
    names.push(...words.map((w) => (invert ? `!${w}` : w)));
  }
  return { names, otherKeys: [...other].sort() };
}

/** fnmatch(3) without flags: `*` and `?` match any character, `[...]` a set, `\` escapes. */
export function globToRegExp(glob: string): RegExp {
  const esc = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '\\' && i + 1 < glob.length) re += esc(glob[++i]!);
    else if (c === '[') {
      let j = i + 1;
      const negate = glob[j] === '!' || glob[j] === '^';
      if (negate) j++;
      const close = glob.indexOf(']', glob[j] === ']' ? j + 1 : j);
      if (close < 0) {
        re += esc(c);
        continue;
      }
      const body = [...glob.slice(j, close)].map((ch) => (ch === '-' ? '-' : esc(ch))).join('');
      re += `[${negate ? '^' : ''}${body}]`;
      i = close;
    } else re += esc(c);
  }
  return new RegExp(`^${re}$`, 's');
}

/** networkd's test: no excluding pattern may match, and some including one must if any exists. */
export function nameMatches(patterns: string[], name: string): boolean {
  let positive = false;
  let hit = false;
  for (const p of patterns) {
    const exclude = p.startsWith('!');
    if (!exclude) positive = true;
    if (globToRegExp(exclude ? p.slice(1) : p).test(name)) {
      if (exclude) return false;
      hit = true;
    }
  }
  return positive ? hit : true;
}

/**
 * Whether a .network file applies to the link `name`: `yes` when its Name= list takes it and
 * nothing else can rule it out (or it names the link literally, which says what it is for);
 * `maybe` when other [Match] keys decide; `no` otherwise. A [Match] without any key is ignored
 * by networkd ("No valid settings found in the [Match] section, ignoring file").
 */
export function matchVerdict(m: LinkMatch, name: string): 'yes' | 'maybe' | 'no' {
  if (m.names.length === 0) return m.otherKeys.length > 0 ? 'maybe' : 'no';
  if (!nameMatches(m.names, name)) return 'no';
  return m.names.includes(name) || m.otherKeys.length === 0 ? 'yes' : 'maybe';
}

/** The interface a .netdev file creates, if it names one. */
export function netdevNameOf(text: string): string | undefined {
  let name: string | undefined;
  for (const e of parseUnit(text)) if (e.section === 'NetDev' && e.key === 'Name') name = e.value || undefined;
  return name;
}
