import { LineCounter, parseDocument } from 'yaml';
import { TsprovError, type SourceProblem } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { isSecretName, MASK } from '../core/secrets.ts';
import { escapeControls } from '../core/show-path.ts';
import { describe } from '../config/schema-check.ts';
import { shlexSplit } from '../config/shlex.ts';
import { loadYamlFile, parseYamlText, pathKey, ProblemSink, type PositionIndex, type SourceFile } from '../config/source.ts';
import { asConnectionInteger } from './ansible-vars.ts';
import type { VarLayer } from './model.ts';
import { checkVars, isObj, mergeLayer } from './walk.ts';

/**
 * `-e/--extra-vars` as ansible-playbook reads them (utils/vars.py load_extra_vars): `@FILE` is a
 * YAML/JSON file, text starting with `{` or `[` is YAML, anything else `k=v` words. Unlike
 * Ansible, text that is not all `k=v` words but reads as a YAML mapping (`a: [1,2]`) is taken
 * as YAML: Ansible would turn it into a `_raw_params` var nobody reads.
 * The vars are checked by the same rules as inventory vars, where they are written.
 */

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const usage = (message: string): TsprovError => new TsprovError('E_USAGE', message, ExitCode.usage);

/**
 * The label problems in an inline -e carry instead of a file name. Not the text itself (as
 * `-i h1,h2,` lists are named): the text may hold a secret value.
 */
const label = (n: number): string => `-e #${n}`;

/** A word safe to print: a secret-named key's value is masked. */
function shownWord(word: string): string {
  const eq = word.indexOf('=');
  const key = eq < 0 ? word : word.slice(0, eq);
  return JSON.stringify(escapeControls(isSecretName(key) && eq >= 0 ? `${key}=${MASK}` : word));
}

/** `k=v k2=v2` as one source whose positions point at each key and value within the argument. */
function kvSource(file: string, text: string, words: { text: string; start: number; valueStart?: number }[]): SourceFile {
  const lines = new LineCounter();
  lines.addNewLine(0);
  const index: PositionIndex = new Map();
  const data: Record<string, unknown> = {};
  for (const w of words) {
    const eq = w.text.indexOf('=');
    const key = w.text.slice(0, eq);
    if (!IDENT.test(key)) throw usage(`-e ${shownWord(w.text)}: ${JSON.stringify(escapeControls(key))} is not a var name (letters, digits and _, not starting with a digit)`);
    // Values stay text, as Ansible's parse_kv leaves them (`-e site=22` is the string "22"),
    // except digits for an integer connection var (ansible_port=22): Ansible's connection
    // plugin converts those when it reads them, so they are the number here.
    data[key] = asConnectionInteger(key, w.text.slice(eq + 1));
    index.set(pathKey([key]), { key: w.start, value: w.valueStart ?? w.start });
  }
  return { file, doc: parseDocument(''), lines, data, index, text };
}

/** One -e argument as a parsed source, or undefined when it was unreadable (a problem says so). */
function sourceOf(arg: string, n: number, problems: SourceProblem[]): SourceFile | undefined {
  if (arg.startsWith('@')) return loadYamlFile(arg.slice(1), problems, { ansible: true });
  if (arg.startsWith('/') || arg.startsWith('.')) throw usage(`-e ${JSON.stringify(escapeControls(arg))}: to read vars from a file, put @ before its name: -e @${escapeControls(arg)}`);
  if (arg.startsWith('{') || arg.startsWith('[')) return parseYamlText(label(n), arg, problems, { ansible: true });
  const split = shlexSplit(arg, { comments: false });
  if (!split.ok) throw usage(`-e #${n}: cannot split into k=v words: ${split.message} (at character ${split.at + 1})`);
  const bad = split.tokens.findIndex((t) => !t.text.includes('=') || t.text.startsWith('='));
  if (bad < 0) return kvSource(label(n), arg, split.tokens);
  const yamlProblems: SourceProblem[] = [];
  const yaml = parseYamlText(label(n), arg, yamlProblems, { ansible: true });
  if (yamlProblems.length === 0 && isObj(yaml.data)) return yaml;
  throw wordError(split.tokens.map((t) => t.text), bad, n);
}

/**
 * The first word that is not NAME=VALUE. Echoed only when it cannot be part of a secret: a word
 * with no name (`=hunter2`, from `-e "$NAME=$PW"` with NAME unset) is all value, and a word after
 * a secret-named key may be the rest of an unquoted password with a space.
 */
function wordError(words: string[], i: number, n: number): TsprovError {
  const which = words.length > 1 ? `-e #${n}, word ${i + 1}` : `-e #${n}`;
  const word = words[i]!;
  if (word.startsWith('=')) return usage(`${which}: a k=v word needs a var name before "=" (write NAME=VALUE; the value is not shown, it may be a secret)`);
  const prev = i > 0 ? words[i - 1]!.slice(0, Math.max(0, words[i - 1]!.indexOf('='))) : '';
  if (prev && isSecretName(prev)) {
    return usage(`${which}: not a k=v word, and it follows the secret ${prev}= (not shown): if the value holds a space, quote it: -e "${prev}='…'"`);
  }
  return usage(`-e ${shownWord(word)}: not a k=v word (give k=v words, a YAML or JSON mapping, or @FILE)`);
}

/**
 * Every -e argument, in order, merged into one layer (later ones win key by key, as Ansible's
 * combine_vars). Problems go to `problems`; each parsed source is added to `sources` so later
 * checks can point into it.
 */
export function loadExtraVars(args: readonly string[], problems: SourceProblem[], sources: SourceFile[]): VarLayer {
  const layer: VarLayer = { vars: {}, origins: {} };
  args.forEach((arg, i) => {
    // Ansible skips an empty -e.
    if (arg === '') return;
    const before = problems.length;
    const src = sourceOf(arg, i + 1, problems);
    // Unreadable or broken YAML: its problems say where; there is no value to check.
    if (!src || problems.length > before) return;
    sources.push(src);
    const sink = new ProblemSink(src, problems);
    if (!isObj(src.data)) {
      return sink.add([], `extra vars must be a mapping of var names to values; got ${describe(src.data)}`);
    }
    checkVars(src.data, [], sink);
    mergeLayer(layer, src.data, src.file, []);
  });
  return layer;
}
