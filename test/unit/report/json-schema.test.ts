/** The shipped schema against jsonReport's output for every shape a host result takes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { TaskResult } from '../../../src/engine/types.ts';
import { jsonReport } from '../../../src/report/json.ts';
import { result } from '../engine/results.ts';

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/tsprov.report.v1.schema.json', 'utf8')) as object);
const META = { runId: '20261204T000000Z-abcdef', command: 'run', check: false, startedAt: '2026-12-04T00:00:00.000Z', durationMs: 10, exitCode: 3 };
const task = (more: Partial<TaskResult>): TaskResult => ({ task: 't', module: 'bond', status: 'changed', changes: [], notes: [], reload: [], reloadNeedsDown: [], verify: [], ...more });
const CHECKS = { ok: false, durationMs: 5, checks: [{ bond: 'bond0', what: 'mode', expected: 'a', actual: 'b', verdict: 'fail' as const }] };

const report = jsonReport(META, [
  result('web1', 'changed', {
    backend: 'ifupdown',
    preconditions: [{ id: 'package.ifenslave', verdict: 'warn', message: 'm', evidence: 'e', fix: 'f' }],
    tasks: [
      task({
        notes: [{ level: 'warn', message: 'deviation' }],
        changes: [
          { kind: 'file', target: '/etc/a', before: null, after: 'x\n', mode: '0600', reason: 'r' },
          { kind: 'file', target: '/etc/b', before: 'k\n', after: null, reason: 'r', sensitive: true },
          { kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager: 'apt', reason: 'r' },
          { kind: 'module', target: 'bonding', before: 'unloaded', after: 'loaded', persist: true, reason: 'r' },
          { kind: 'command', target: 'ifup bond0', before: null, after: null, reason: 'r', viaHandler: 'reload' },
          { kind: 'command', target: 'echo s3cret', argv: ['echo', 's3cret'], before: null, after: null, reason: 'r', sensitive: true, onError: 'ignore' },
        ],
      }),
      task({ task: 'probe', module: 'command', status: 'failed', ignored: true, error: 'exit 1' }),
      task({ task: 'k', status: 'skipped', skipped: 'cannot simulate' }),
      task({ task: 'm', status: 'ok', noop: 'already matches' }),
    ],
    handlers: ['reload bonds'],
    verify: { ...CHECKS, ok: true, checks: [] },
    timings: { connect: 3, facts: 40, verify: 7 },
  }),
  result('db1', 'rolled-back', { message: 'verification failed', verify: CHECKS, verifyAfterRollback: { ...CHECKS, ok: true } }),
  result('web3', 'unreachable', { message: 'connect ECONNREFUSED', errorKind: 'unreachable' }),
]) as { hosts: Array<Record<string, unknown>> };

test('jsonReport output validates, every change kind, status and optional field included', () => {
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  assert.ok(!JSON.stringify(report).includes('s3cret'), 'a sensitive command is hidden, argv too');
});

test('the schema refuses what the report never holds', () => {
  const host = report.hosts[0]!;
  const tasks = host.tasks as Array<Record<string, unknown>>;
  for (const bad of [
    { ...report, extra: 1 },
    { ...report, schema: 'tsprov.report/v2' },
    { ...report, hosts: [{ ...host, timings: { lunch: 1 } }] },
    { ...report, hosts: [{ ...host, tasks: [{ ...tasks[0], changes: [{ kind: 'file', target: '/x' }] }] }] },
    { ...report, hosts: [{ ...host, tasks: [{ ...tasks[0], status: 'done' }] }] },
  ]) assert.equal(validate(bad), false, JSON.stringify(bad).slice(0, 200));
});
