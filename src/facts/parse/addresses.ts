/**
 * `ip -o addr show`: one line per address, e.g.
 * "3: bond0    inet 192.168.77.1/24 brd 192.168.77.255 scope global bond0\\       valid_lft forever …".
 * Interface → its addresses as CIDRs, in the kernel's order.
 */
export function parseIpAddr(text: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^\d+:\s+([^\s@]+)(?:@\S+)?\s+inet6?\s+(\S+)/.exec(line);
    if (m) (out[m[1]!] ??= []).push(m[2]!);
  }
  return out;
}
