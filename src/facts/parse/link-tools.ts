import type { LinkToolResult } from '../types.ts';

export const TOOL_ABSENT: LinkToolResult = { present: false, link: null, detail: 'not installed' };

/**
 * One NIC's `mii-tool IFACE` output (stderr merged). Forms seen on real hosts:
 * "eth1: negotiated 1000baseT-FD flow-control, link ok", "eth1: no link",
 * "SIOCGMIIPHY on 'eth1' failed: Operation not supported", "eth0: 100 Mbit, full duplex, link ok".
 */
export function parseMiiTool(text: string | null): LinkToolResult {
  const line = (text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  if (line === '') return { present: true, link: null, detail: 'no output' };
  if (/failed|not supported|No such device/i.test(line)) return { present: true, link: null, detail: line };
  const detail = line.replace(/^[^:]+:\s*/, '');
  const link = /link ok/.test(detail) ? true : /no link/.test(detail) ? false : null;
  const sp = /(\d+)base/.exec(detail) ?? /(\d+) Mbit/.exec(detail);
  const duplex = /-FD|full duplex/.test(detail) ? 'full' : /-HD|half duplex/.test(detail) ? 'half' : null;
  return { present: true, link, detail, speedMbps: sp ? Number(sp[1]) : null, duplex };
}

/** One NIC's `ethtool IFACE` output: Speed, Duplex, "Link detected". Unknown values become null. */
export function parseEthtool(text: string | null): LinkToolResult {
  const t = text ?? '';
  const get = (key: string): string | undefined => new RegExp(`^\\s*${key}:\\s*(.*)$`, 'm').exec(t)?.[1]?.trim();
  const linkText = get('Link detected');
  const speedText = get('Speed');
  const duplexText = get('Duplex')?.toLowerCase();
  const sp = speedText ? /^(\d+)Mb\/s/.exec(speedText) : null;
  const link = linkText === 'yes' ? true : linkText === 'no' ? false : null;
  const detail = linkText === undefined
    ? t.split('\n').map((l) => l.trim()).find(Boolean) ?? 'no output'
    : `speed ${speedText ?? '?'}, duplex ${duplexText ?? '?'}, link detected: ${linkText}`;
  return {
    present: true,
    link,
    detail,
    speedMbps: sp ? Number(sp[1]) : null,
    duplex: duplexText === 'full' || duplexText === 'half' ? duplexText : null,
  };
}
