import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIni } from '../../../src/config/ini.ts';
import { parseYamlText, type PathSeg, type SourceFile } from '../../../src/config/source.ts';
import { locateInValue } from '../../../src/config/value-position.ts';
import type { SourceProblem } from '../../../src/core/errors.ts';

function yaml(text: string): SourceFile {
  const problems: SourceProblem[] = [];
  const src = parseYamlText('t.yml', text, problems, { ansible: true });
  assert.deepEqual(problems, []);
  return src;
}

/** The position of the first `needle` in the loaded value at `path`. */
function at(src: SourceFile, path: PathSeg[], needle = 'X') {
  const value = path.reduce<any>((o, k) => o[k], src.data) as string;
  return locateInValue(src, path, value, value.indexOf(needle));
}

test('locateInValue: inside plain, quoted and literal-block strings, escapes counted as written', () => {
  const src = yaml(
    [
      'a: plain {{ X }}', // 1
      'b: "\\u00e9\\t\\"{{ X }}"', // 2
      "c: 'it''s {{ X }}'", // 3
      'd:', // 4
      '  - |', // 5
      '    one', // 6
      '', // 7
      '      two {{ X }}', // 8
      'e: "\\U0001F600 X"', // 9
    ].join('\n') + '\n',
  );
  assert.deepEqual(at(src, ['a']), { line: 1, col: 13 });
  assert.deepEqual(at(src, ['b']), { line: 2, col: 18 });
  assert.deepEqual(at(src, ['c']), { line: 3, col: 14 });
  assert.deepEqual(at(src, ['d', 0]), { line: 8, col: 14 });
  assert.deepEqual(at(src, ['e']), { line: 9, col: 16 });
});

test('locateInValue: where the source cannot be followed exactly, the value start', () => {
  const src = yaml('f: >\n  folded\n  {{ X }}\ng: "two\n  lines {{ X }}"\n');
  assert.deepEqual(at(src, ['f']), { line: 1, col: 4 });
  assert.deepEqual(at(src, ['g']), { line: 4, col: 4 });
});

test('locateInValue: INI values, quoted or not', () => {
  const problems: SourceProblem[] = [];
  const src = parseIni('h.ini', '[all]\nh1 v="a {{ X }}"\n[all:vars]\nw =  {{ X }}\n', problems, new Set());
  assert.deepEqual(problems, []);
  assert.deepEqual(at(src, ['all', 'hosts', 'h1', 'v']), { line: 2, col: 12 });
  assert.deepEqual(at(src, ['all', 'vars', 'w']), { line: 4, col: 9 });
});
