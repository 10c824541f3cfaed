import type { SourceProblem } from '../core/errors.ts';

/**
 * ansible.cfg as Python's configparser reads it for Ansible (ansible-core 2.14 builds
 * `ConfigParser(inline_comment_prefixes=(';',))` and reads values raw): `[section]` headers,
 * `key = value` or `key: value` (the first `=` or `:` splits), keys lower-cased, full-line
 * comments starting `#` or `;`, an inline comment only after `;` preceded by whitespace (a `#`
 * after a value is part of it), indented lines continuing the value above, `[DEFAULT]` keys
 * seen in every section. What configparser refuses (a key before any section, a line with no
 * delimiter, a duplicate section or key) is a positioned problem here too. Pure.
 */

export interface CfgEntry {
  section: string;
  key: string;
  value: string;
  line: number;
  /** Column of the value's first character (of the key when the value is empty). */
  col: number;
}

export interface CfgText {
  /** Every key in file order, `[DEFAULT]` ones under section "DEFAULT". */
  entries: CfgEntry[];
}

const SECTION = /^\[(.+)\]/u;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/su;

/** Where an inline `;` comment starts: only at the line start or after whitespace. */
function inlineComment(line: string): number | undefined {
  for (let i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) if (i === 0 || /\s/u.test(line[i - 1]!)) return i;
  return undefined;
}

export function parseCfg(file: string, text: string, problems: SourceProblem[]): CfgText {
  const entries: CfgEntry[] = [];
  const seen = new Set<string>();
  let section: string | undefined;
  let current: { entry: CfgEntry; parts: string[] } | undefined;
  let indent = Infinity;
  const finish = (): void => {
    if (current) current.entry.value = current.parts.join('\n').trimEnd();
    current = undefined;
  };
  const problem = (line: number, col: number, path: string, message: string): void => {
    problems.push({ file, line, col, path, message });
  };
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\n|\r/u);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    let cut = inlineComment(raw);
    if (/^\s*[#;]/u.test(raw)) cut = 0;
    const value = raw.slice(0, cut).trim();
    if (!value) {
      // configparser keeps an empty line inside a value (trailing ones are trimmed at the end).
      if (cut === undefined && current) current.parts.push('');
      return;
    }
    const lead = raw.length - raw.trimStart().length;
    if (current && lead > indent) {
      current.parts.push(value);
      return;
    }
    indent = lead;
    const sec = SECTION.exec(value);
    if (sec) {
      finish();
      const name = sec[1]!;
      if (name !== 'DEFAULT' && seen.has(`[${name}]`)) problem(lineNo, lead + 1, name, `section [${name}] appears twice (configparser, and so Ansible, refuses this)`);
      seen.add(`[${name}]`);
      section = name;
      return;
    }
    if (section === undefined) {
      problem(lineNo, lead + 1, '', 'a key before any [section] header (an ansible.cfg starts with e.g. [defaults])');
      return;
    }
    const opt = OPTION.exec(value);
    if (!opt || !opt[1]) {
      finish();
      problem(lineNo, lead + 1, section, `expected "key = value" (or "key: value"), got ${JSON.stringify(value)}`);
      return;
    }
    finish();
    const key = opt[1].trimEnd().toLowerCase();
    const id = `${section}\u0000${key}`;
    if (seen.has(id)) problem(lineNo, lead + 1, `${section}.${key}`, `key ${key} appears twice in [${section}] (configparser, and so Ansible, refuses this)`);
    seen.add(id);
    const valueCol = opt[3] ? lead + value.length - opt[3].length + 1 : lead + 1;
    const entry: CfgEntry = { section, key, value: opt[3]!, line: lineNo, col: valueCol };
    entries.push(entry);
    current = { entry, parts: [opt[3]!] };
  });
  finish();
  return { entries };
}

/** The entry for `key` in `section`, else in `[DEFAULT]` (configparser's fallback). */
export function cfgGet(cfg: CfgText, section: string, key: string): CfgEntry | undefined {
  return cfg.entries.find((e) => e.section === section && e.key === key) ?? cfg.entries.find((e) => e.section === 'DEFAULT' && e.key === key);
}
