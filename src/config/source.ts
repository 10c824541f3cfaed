import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceProblem } from '../core/errors.ts';
import { positionAt } from '../core/text-position.ts';
import { isSecretName, MASK } from '../core/secrets.ts';
import { readRegularFile } from './read-file.ts';
import { pairByKey } from './yaml-keys.ts';
import { MAX_DEPTH, structureProblems } from './yaml-guards.ts';
import { MAX_ITEMS, prescan } from './yaml-prescan.ts';
import { ANSIBLE_YAML } from './yaml11.ts';

export type PathSeg = string | number;

/** One parsed YAML file: the document (with ranges) and what is needed to turn offsets into line:col. */
export interface SourceFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Plain JS value of the document (undefined when the YAML itself is broken). */
  data: unknown;
  /**
   * Sources that are not YAML (INI files, `-i h1,h2,` lists) have no YAML nodes to point at:
   * their parser records where each path was written instead (see pathKey).
   */
  index?: PositionIndex;
  /** The text parsed, to place a problem at a character inside a value (value-position.ts). */
  text?: string;
}

/** Offsets of a path's key and value in a non-YAML source. */
export type PositionIndex = Map<string, { key: number; value: number }>;

/** The PositionIndex key of a path. */
export const pathKey = (path: readonly PathSeg[]): string => path.join('\u0000');

/** How to read a YAML file: as YAML 1.2 (playbooks so far) or as Ansible reads inventories (1.1). */
export interface YamlFlavour {
  ansible?: boolean;
}

/**
 * `all.children.web.hosts.web1.bonds[0].mode`. Below a secret-named key every key is part of the
 * secret's value (`pass: {hunter2: x}` is a YAML mistake, not a structure), so it is masked.
 */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  let secret = false;
  for (const seg of path) {
    // An empty key is still a field: `""`, so the path never reads as the root.
    const shown = secret && typeof seg === 'string' ? MASK : seg === '' ? '""' : seg;
    if (typeof shown === 'number') out += `[${shown}]`;
    else out += out === '' ? shown : `.${shown}`;
    if (typeof seg === 'string' && isSecretName(seg)) secret = true;
  }
  return out;
}

/** Parses a YAML file; syntax errors and duplicate keys become problems with positions. */
export function parseYamlText(file: string, text: string, problems: SourceProblem[], flavour: YamlFlavour = {}): SourceFile {
  const lines = new LineCounter();
  const refused = refuseUnparsed(text);
  if (refused) {
    problems.push({ file, ...positionAt(text, refused.offset), path: '', message: refused.message });
    return { file, doc: parseDocument(''), lines, data: undefined };
  }
  // yaml's own duplicate-key check is quadratic per map (and its position is off for empty
  // values): structureProblems does it in one pass and points at the second key.
  const doc = cheapParse(() => parseDocument(text, { ...(flavour.ansible ? ANSIBLE_YAML : {}), lineCounter: lines, prettyErrors: false, uniqueKeys: false }));
  const before = problems.length;
  const push = (offset: number, path: PathSeg[], message: string): void => {
    const pos = lines.linePos(offset);
    // line:col is exact; a path a hundred levels deep would only bury the message.
    const shown = path.length > SHOWN_DEPTH ? [...path.slice(0, SHOWN_DEPTH), '…'] : path;
    problems.push({ file, line: pos.line, col: pos.col, path: formatPath(shown), message });
  };
  const tooDeep = doc.errors.find((e) => STACK_OVERFLOW.test(e.message));
  const errors = tooDeep ? [tooDeep] : doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  // Past the first few, problems in a broken file are echoes of the first: a garbage file has millions.
  const capped = <T>(all: readonly T[], offset: (x: T) => number, each: (x: T) => void, more: (n: number) => string): void => {
    all.slice(0, MAX_YAML_ERRORS).forEach(each);
    const next = all[MAX_YAML_ERRORS];
    if (next !== undefined) push(offset(next), [], `${more(all.length - MAX_YAML_ERRORS)} after this point (fix the ones above first)`);
  };
  capped(errors, (e) => e.pos[0], (e) => push(e.pos[0], pathAtOffset(doc.contents, e.pos[0]), yamlMessage(e.code, e.message)), (n) => `invalid YAML: ${n} more errors`);
  // Unresolved tags are refused by structureProblems, with a better message.
  for (const w of doc.warnings) if (w.code !== 'TAG_RESOLVE_FAILED') push(w.pos[0], pathAtOffset(doc.contents, w.pos[0]), yamlMessage(w.code, w.message));
  if (!tooDeep) capped(structureProblems(doc), (p) => p.offset, (p) => push(p.offset, p.path, p.message), (n) => `${n} more problems like these`);
  if (problems.length > before) return { file, doc, lines, data: undefined };
  try {
    return { file, doc, lines, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), text };
  } catch (e) {
    // yaml throws a bare ReferenceError, with no position, for an alias bomb (structureProblems
    // has already refused an alias with no anchor): find the alias to blame, so the user gets
    // file:line:col, not a stack trace. Anything else it throws is positioned at the document.
    if (!(e instanceof ReferenceError)) push(doc.contents?.range?.[0] ?? 0, [], yamlMessage('', (e as Error).message));
    else {
      const alias = blameAlias(doc);
      push(alias.offset, pathAtOffset(doc.contents, alias.offset), alias.message);
    }
    return { file, doc, lines, data: undefined };
  }
}

