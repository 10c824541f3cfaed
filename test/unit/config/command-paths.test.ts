/** command/shell `creates` and `removes` are checked at load time with copy `dest`'s path rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../../src/core/errors.ts';
import { checkProject } from '../../../src/inventory/validate.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';
import { absPathProblem } from '../../../src/config/host-values.ts';

function validate(playbook: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-run-paths-'));
  try {
    writeFileSync(join(dir, 'inventory.yml'), 'all:\n  hosts:\n    web1:\n');
    writeFileSync(join(dir, 'playbook.yml'), playbook);
    const { problems } = checkProject([join(dir, 'inventory.yml')], join(dir, 'playbook.yml'), MODULE_CATALOG);
    return problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pb = (module: string, key: string, v: string): string =>
  `- hosts: all\n  tasks:\n    - ${module}:\n        cmd: "true"\n        ${key}: ${JSON.stringify(v)}\n`;

for (const module of ['command', 'shell']) {
  for (const key of ['creates', 'removes']) {
    for (const bad of ['../../etc/shadow', 'etc/x', '/etc/', '/tmp/a\nb', '-rf']) {
      test(`${module} ${key} ${JSON.stringify(bad)} is refused at its position`, () => {
        assert.deepEqual(validate(pb(module, key, bad)), [`playbook.yml:5:${11 + key.length}  [0].tasks[0].${module}.${key}  ${absPathProblem(bad)}`]);
      });
    }
    test(`${module} ${key} with an absolute path passes`, () => assert.deepEqual(validate(pb(module, key, '/var/lib/x.done')), []));
  }
}
