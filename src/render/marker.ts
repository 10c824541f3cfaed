/**
 * The comment that marks tsprov's output. In a shared file (/etc/network/interfaces) it precedes
 * the managed stanzas and is recognised again on the next run, so re-rendering converges instead
 * of stacking markers.
 */
const PREFIX = '# Managed by tsprov';

export function markerLine(bond: string): string {
  return `${PREFIX} (bond ${bond}): local edits here will be overwritten.`;
}

/** A marker for a whole file that tsprov owns. */
export function fileMarker(what: string): string {
  return `${PREFIX}: ${what}. Local edits will be overwritten.`;
}

export function isMarkerFor(commentText: string, bonds: Set<string>): boolean {
  const m = /^\s*# Managed by tsprov \(bond ([^)\s]+)\)/.exec(commentText);
  return m !== null && bonds.has(m[1]!);
}