// YAML allows no C0 control but tab and line breaks, no DEL and no C1 control but NEL, even in
// quoted scalars (PyYAML, Ansible's parser, refuses them too); yaml takes them as text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

/** What is refused before yaml sees the text: control bytes, and nesting that would exhaust it. */
function refuseUnparsed(text: string): { offset: number; message: string } | undefined {
  const control = CONTROL.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { offset: control.index, message: `invalid YAML: control character ${code} (a YAML file is text; in a double-quoted string write it as an escape, e.g. \\u0000)` };
  }
  const excess = prescan(text);
  if (excess?.kind === 'depth') return { offset: excess.offset, message: `invalid YAML: nested deeper than ${MAX_DEPTH} levels of lists and mappings` };
  if (excess) return { offset: excess.offset, message: `file too large to load: more than ${MAX_ITEMS.toLocaleString('en')} lines, list items and keys (about 150,000 hosts); split the fleet across controllers` };
  return undefined;
}

/**
 * The parse, made cheap for big and broken files. yaml's parser reads `process.env.LOG_TOKENS`
 * once per token, and `process.env` is a native interceptor (about 1 µs a read): a 100,000-host
 * inventory has 7 million tokens, so a plain copy stands in for the length of the (synchronous)
 * parse. And yaml makes an Error per problem: ten megabytes of garbage are millions of them,
 * and their stack traces alone exhaust the heap, so none is captured meanwhile.
 */
function cheapParse<T>(fn: () => T): T {
  const [env, traces] = [process.env, Error.stackTraceLimit];
  process.env = { ...env };
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    process.env = env;
    Error.stackTraceLimit = traces;
  }
}

/** Aliases one document may expand; far above any real inventory, far below a billion laughs. */
export const MAX_ALIAS_COUNT = 100;

/** The first alias of an anchor that holds aliases: the fuse of an alias bomb. */
function blameAlias(doc: Document.Parsed): { offset: number; message: string } {
  let nested: number | undefined;
  let first: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      const offset = node.range?.[0] ?? 0;
      first ??= offset;
      const target = node.resolve(doc);
      if (target && nested === undefined) visit(target, { Alias: () => ((nested = offset), visit.BREAK) });
      return nested === undefined ? undefined : visit.BREAK;
    },
  });
  return { offset: nested ?? first ?? 0, message: `invalid YAML: aliases expand past the limit of ${MAX_ALIAS_COUNT} (an alias bomb?)` };
}

