/**
 * `tsprov report merge`: the JSON reports of one sharded run (`--shard i/n` on several
 * controllers, one `--run-id`) as one report, as if one controller had run every host. Pure:
 * parsed reports in, the merged report out; anything that would make the merge lie (another
 * run, another schema version, a host twice, a shard twice) is an Error naming the file.
 */
import { ExitCode } from '../core/exit-codes.ts';

export interface NamedReport {
  file: string;
  report: unknown;
}

const SCHEMAS = ['tsprov.report/v1', 'tsprov.drift/v1'] as const;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Worst first: the merged exit code is the worst of the shards', as one run would have had. */
const EXIT_ORDER: number[] = [ExitCode.unreachable, ExitCode.failed, ExitCode.pending, ExitCode.ok];

function worstExit(codes: number[]): number {
  // Any other code (a usage error, tsprov's own failure) says more than a host's status.
  const other = codes.filter((c) => !EXIT_ORDER.includes(c));
  if (other.length) return Math.max(...other);
  for (const c of EXIT_ORDER) if (codes.includes(c)) return c;
  return ExitCode.ok;
}

/** The shards' per-status counts added up, keys in the first report's order. */
function sumSummaries(summaries: Obj[]): Obj {
  const out: Record<string, number> = {};
  for (const s of summaries) for (const [k, v] of Object.entries(s)) out[k] = (out[k] ?? 0) + Number(v);
  return out;
}

export function mergeReports(inputs: NamedReport[]): Obj {
  if (inputs.length === 0) throw new Error('report merge: name at least one JSON report');
  const reports = inputs.map(({ file, report }) => {
    if (!isObj(report) || !(SCHEMAS as readonly unknown[]).includes(report.schema) || !Array.isArray(report.hosts)) {
      throw new Error(`${file}: not a tsprov JSON report (schema ${SCHEMAS.join(' or ')}); got schema ${JSON.stringify(isObj(report) ? report.schema : undefined)}`);
    }
    return { file, r: report };
  });
  const first = reports[0]!;
  for (const { file, r } of reports.slice(1)) {
    if (r.schema !== first.r.schema) throw new Error(`${file}: schema ${String(r.schema)}, but ${first.file} is ${String(first.r.schema)}: reports of different versions or commands are not merged`);
    if (r.runId !== first.r.runId) throw new Error(`${file}: run ${String(r.runId)}, but ${first.file} is run ${String(first.r.runId)}: give every shard the same --run-id`);
    for (const k of ['command', 'check'] as const) {
      if (r[k] !== first.r[k]) throw new Error(`${file}: ${k} ${JSON.stringify(r[k])}, but ${first.file} has ${JSON.stringify(first.r[k])}`);
    }
  }
  const shards = new Map<number, string>();
  let count: number | undefined;
  for (const { file, r } of reports) {
    if (!isObj(r.shard)) continue;
    const { index, count: n } = r.shard as { index: number; count: number };
    if (count !== undefined && n !== count) throw new Error(`${file}: shard ${index}/${n}, but the others are out of ${count}`);
    count = n;
    if (shards.has(index)) throw new Error(`${file}: shard ${index}/${n} again (also ${shards.get(index)})`);
    shards.set(index, file);
  }
  const seen = new Map<string, string>();
  const hosts: Obj[] = [];
  for (const { file, r } of reports) {
    for (const h of r.hosts as Obj[]) {
      const name = String(h.host);
      if (seen.has(name)) throw new Error(`${file}: host ${name} is also in ${seen.get(name)}: shards overlap`);
      seen.set(name, file);
      hosts.push(h);
    }
  }
  hosts.sort((a, b) => String(a.host).localeCompare(String(b.host)));
  const startedAt = reports.map(({ r }) => String(r.startedAt)).sort()[0]!;
  const ends = reports.map(({ r }) => Date.parse(String(r.startedAt)) + Number(r.durationMs ?? 0));
  const merged: Obj = {
    ...first.r,
    startedAt,
    durationMs: Math.max(...ends) - Date.parse(startedAt),
    exitCode: worstExit(reports.map(({ r }) => Number(r.exitCode))),
    ...(isObj(first.r.summary) ? { summary: sumSummaries(reports.map(({ r }) => (isObj(r.summary) ? r.summary : {}))) } : {}),
    hosts,
    merged: {
      from: reports.map(({ file, r }) => ({ file, ...(isObj(r.shard) ? { shard: r.shard } : {}), hosts: (r.hosts as unknown[]).length })),
      ...(count !== undefined ? { shards: count, missing: Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shards.has(i)) } : {}),
    },
  };
  delete merged.shard;
  // A state dir's "since" belongs to one controller's history: shards' deltas are concatenated.
  if (reports.some(({ r }) => isObj(r.since))) {
    const parts = reports.map(({ r }) => (isObj(r.since) ? r.since : undefined)).filter((s): s is Obj => s !== undefined);
    merged.since = {
      baseline: parts.every((s) => s.baseline === true),
      new: parts.flatMap((s) => (s.new as unknown[]) ?? []),
      still: parts.flatMap((s) => (s.still as unknown[]) ?? []),
      resolved: parts.flatMap((s) => (s.resolved as unknown[]) ?? []),
    };
  }
  return merged;
}
