/**
 * What changed since the last drift run (`--state-dir`): each finding is new, still there, or
 * resolved, so a scheduled job alerts once. A change is labelled as Puppet labels its events:
 * `intentional` when the host's declaration changed since the last run (the inventory or the
 * playbook moved), `corrective` when only the host did. Pure: the previous state in, the delta
 * and the next state out; the CLI reads and writes the file.
 */
import type { Finding } from './drift.ts';

export const DRIFT_STATE_SCHEMA = 'tsprov.drift-state/v1';

export interface DriftState {
  schema: typeof DRIFT_STATE_SCHEMA;
  at: string;
  /** Per host, a digest of what it was judged against (its vars and the playbook). */
  declarations: Record<string, string>;
  findings: Record<string, { host: string; kind: string; target: string; what: string; firstSeen: string }>;
}

export type ChangeLabel = 'corrective' | 'intentional';

export interface DriftDelta {
  /** False on the first run with this state dir: everything is new, nothing is labelled. */
  baseline: boolean;
  new: Array<{ id: string; label?: ChangeLabel }>;
  still: Array<{ id: string; firstSeen: string }>;
  resolved: Array<{ id: string; host: string; kind: string; target: string; what: string; firstSeen: string; label?: ChangeLabel }>;
}

/** Throws a plain Error naming what is wrong: the CLI reports it with the file's path. */
export function parseDriftState(text: string): DriftState {
  const v = JSON.parse(text) as Partial<DriftState>;
  if (!v || typeof v !== 'object' || v.schema !== DRIFT_STATE_SCHEMA || typeof v.findings !== 'object' || typeof v.declarations !== 'object') {
    throw new Error(`not a ${DRIFT_STATE_SCHEMA} file`);
  }
  return v as DriftState;
}

/**
 * `judged`: hosts this run could judge. A host that was unreachable keeps its old findings in
 * the state and reports none resolved: not seeing a finding is not the same as it being gone.
 */
export function compareDrift(prev: DriftState | undefined, findings: Finding[], declarations: Record<string, string>, judged: ReadonlySet<string>, now: string): { delta: DriftDelta; next: DriftState } {
  const baseline = prev !== undefined;
  const moved = (host: string): ChangeLabel | undefined => (!prev || prev.declarations[host] === undefined ? undefined : prev.declarations[host] !== declarations[host] ? 'intentional' : 'corrective');
  const next: DriftState = { schema: DRIFT_STATE_SCHEMA, at: now, declarations: { ...(prev?.declarations ?? {}), ...declarations }, findings: {} };
  const delta: DriftDelta = { baseline, new: [], still: [], resolved: [] };
  const current = new Set<string>();
  for (const f of findings) {
    if (f.expectedBecause) continue;
    current.add(f.id);
    const old = prev?.findings[f.id];
    next.findings[f.id] = { host: f.host, kind: f.kind, target: f.target, what: f.what, firstSeen: old?.firstSeen ?? now };
    if (old) delta.still.push({ id: f.id, firstSeen: old.firstSeen });
    else {
      const label = moved(f.host);
      delta.new.push(label ? { id: f.id, label } : { id: f.id });
    }
  }
  for (const [fid, old] of Object.entries(prev?.findings ?? {})) {
    if (current.has(fid)) continue;
    if (!judged.has(old.host)) {
      next.findings[fid] = old;
      continue;
    }
    const label = moved(old.host);
    delta.resolved.push({ id: fid, ...old, ...(label ? { label } : {}) });
  }
  return { delta, next };
}
