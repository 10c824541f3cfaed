import { isIPv4, isIPv6 } from 'node:net';

/** Small, pure IP helpers for validation: no DNS, no I/O. */
export { isIPv4, isIPv6 };

export interface Cidr {
  family: 4 | 6;
  addr: bigint;
  prefix: number;
}

function v4ToBig(s: string): bigint {
  return s.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function v6ToBig(s: string): bigint {
  let text = s.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4ToBig(tail[1]!);
    text = text.slice(0, -tail[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

export function parseIp(s: string): { family: 4 | 6; addr: bigint } | undefined {
  if (isIPv4(s)) return { family: 4, addr: v4ToBig(s) };
  if (isIPv6(s)) return { family: 6, addr: v6ToBig(s) };
  return undefined;
}

/** `10.1.100.63/24` → parsed; undefined when not an address with a valid prefix length. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  const prefix = Number(m[2]);
  if (!ip || prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ...ip, prefix };
}

export function inSubnet(ip: { family: 4 | 6; addr: bigint }, net: Cidr): boolean {
  if (ip.family !== net.family) return false;
  const bits = BigInt(net.family === 4 ? 32 : 128);
  const shift = bits - BigInt(net.prefix);
  return ip.addr >> shift === net.addr >> shift;
}

/** `10.1.100.63/24` → `10.1.100.0/24`, for messages. */
export function networkOf(c: Cidr): string {
  const bits = c.family === 4 ? 32 : 128;
  const shift = BigInt(bits - c.prefix);
  const a = (c.addr >> shift) << shift;
  if (c.family === 4) return `${[24n, 16n, 8n, 0n].map((s) => (a >> s) & 255n).join('.')}/${c.prefix}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((a >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${compressV6(groups)}/${c.prefix}`;
}

/** RFC 5952 style: the longest run (2+) of zero groups becomes `::`. */
function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export const MAC_RE = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
