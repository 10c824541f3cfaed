/**
 * Another host's secret reached through `hostvars` is a secret here too: marked while the
 * template renders (no walk over the fleet), then masked in -v/-vv events, the diff, the text,
 * JSON and Markdown reports, and the transport's traces. Local connection, check mode: read-only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/core/events.ts';
import { loadRun } from '../../../src/cli/run-setup.ts';
import { makeConnector } from '../../../src/engine/connect.ts';
import { runHost } from '../../../src/engine/host-run.ts';
import { DEFAULT_RUN_OPTIONS } from '../../../src/engine/types.ts';
import { hostvarsSecrets, loadInventory, magicVars } from '../../../src/inventory/index.ts';
import { jsonReport } from '../../../src/report/json.ts';
import { markdownReport } from '../../../src/report/markdown.ts';
import { hostText } from '../../../src/report/text.ts';
import { verboseView } from '../../../src/report/verbose.ts';
import { renderTemplate } from '../../../src/template/index.ts';

const DB_PW = 'Db-Pa55-hv-unit';
const API = 'Ap1-T0ken-hv-unit';

describe('secrets reached through hostvars', () => {
  let dir: string;
  let inv: string;
  let pb: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsprov-hvsec-'));
    inv = join(dir, 'inv.yml');
    writeFileSync(inv, [
      'all:',
      '  hosts:',
      '    web1: {ansible_connection: local}',
      '    db1:',
      `      db_password: ${DB_PW}`,
      '      dsn: "postgres://app:{{ db_password }}@db1/app"',
      '      secret_vars: [api]',
      `      api: ${API}`,
      '      site: fra1',
      '',
    ].join('\n'));
    pb = join(dir, 'site.yml');
    writeFileSync(pb, [
      '- hosts: web1',
      '  tasks:',
      '    - template: {dest: /nonexistent-tsprov-hv/app.conf, template: "pw={{ hostvars[\'db1\'].db_password }}\\n"}',
      '    - template: {dest: /nonexistent-tsprov-hv/dsn.conf, template: "{{ hostvars.db1.dsn }}\\n"}',
      '    - template: {dest: /nonexistent-tsprov-hv/api.conf, template: "{{ hostvars.db1.api }} at {{ hostvars.db1.site }}\\n"}',
      '    - command: {cmd: "echo {{ hostvars.db1.db_password }}"}',
      '',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('only the values read are recorded, as read, and a plain var is not', () => {
    const inventory = loadInventory([inv]);
    const magic = magicVars(inventory, 'web1');
    assert.deepEqual(hostvarsSecrets(inventory), []);
    assert.equal(renderTemplate('{{ hostvars.db1.site }}', magic), 'fra1');
    assert.deepEqual(hostvarsSecrets(inventory), [], 'a plain var is no secret');
    assert.equal(renderTemplate("{{ hostvars['db1'].dsn }}", magic), `postgres://app:${DB_PW}@db1/app`);
    assert.deepEqual(hostvarsSecrets(inventory), [DB_PW], 'a var holding a secret of that host records that secret');
    renderTemplate('{{ hostvars.db1.api }}', magic);
    assert.deepEqual(hostvarsSecrets(inventory), [DB_PW, API], 'secret_vars of that host count');
  });

  it('check -v/-vv: events, diff, text, JSON and Markdown reports never show them', async () => {
    const run = loadRun([inv], pb, undefined, [], []);
    const scope = run.plays[0]!.scopes[0]!;
    assert.equal(scope.host.name, 'web1');
    const events: RunEvent[] = [];
    let verbose = '';
    const view = verboseView(3, (s) => (verbose += `${s}\n`));
    const listener = (e: RunEvent): void => {
      events.push(e);
      view(e);
    };
    const reached = hostvarsSecrets(run.inventory);
    const r = await runHost(scope, { ...DEFAULT_RUN_OPTIONS, runId: 't', check: true, diff: true, listener }, makeConnector({}, listener, reached));
    assert.equal(r.status, 'changed', r.message);
    const files = r.tasks.flatMap((t) => t.changes).filter((c) => c.kind === 'file');
    assert.equal(files.length, 3);
    for (const c of files) assert.equal(c.sensitive, true, `${c.target} is marked sensitive`);
    const meta = { runId: 't', command: 'check', check: true, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, exitCode: 2 };
    const outputs: Record<string, string> = {
      events: JSON.stringify(events),
      verbose,
      text: hostText(r, { diff: true, colour: false, check: true }),
      json: JSON.stringify(jsonReport(meta, [r])),
      markdown: markdownReport('t', [r], true),
    };
    assert.ok(events.some((e) => e.kind === 'task-args'), '-vv args were emitted');
    assert.match(verbose, /\*{8}/, 'the masked value is shown in its place');
    for (const [where, text] of Object.entries(outputs)) {
      assert.ok(!text.includes(DB_PW), `${where} shows the db password:\n${text}`);
      assert.ok(!text.includes(API), `${where} shows the api token:\n${text}`);
    }
    assert.match(outputs.text!, /content hidden/);
  });

  it('a transport trace quoting a reached value masks it', async () => {
    const events: RunEvent[] = [];
    const connect = makeConnector({}, (e) => events.push(e), [DB_PW]);
    const conn = await connect({ name: 'web1', groups: [], vars: {}, connection: { type: 'local', address: 'web1', become: false } });
    const out = await conn.exec(`echo ${DB_PW}`);
    await conn.close();
    assert.equal(out.stdout, `${DB_PW}\n`);
    assert.ok(!JSON.stringify(events).includes(DB_PW), JSON.stringify(events));
  });
});
