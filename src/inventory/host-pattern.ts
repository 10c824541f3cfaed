/**
 * Host keys as Ansible reads them in YAML and INI inventories (parse_address with ranges, then
 * expand_hostname_range): `web[01:03].example.com`, `10.0.0.[1:2]`, `db-[a:c]`, `[1:10:2]`
 * steps, and a `:port` suffix (`[::1]:2222` for IPv6). Pure.
 */

export type Expanded = { ok: true; names: string[]; port?: number } | { ok: false; message: string };

const NUM_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const I4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUM_RANGE})`;
const I6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(`^(?:${I4}\\.){3}${I4}$`, 'i');
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${I6}:){7}${I6}`,
      `(?:${I6}:){1,6}:`,
      `(?:${I6}:)(?::${I6}){1,6}`,
      `(?:${I6}:){2}(?::${I6}){1,5}`,
      `(?:${I6}:){3}(?::${I6}){1,4}`,
      `(?:${I6}:){4}(?::${I6}){1,3}`,
      `(?:${I6}:){5}(?::${I6}){1,2}`,
      `(?:${I6}:){6}(?::${I6})`,
      `:(?::${I6}){1,6}`,
      `${I6}?::`,
      `(?:0:){6}(?:${I6}\\.){3}${I6}`,
      `::(?:ffff:)?(?:${I6}\\.){3}${I6}`,
      `(?:0:){5}ffff:(?:${I6}\\.){3}${I6}`,
    ].join('|') +
    ')$',
  'i',
);
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'iu');

/** Ansible's parse_address: the host and an optional port, or undefined when it is no valid address. */
export function parseAddress(address: string, allowRanges: boolean): { host: string; port?: number } | undefined {
  let port: number | undefined;
  // Both forms are tried in turn, as Ansible does: `[web[1:2]]:22` strips the brackets, then the port.
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address);
    if (m) {
      address = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!IPV4.test(address) && !IPV6.test(address) && !HOSTNAME.test(address)) return undefined;
  if (!allowRanges && address.includes('[')) return undefined;
  return port === undefined ? { host: address } : { host: address, port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Ansible's expand_hostname_range: the first `[a:b(:step)]` expanded, then the rest recursively. */
export function expandRange(line: string, out: string[] = []): string[] {
  const open = line.indexOf('[');
  const close = line.indexOf(']');
  if (close < open) throw new Error(`host range in ${JSON.stringify(line)} has "]" before "["`);
  if (close < 0) throw new Error(`host range in ${JSON.stringify(line)} has no closing "]"`);
  const head = line.slice(0, open);
  const tail = line.slice(close + 1);
  const bounds = line.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('host range must be begin:end or begin:end:step');
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new Error('host range must specify end value');
  if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new Error(`host range step must be a positive integer; got ${JSON.stringify(stepText)}`);
  const step = Number(stepText);
  let fill = (x: number | string): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new Error('host range must specify equal-length begin and end formats');
    fill = (x) => String(x).padStart(beg.length, '0');
  }
  const seq: string[] = [];
  const ib = LETTERS.indexOf(beg);
  const ie = LETTERS.indexOf(end);
  if (ib >= 0 && ie >= 0 && !/^\d/.test(beg)) {
    if (ib > ie) throw new Error('host range must have begin <= end');
    for (let i = ib; i <= ie; i += step) seq.push(LETTERS[i]!);
  } else {
    if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) throw new Error(`host range bounds must be numbers or single letters; got ${JSON.stringify(`${beg}:${end}`)}`);
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(fill(i));
  }
  for (const s of seq) {
    const name = head + s + tail;
    if (name.includes('[')) expandRange(name, out);
    else out.push(name);
  }
  return out;
}

/**
 * A host key from an inventory: its host names and port. A key that is no valid address is
 * kept whole (with any `:port` in it), as Ansible keeps it; ranges are expanded either way.
 */
export function expandHostPattern(pattern: string): Expanded {
  const parsed = parseAddress(pattern, true);
  const base = parsed?.host ?? pattern;
  try {
    const names = base.includes('[') ? expandRange(base) : [base];
    return parsed?.port === undefined ? { ok: true, names } : { ok: true, names, port: parsed.port };
  } catch (e) {
    return { ok: false, message: `invalid host range in ${JSON.stringify(pattern)}: ${(e as Error).message}` };
  }
}
