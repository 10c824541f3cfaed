/**
 * Ansible's `serial`: a number, a percentage, or a list of them (canary → waves); the last size
 * repeats until every host has a batch. Pure.
 */
export function batchSizes(total: number, serial: number | string | Array<number | string> | undefined): number[] {
  if (total === 0) return [];
  const spec = serial === undefined ? [total] : Array.isArray(serial) ? serial : [serial];
  const size = (s: number | string): number => {
    if (typeof s === 'number') return s <= 0 ? total : s;
    const m = /^(\d+(?:\.\d+)?)%$/.exec(s.trim());
    if (m) return Math.max(1, Math.floor((Number(m[1]) / 100) * total));
    const n = Number(s);
    return Number.isFinite(n) && n > 0 ? n : total;
  };
  const out: number[] = [];
  let left = total;
  let i = 0;
  while (left > 0) {
    const s = Math.min(left, size(spec[Math.min(i, spec.length - 1)]!));
    out.push(s);
    left -= s;
    i++;
  }
  return out;
}

export function splitBatches<T>(items: T[], serial: number | string | Array<number | string> | undefined): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const n of batchSizes(items.length, serial)) {
    out.push(items.slice(at, at + n));
    at += n;
  }
  return out;
}
