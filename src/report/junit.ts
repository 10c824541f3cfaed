import type { HostFactsResult } from '../engine/facts-run.ts';
import type { BondCheck } from '../engine/verify.ts';
import type { HostVerifyResult } from '../engine/verify-run.ts';
import type { HostResult, PreconditionResult, VerifyResult } from '../engine/types.ts';
import { fileDiff, HIDDEN_COMMAND } from './diff.ts';

/**
 * JUnit XML for CI (GitLab, Jenkins, GitHub test reporters): one <testsuite> per host, one
 * <testcase> per thing that can fail there. The mapping is documented in docs/reports.md; the
 * text comes from results the engine has already redacted, and file content only as masked diffs.
 */

export interface JUnitCase {
  name: string;
  failure?: { message: string; text: string };
  /** The case could not run at all (host unreachable): CI shows it apart from a failure. */
  error?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}

export interface JUnitSuite {
  name: string;
  durationMs?: number;
  cases: JUnitCase[];
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/FFFF even as character references:
// shown as \uXXXX so the evidence stays readable and the document stays parseable.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const visible = (s: string): string => s.replace(FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function xmlText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: quotes escaped, and line breaks as references (a parser would fold them to spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

/** The document itself: every count is derived from the cases, so they cannot disagree. */
export function junitXml(name: string, suites: JUnitSuite[], durationMs?: number): string {
  const count = (cs: JUnitCase[]): string => `tests="${cs.length}" failures="${cs.filter((c) => c.failure).length}" errors="${cs.filter((c) => c.error).length}" skipped="${cs.filter((c) => c.skipped !== undefined).length}"`;
  const all = suites.flatMap((s) => s.cases);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlAttr(name)}" ${count(all)} time="${seconds(durationMs)}">`];
  for (const s of suites) {
    out.push(`  <testsuite name="${xmlAttr(s.name)}" ${count(s.cases)} time="${seconds(s.durationMs)}">`);
    for (const c of s.cases) {
      const body: string[] = [];
      if (c.failure) body.push(`      <failure message="${xmlAttr(c.failure.message)}">${xmlText(c.failure.text)}</failure>`);
      if (c.error) body.push(`      <error message="${xmlAttr(c.error.message)}" type="${xmlAttr(c.error.type)}">${xmlText(c.error.text)}</error>`);
      if (c.skipped !== undefined) body.push(`      <skipped message="${xmlAttr(c.skipped)}"/>`);
      if (c.out) body.push(`      <system-out>${xmlText(c.out)}</system-out>`);
      const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(s.name)}"`;
      out.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

const evidence = (p: PreconditionResult): string => `${p.id}: ${p.message}\nevidence: ${p.evidence}${p.fix ? `\nfix: ${p.fix}` : ''}`;

/** One case for all preconditions: a host has a dozen, and CI wants the one that failed. */
function preconditionCase(ps: PreconditionResult[]): JUnitCase | undefined {
  if (!ps.length) return undefined;
  const failed = ps.filter((p) => p.verdict === 'fail');
  const warned = ps.filter((p) => p.verdict === 'warn');
  return {
    name: 'preconditions',
    ...(failed.length ? { failure: { message: failed.map((p) => `${p.id}: ${p.message}`).join('; '), text: failed.map(evidence).join('\n\n') } } : {}),
    ...(warned.length ? { out: warned.map((p) => `warn ${evidence(p)}`).join('\n\n') } : {}),
  };
}

const checkLine = (c: BondCheck): string => `expected ${c.expected}, live ${c.actual}`;

/** A warn (degraded within --allow-degraded) passes; only a fail fails. */
function checkCases(v: VerifyResult | undefined, prefix: string): JUnitCase[] {
  return (v?.checks ?? []).map((c) => ({
    name: `${prefix}${c.bond} ${c.what}`,
    ...(c.verdict === 'fail' ? { failure: { message: `${c.bond} ${c.what}: ${checkLine(c)}`, text: checkLine(c) } } : {}),
    ...(c.verdict === 'warn' ? { out: `warn: ${checkLine(c)}` } : {}),
  }));
}

const unreachable = (message: string | undefined, kind: string | undefined): JUnitCase => ({ name: 'connect', error: { message: message ?? 'unreachable', type: kind ?? 'unreachable', text: message ?? '' } });

function describeChanges(r: HostResult, t: HostResult['tasks'][number]): string {
  return t.changes
    .map((c) => (c.kind === 'file' ? fileDiff(r.host, c, false, true) : `${c.kind} ${c.kind === 'command' && c.sensitive ? HIDDEN_COMMAND : c.target}: ${c.reason}`))
    .join('\n');
}

/** `run`/`check`: per host its preconditions, each task, and each verification check. */
export function runJUnit(title: string, results: HostResult[], durationMs?: number): string {
  return junitXml(
    title,
    results.map((r) => {
      if (r.status === 'unreachable') return { name: r.host, durationMs: r.durationMs, cases: [unreachable(r.message, r.errorKind)] };
      const cases: JUnitCase[] = [];
      const pre = preconditionCase(r.preconditions);
      if (pre) cases.push(pre);
      for (const t of r.tasks) {
        const changes = describeChanges(r, t);
        if (t.status === 'failed' && !t.ignored) cases.push({ name: t.task, failure: { message: t.error ?? 'failed', text: [t.error ?? '', changes].filter(Boolean).join('\n') } });
        else if (t.status === 'skipped') cases.push({ name: t.task, skipped: t.skipped ?? 'skipped' });
        else cases.push({ name: t.task, ...(t.ignored ? { out: `failed, ignored: ${t.error ?? ''}` } : changes ? { out: changes } : t.noop ? { out: t.noop } : {}) });
      }
      cases.push(...checkCases(r.verify, 'verify '), ...checkCases(r.verifyAfterRollback, 'verify after rollback '));
      // A failure no case above carries (the apply failed, a rollback ran): the host's own case.
      if ((r.status === 'failed' || r.status === 'rolled-back') && !cases.some((c) => c.failure)) cases.push({ name: 'host', failure: { message: r.message ?? r.status, text: `${r.status}${r.message ? `: ${r.message}` : ''}` } });
      if (r.status === 'skipped') cases.push({ name: 'host', skipped: r.message ?? 'skipped' });
      return { name: r.host, durationMs: r.durationMs, cases };
    }),
    durationMs,
  );
}

/** `facts`: one case per host, failing when a precondition fails. */
export function factsJUnit(results: HostFactsResult[], durationMs?: number): string {
  return junitXml(
    'tsprov facts',
    results.map((r) => {
      if (r.status === 'unreachable') return { name: r.host, durationMs: r.durationMs, cases: [unreachable(r.message, r.errorKind)] };
      const pre = preconditionCase(r.preconditions);
      const failure = r.status === 'failed' ? (pre?.failure ?? { message: r.message ?? 'failed', text: r.message ?? '' }) : undefined;
      const out = [...r.warnings.map((w) => `warning: ${w}`), pre?.out ?? ''].filter(Boolean).join('\n');
      return { name: r.host, durationMs: r.durationMs, cases: [{ name: 'facts', ...(failure ? { failure } : {}), ...(out ? { out } : {}) }] };
    }),
    durationMs,
  );
}

/** `verify`: one case per host and check. */
export function verifyJUnit(results: HostVerifyResult[], durationMs?: number): string {
  return junitXml(
    'tsprov verify',
    results.map((r) => {
      if (r.status === 'unreachable') return { name: r.host, cases: [unreachable(r.message, 'unreachable')] };
      const cases = checkCases(r.verify, '');
      if (r.status === 'failed') cases.push({ name: 'host', failure: { message: r.message ?? 'failed', text: r.message ?? '' } });
      return { name: r.host, ...(r.verify ? { durationMs: r.verify.durationMs } : {}), cases };
    }),
    durationMs,
  );
}
