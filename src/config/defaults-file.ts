import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { cfgGet, parseCfg, type CfgEntry } from './cfg-ini.ts';
import { ANSIBLE_CHECKED, CONFIG_KEYS, KNOWN_KEYS, type ConfigKey, type ConfigSettings } from './defaults-keys.ts';
import type { PathEnv } from './defaults-values.ts';
import { readRegularFile } from './read-file.ts';
import { locate, parseYamlText } from './source.ts';

/**
 * The defaults file, parsed and checked: tsprov's own (`tsprov.cfg`, INI with one `[defaults]`
 * section, or `tsprov.yml`, a flat YAML mapping), where an unknown key is an error; or an
 * existing ansible.cfg, where tsprov reads the keys that mean the same and lists the others as
 * ignored. A value of the wrong type is an error at its line in both. Pure but for the read.
 */

export type ConfigFormat = 'tsprov-ini' | 'tsprov-yaml' | 'ansible';

export interface ConfigFile {
  file: string;
  format: ConfigFormat;
  settings: ConfigSettings;
  /** ansible.cfg keys tsprov does not use, as `section.key`, in file order. */
  ignored: string[];
}

/** What a defaults file's paths are resolved with; its own directory is the base. */
export type LoadEnv = Omit<PathEnv, 'baseDir'>;

interface RawValue {
  key: string;
  path: string;
  value: string | string[];
  line: number;
  col: number;
}

function convertInto(settings: ConfigSettings, key: ConfigKey, raw: RawValue, p: PathEnv, own: boolean, problems: SourceProblem[], file: string): void {
  const r = CONFIG_KEYS[key].convert(raw.value, p, own);
  if (!r.ok) problems.push({ file, line: raw.line, col: raw.col, path: raw.path, message: `${key} ${r.message}` });
  else if (r.value !== undefined) (settings as Record<string, unknown>)[key] = { value: r.value, line: raw.line, col: raw.col, path: raw.path };
}

const unknownKey = (key: string): string => `unknown key ${JSON.stringify(key)}; known keys: ${KNOWN_KEYS.join(', ')}`;
const isKnown = (key: string): key is ConfigKey => Object.hasOwn(CONFIG_KEYS, key);
const raw = (e: CfgEntry): RawValue => ({ key: e.key, path: `${e.section}.${e.key}`, value: e.value, line: e.line, col: e.col });

function fromOwnIni(file: string, text: string, p: PathEnv, problems: SourceProblem[]): ConfigSettings {
  const settings: ConfigSettings = {};
  for (const e of parseCfg(file, text, problems).entries) {
    if (e.section !== 'defaults') problems.push({ file, line: e.line, col: 1, path: e.section, message: `section [${e.section}]: tsprov.cfg has only a [defaults] section` });
    else if (!isKnown(e.key)) problems.push({ file, line: e.line, col: 1, path: `defaults.${e.key}`, message: unknownKey(e.key) });
    else convertInto(settings, e.key, raw(e), p, true, problems, file);
  }
  return settings;
}

function fromOwnYaml(file: string, text: string, p: PathEnv, problems: SourceProblem[]): ConfigSettings {
  const settings: ConfigSettings = {};
  const before = problems.length;
  const src = parseYamlText(file, text, problems);
  if (problems.length > before || src.data === undefined || src.data === null) return settings;
  const root = src.doc.contents;
  if (!isMap(root)) {
    problems.push({ file, ...locate(src, []), path: '', message: 'a tsprov.yml is a mapping of settings (forks: 5, remote_user: ops, …)' });
    return settings;
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const at = locate(src, [key]);
    if (!isKnown(key)) {
      problems.push({ file, ...locate(src, [key], true), path: key, message: unknownKey(key) });
      continue;
    }
    const v = pair.value;
    let value: string | string[] | undefined;
    if (isScalar(v) && v.value !== null && typeof v.value !== 'object') value = String(v.value);
    else if (isSeq(v) && v.items.every((i) => isScalar(i) && i.value !== null && typeof i.value !== 'object')) value = v.items.map((i) => String((i as { value: unknown }).value));
    const empty = v === null || (isScalar(v) && v.value === null);
    if (value === undefined) problems.push({ file, ...(empty ? locate(src, [key], true) : at), path: key, message: `${key} expects ${CONFIG_KEYS[key].expects}, got ${empty ? 'nothing' : 'a mapping or nested list'}` });
    else convertInto(settings, key, { key, path: key, value, line: at.line, col: at.col }, p, true, problems, file);
  }
  return settings;
}

function fromAnsible(file: string, text: string, p: PathEnv, problems: SourceProblem[]): { settings: ConfigSettings; ignored: string[] } {
  const cfg = parseCfg(file, text, problems);
  const used = new Set<CfgEntry>();
  const settings: ConfigSettings = {};
  for (const key of KNOWN_KEYS) {
    let last: CfgEntry | undefined;
    for (const [section, k] of CONFIG_KEYS[key].ansible ?? []) {
      const e = cfgGet(cfg, section, k);
      if (e) used.add(e);
      last = e ?? last;
    }
    if (last) convertInto(settings, key, raw(last), p, false, problems, file);
  }
  for (const c of ANSIBLE_CHECKED) {
    const e = cfgGet(cfg, c.section, c.key);
    if (!e) continue;
    used.add(e);
    const wrong = c.check(e.value);
    if (wrong) problems.push({ file, line: e.line, col: e.col, path: `${e.section}.${e.key}`, message: `${c.key} ${wrong}` });
  }
  return { settings, ignored: cfg.entries.filter((e) => !used.has(e)).map((e) => `${e.section}.${e.key}`) };
}

/** Parses a defaults file's text; every problem found is returned, none thrown. */
export function parseConfigText(file: string, text: string, format: ConfigFormat, env: LoadEnv): { config: ConfigFile; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const p: PathEnv = { ...env, baseDir: dirname(resolve(env.cwd, file)) };
  if (format === 'ansible') {
    const { settings, ignored } = fromAnsible(file, text, p, problems);
    return { config: { file, format, settings, ignored }, problems };
  }
  const settings = format === 'tsprov-yaml' ? fromOwnYaml(file, text, p, problems) : fromOwnIni(file, text, p, problems);
  return { config: { file, format, settings, ignored: [] }, problems };
}

/** Reads and parses a defaults file; any problem is a ConfigError (exit 1), all of them listed. */
export function loadConfigFile(file: string, format: ConfigFormat, env: LoadEnv): ConfigFile {
  const read = readRegularFile(file);
  if (!read.ok) throw new ConfigError([{ file, line: 1, col: 1, path: '', message: read.message }]);
  const { config, problems } = parseConfigText(file, read.text, format, env);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
