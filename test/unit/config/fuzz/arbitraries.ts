/**
 * Inputs for the loader property suite: real files (the repo's inventories and playbook, the
 * Ansible inventories captured under test/golden) mutated as a careless or hostile hand would,
 * as text and as structure. Pure: a text in, a text out.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface Seed {
  name: string;
  text: string;
  format: 'yaml' | 'ini';
}

const ROOT = new URL('../../../../', import.meta.url).pathname;

/** Every inventory the repo ships or captured from ansible-inventory, read once. */
export function inventorySeeds(): Seed[] {
  const out: Seed[] = [];
  for (const f of readdirSync(join(ROOT, 'inventories'))) out.push({ name: f, text: readFileSync(join(ROOT, 'inventories', f), 'utf8'), format: 'yaml' });
  const golden = join(ROOT, 'test/golden/ansible-inventory');
  for (const d of readdirSync(golden)) {
    for (const [file, format] of [['inventory.yml', 'yaml'], ['hosts.ini', 'ini']] as const) {
      const p = join(golden, d, file);
      if (existsSync(p)) out.push({ name: `${d}/${file}`, text: readFileSync(p, 'utf8'), format });
    }
  }
  return out;
}

export function playbookSeeds(): Seed[] {
  const files = [join(ROOT, 'playbooks/bonding.yml'), join(ROOT, 'test/golden/config/valid/rolling-playbook.yml')];
  return files.map((f) => ({ name: f.slice(ROOT.length), text: readFileSync(f, 'utf8'), format: 'yaml' as const }));
}

/** YAML's syntax, Ansible's habits, shell and path tricks, and bytes that should never pass. */
const HOSTILE_TOKENS = [
  '*a', '&a ', '<<: *a', '<<: ', '<<: [*a, 5]', ': ', '- ', '? ', '{', '}', '[', ']', '"', "'", '\t', '\n', '\r\n', '#', ' #x',
  '!!binary ', '!vault ', '!!set ', '!foo ', '!!str ', '%YAML 1.1\n', '---\n', '...\n', '|', '>-', '|2', '&a [*a]',
  '-a', '--all', '-oProxyCommand=sh', '$(id)', '`id`', ';', '&&', '|', '../', '../../etc/shadow', '/etc/', '~root',
  '{{ x }}', '{{ x | quote }}', '{{ }}', '{% if x %}', '{{ lookup("pipe", "id") }}', '\u0000', '\u001b[2J', '\u007f', '\u009b',
  '\u2028', '\u200b', '\u0435', '\uff0d', '\ufeff', '\ud800', 'null', '~', 'yes', 'off', '0o17', '0x1F', '0644', '.inf', '1e400',
  '9'.repeat(40), 'a'.repeat(16), ',', 'web[01:03]', '[a:c]', 'web[3:1]', 'host:2222', 'host:99999', '@', '%', '\\', '=',
  'ansible_connection: local', 'ansible_host: ', 'ansible_port: ', 'bonds: ', 'slaves: ', 'mode: ', 'hosts: ', 'children: ',
  'vars: ', 'tasks: ', 'when: ', 'notify: ', 'command: ', 'shell: ', 'copy: ', 'dest: ', 'secret_vars: ',
];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...' -:?[]{},&*!|>\'"%@`#\n\t'.split('')), maxLength: 8 }) },
);

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'dupline' | 'dropline'; at: number }
  | { kind: 'swaplines'; a: number; b: number }
  | { kind: 'indent'; at: number; delta: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: token }) },
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constantFrom('dupline' as const, 'dropline' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swaplines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number): number => n % Math.max(lines.length, 1);
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'dupline':
      lines.splice(line(m.at), 0, lines[line(m.at)] ?? '');
      return lines.join('\n');
    case 'dropline':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'swaplines': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'indent': {
      const i = line(m.at);
      const l = lines[i] ?? '';
      lines[i] = m.delta > 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
  }
}

/** A seed's text with one to six textual mutations. */
export const mutatedText = (seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; text: string }> =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([seed, ms]) => ({ seed, text: ms.reduce(apply, seed.text) }));

const HOSTILE_VALUES: unknown[] = ['-a', '--force', '$(touch /tmp/x)', '../../etc/shadow', '/etc/', 'a\nb', '\u001b[31m', '', ' ', 'eth0', 'bond0', '\u0435th1',
  'a'.repeat(16), 0, -1, 1.5, 2 ** 53, true, null, [], {}, ['-a'], { a: { b: { c: [1, { d: 'x' }] } } }, '{{ nope }}', '{{ x | quote }}', '{{ x'];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** Every path to a node of a JS value, parents before children. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], fn: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  if (path.length === 0) return root;
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  fn(node, path.at(-1)!);
  return root;
}

/**
 * A YAML seed whose structure is changed, then written back as YAML: a node replaced by another
 * value, a key renamed, a key dropped. The YAML stays well-formed, so these reach the schema
 * and the rules rather than stopping at the parser.
 */
export const mutatedStructure = (seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; text: string }> =>
  fc
    .tuple(
      fc.constantFrom(...seeds.filter((s) => s.format === 'yaml')),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'rename', 'drop'), value, fc.constantFrom(...HOSTILE_TOKENS, 'ansible_host', 'bonds', 'hosts', 'vars')), { minLength: 1, maxLength: 3 }),
    )
    .map(([seed, edits]) => {
      let data: unknown = parse(seed.text, { version: '1.1', merge: true });
      for (const [pick, op, v, key] of edits) {
        const all = paths(data).filter((p) => p.length > 0);
        if (all.length === 0) {
          data = v;
          continue;
        }
        const p = all[pick % all.length]!;
        data = setAt(data, p, (parent, k) => {
          if (op === 'replace') parent[k] = structuredClone(v);
          else if (Array.isArray(parent)) parent.splice(Number(k), 1);
          else {
            const old = parent[k];
            delete parent[k];
            if (op === 'rename') parent[key] = old;
          }
        });
      }
      return { seed, text: stringify(data ?? null, { aliasDuplicateObjects: false }) };
    });