export function loadYamlFile(file: string, problems: SourceProblem[], flavour: YamlFlavour = {}): SourceFile | undefined {
  const read = readRegularFile(file);
  if (!read.ok) {
    problems.push({ file, line: 1, col: 1, path: '', message: read.message });
    return undefined;
  }
  return parseYamlText(file, read.text, problems, flavour);
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;
const SHOWN_DEPTH = 12;
const MAX_YAML_ERRORS = 20;

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key (each key may appear only once in a mapping)';
  if (STACK_OVERFLOW.test(message)) return `invalid YAML: nested deeper than ${MAX_DEPTH} levels of lists and mappings`;
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}

/** Path of the deepest node whose range holds `offset`; used to name the place of a YAML error. */
function pathAtOffset(node: unknown, offset: number, path: PathSeg[] = []): PathSeg[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const k = pair.key as Node;
      if (k.range && offset >= k.range[0] && offset <= k.range[2]) return [...path, key];
      const v = pair.value as Node | null;
      if (v?.range && offset >= v.range[0] && offset <= v.range[2]) return pathAtOffset(v, offset, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const r = (item as Node | null)?.range;
      if (r && offset >= r[0] && offset <= r[2]) path = pathAtOffset(item, offset, [...path, i]);
    });
  }
  return path;
}

/**
 * Line and column of the value at `path` (or of its key when `key` is true). A path that does not
 * exist (a missing required key) resolves to its deepest existing ancestor.
 */
export function locate(src: SourceFile, path: readonly PathSeg[], key = false): { line: number; col: number } {
  if (src.index) return src.lines.linePos(indexOffset(src.index, path, key));
  let node: unknown = src.doc.contents;
  let at: Node | undefined = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = findPair(src.doc, node, String(seg));
      if (!pair) break;
      if (last && key) {
        at = pair.key as Node;
        break;
      }
      // An empty value (`web1:`) has no node of its own: point at its key.
      node = pair.value ?? pair.key;
      at = node as Node;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      at = item as Node;
    } else break;
  }
  const offset = at?.range?.[0] ?? 0;
  return src.lines.linePos(offset);
}

/** Offset of the deepest recorded prefix of `path` in a non-YAML source. */
function indexOffset(index: PositionIndex, path: readonly PathSeg[], key: boolean): number {
  for (let n = path.length; n > 0; n--) {
    const at = index.get(pathKey(path.slice(0, n)));
    if (at) return key && n === path.length ? at.key : at.value;
  }
  return 0;
}

/**
 * The pair for `key` in `map`, or in the maps merged into it with `<<: *anchor` (YAML 1.1), so a
 * value that came from a merge is located where the anchor wrote it.
 */
function findPair(doc: Document.Parsed, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = pairByKey(map, key);
  if (own || depth > 8) return own;
  // yaml reads a merge key as a Scalar whose value is a symbol; its source text is `<<`.
  const merge = map.items.find((p) => isScalar(p.key) && (p.key.value === '<<' || p.key.source === '<<'));
  if (!merge) return undefined;
  const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
  for (const s of sources) {
    const target = isAlias(s) ? s.resolve(doc) : s;
    const found = isMap(target) ? findPair(doc, target, key, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Collects problems against one source file; the single place SourceProblems are built. */
export class ProblemSink {
  constructor(
    readonly src: SourceFile,
    readonly problems: SourceProblem[],
    /** Legal but discouraged (Ansible warns too); printed, never fatal. */
    readonly warnings: SourceProblem[] = [],
  ) {}
  warn(path: readonly PathSeg[], message: string): void {
    const { line, col } = locate(this.src, path);
    this.warnings.push({ file: this.src.file, line, col, path: formatPath(path), message });
  }
  add(path: readonly PathSeg[], message: string, opts: { key?: boolean } = {}): void {
    const { line, col } = locate(this.src, path, opts.key);
    this.problems.push({ file: this.src.file, line, col, path: formatPath(path), message });
  }
}

export function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));
}
