import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { editInterfaces } from '../../../src/render/interfaces/edit.ts';
import { parseInterfaces, printInterfaces } from '../../../src/render/interfaces/parse.ts';
import { caseDirs, golden, GOLDEN, read } from './golden-io.ts';

interface Args {
  managed: string[];
  bonds: string[];
  insert: string | null;
}

for (const dir of caseDirs('interfaces-edit')) {
  test(`edit golden: ${dir.split('/').pop()}`, () => {
    const before = read(join(dir, 'before.interfaces'));
    const args = JSON.parse(read(join(dir, 'args.json'))) as Args;
    const after = editInterfaces(before, args);
    assert.equal(after, golden(join(dir, 'after.interfaces'), after));
    assert.equal(editInterfaces(after, args), after, 'a second edit changes nothing');
    if (dir.endsWith('/converged')) assert.equal(after, before, 'already converged: no byte changes');
  });
}

const corpus = readdirSync(join(GOLDEN, 'interfaces-corpus')).map((f) => read(join(GOLDEN, 'interfaces-corpus', f)));
const BOND = '# Managed by tsprov (bond bond0): local edits here will be overwritten.\nauto bond0\niface bond0 inet manual\n    bond-slaves eth1 eth2\n    bond-mode active-backup\n\niface eth1 inet manual\n\niface eth2 inet manual\n';

test('property: managing names a file does not mention leaves it byte-identical', () => {
  for (const text of corpus) {
    assert.equal(editInterfaces(text, { managed: ['bond7', 'eth77'], bonds: ['bond7'], insert: null }), text);
  }
});

test('property: editing converges on every corpus file, and only managed stanzas change', () => {
  const managed = ['bond0', 'eth0', 'eth1', 'eth2'];
  for (const text of corpus) {
    const once = editInterfaces(text, { managed, bonds: ['bond0'], insert: BOND });
    assert.equal(editInterfaces(once, { managed, bonds: ['bond0'], insert: BOND }), once);
    assert.equal(printInterfaces(parseInterfaces(once)), once);
    const ifaces = (t: string): string[] =>
      parseInterfaces(t).blocks.flatMap((b) => (b.kind === 'stanza' && b.keyword === 'iface' ? [b.head.words[1]!] : []));
    assert.deepEqual(ifaces(once).filter((n) => !managed.includes(n)), ifaces(text).filter((n) => !managed.includes(n)));
    assert.deepEqual(ifaces(once).filter((n) => managed.includes(n)), ['bond0', 'eth1', 'eth2']);
    const removedOnly = editInterfaces(text, { managed, bonds: ['bond0'], insert: null });
    assert.ok(!/^\s*iface (bond0|eth[012]) /m.test(removedOnly));
  }
});
