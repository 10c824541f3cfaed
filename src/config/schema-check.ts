import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { lazy } from '../core/lazy.ts';
import { precompiled } from './precompiled.ts';
import type { PathSeg, ProblemSink } from './source.ts';

const ajvModule = lazy<typeof import('ajv')>('ajv');
let instance: AjvInstance | undefined;
/**
 * Compiling is most of `validate`'s time (the vars schema: 150 ms with strict mode, meta-schema
 * checks and code optimisation, 35 ms without). Those three only judge our own constant schemas,
 * so a unit test compiles every shipped schema with them (test/unit/config/schema-strict.test.ts)
 * and a run skips them.
 */
export const STRICT_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;
export const RUN_AJV_OPTIONS = { ...STRICT_AJV_OPTIONS, strict: false, validateSchema: false, code: { optimize: false } } as const;
const ajv = (): AjvInstance => (instance ??= new (ajvModule().Ajv)(RUN_AJV_OPTIONS));
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validators are compiled once per schema object and reused for every file and host; the bundle
 * finds the shipped schemas already compiled (config/precompiled.ts) and never loads ajv for them.
 */
function validator(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = precompiled()?.get(JSON.stringify(schema)) ?? ajv().compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** How a value looks to a person reading an error message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = levenshtein(word, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best ? `; did you mean "${best}"?` : '';
}

function pointerToPath(pointer: string): PathSeg[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: PathSeg[]): unknown {
  let v = data;
  for (const seg of path) v = (v as Record<string | number, unknown> | undefined)?.[seg];
  return v;
}

function message(e: ErrorObject, value: unknown): { message: string; extra?: PathSeg; key?: boolean } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t);
      const allowed = (e.parentSchema as { enum?: unknown[] } | undefined)?.enum;
      const want = allowed ? `one of ${allowed.join(', ')}` : types.join(' or ');
      // Inventories are read as Ansible reads them (YAML 1.1): an unquoted yes/no/on/off is a boolean.
      const hint = typeof value === 'boolean' && String(p.type).includes('string') ? ' (unquoted yes/no/on/off are booleans in YAML 1.1, as Ansible reads inventories: quote the word)' : '';
      return { message: `must be ${want}; got ${describe(value)}${hint}` };
    }
    case 'enum':
      return { message: `must be one of ${(p.allowedValues as unknown[]).join(', ')}; got ${describe(value)}` };
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      const props = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return { message: `unknown key "${extra}"${suggest(extra, props)}`, extra, key: true };
    }
    case 'required':
      return { message: `missing required key "${String(p.missingProperty)}"` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { message: `must be ${String(p.comparison)} ${String(p.limit)}; got ${describe(value)}` };
    case 'pattern':
      return { message: `must match /${String(p.pattern)}/; got ${describe(value)}` };
    case 'minItems':
      return { message: `must have at least ${String(p.limit)} item(s)` };
    case 'maxItems':
      return { message: `must have at most ${String(p.limit)} item(s)` };
    case 'minLength':
      return { message: 'must not be empty' };
    case 'minProperties':
      return { message: 'must not be empty' };
    default:
      return { message: e.message ?? e.keyword };
  }
}

/** Validates `data` (found at `base` in the file) against `schema`, reporting each error with its position. */
export function checkSchema(schema: object, data: unknown, base: readonly PathSeg[], sink: Pick<ProblemSink, 'add'>): boolean {
  const v = validator(schema);
  if (v(data)) return true;
  const errors = v.errors ?? [];
  // A wrong type makes every other complaint about the same value noise.
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'type' && typed.has(e.instancePath)) continue;
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const rel = pointerToPath(e.instancePath);
    const m = message(e, valueAt(data, rel));
    const path = [...base, ...rel, ...(m.extra !== undefined ? [m.extra] : [])];
    const id = `${path.join('/')}|${m.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    sink.add(path, m.message, { key: m.key });
  }
  return false;
}
