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

/** The bond a marker comment in a shared file is for, if the comment is one. */
export function markerBond(commentText: string): string | undefined {
  return /^\s*# Managed by tsprov \(bond ([^)\s]+)\)/.exec(commentText)?.[1];
}

export function isMarkerFor(commentText: string, bonds: Set<string>): boolean {
  const b = markerBond(commentText);
  return b !== undefined && bonds.has(b);
}
