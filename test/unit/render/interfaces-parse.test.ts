import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInterfaces, printInterfaces, splitPhysical } from '../../../src/render/interfaces/parse.ts';

const CORPUS = new URL('../../golden/render/interfaces-corpus/', import.meta.url).pathname;
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.interfaces'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));

test('corpus has at least 12 files', () => {
  assert.ok(corpus.length >= 12, `only ${corpus.length} corpus files`);
});

for (const { name, text } of corpus) {
  test(`round trip: ${name}`, () => {
    assert.equal(printInterfaces(parseInterfaces(text)), text);
  });
}

const byName = (n: string): string => corpus.find((c) => c.name.startsWith(n))!.text;

test('comments and blank lines inside a stanza stay with it; trailing ones do not', () => {
  const blocks = parseInterfaces(byName('02-')).blocks;
  const eth0 = blocks.find((b) => b.kind === 'stanza' && b.keyword === 'iface' && b.head.words[1] === 'eth0');
  assert.ok(eth0 && eth0.kind === 'stanza');
  assert.equal(eth0.body.length, 7); // address, netmask, comment, gateway, blank, dns x2
  assert.equal(blocks[blocks.length - 1]!.kind, 'comment');
});

test('continuation lines form one logical line', () => {
  const blocks = parseInterfaces(byName('03-')).blocks;
  const eth0 = blocks.find((b) => b.kind === 'stanza' && b.head.words[1] === 'eth0' && b.keyword === 'iface');
  assert.ok(eth0 && eth0.kind === 'stanza');
  assert.equal(eth0.body.length, 3);
  assert.equal(eth0.body[1]!.phys.length, 3);
  assert.deepEqual(eth0.body[1]!.words.slice(0, 4), ['up', 'ip', 'route', 'add']);
  const auto = blocks[blocks.length - 1]!;
  assert.ok(auto.kind === 'stanza' && auto.keyword === 'auto');
  assert.deepEqual(auto.head.words, ['auto', 'eth1', 'eth2']);
});

test('every stanza keyword is recognised', () => {
  const kws = new Set(
    corpus.flatMap(({ text }) => parseInterfaces(text).blocks.flatMap((b) => (b.kind === 'stanza' ? [b.keyword] : []))),
  );
  for (const k of ['iface', 'mapping', 'auto', 'allow', 'source', 'source-directory', 'no-auto-down', 'no-scripts', 'rename']) {
    assert.ok(kws.has(k as never), `no ${k} stanza parsed`);
  }
  const mapping = parseInterfaces(byName('04-')).blocks.find((b) => b.kind === 'stanza' && b.keyword === 'mapping');
  assert.ok(mapping && mapping.kind === 'stanza' && mapping.body.length === 3);
});

/** Small deterministic PRNG (mulberry32) so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('property: random permutations of corpus lines round-trip byte for byte', () => {
  const lines = corpus.flatMap(({ text }) => splitPhysical(text).map((p) => p.text + p.eol));
  assert.ok(lines.length > 100);
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed);
    const n = 1 + Math.floor(r() * 40);
    let doc = '';
    for (let k = 0; k < n; k++) {
      let line = lines[Math.floor(r() * lines.length)]!;
      // A line without newline may only end a file; elsewhere give it one.
      if (!line.endsWith('\n') && k < n - 1) line += r() < 0.5 ? '\n' : '\r\n';
      doc += line;
    }
    if (r() < 0.3) doc = doc.replace(/\r?\n$/, '');
    const parsed = parseInterfaces(doc);
    assert.equal(printInterfaces(parsed), doc, `seed ${seed}`);
  }
});
