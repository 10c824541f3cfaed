import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendOptionProblems } from '../../../src/cli/backend-options.ts';
import { checkProject } from '../../../src/inventory/validate.ts';
import { MODULE_CATALOG } from '../../../src/modules/schemas.ts';

const INV = `all:
  vars:
    bonds:
      - name: bond0
        mode: 802.3ad
        slaves: [eth1, eth2]
        min_links: 1
        lacp_active: true
  hosts:
    pinned-legacy:
      backend: ifupdown-legacy
    pinned-ifupdown:
      backend: ifupdown
    from-facts: {}
`;

test('validate: an option the pinned backend cannot express is a problem at the bonds var; unpinned hosts wait for facts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsprov-bo-'));
  const file = join(dir, 'inventory.yml');
  writeFileSync(file, INV);
  const r = checkProject([file], undefined, MODULE_CATALOG);
  assert.deepEqual(r.problems, []);
  const found = backendOptionProblems(r.inventory, r.hosts);
  assert.deepEqual(found.map((p) => [p.file, p.line, p.path]), [[file, 4, 'all.vars.bonds']], JSON.stringify(found));
  assert.match(found[0]!.message, /^host pinned-legacy: backend ifupdown-legacy cannot express bond0\.lacp_active; remove it or pin another backend/);
});
