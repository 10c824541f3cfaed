import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { isAnsibleKeyword, unsupportedKeyword } from './ansible-keywords.ts';
import type { ModuleCatalog } from './module-catalog.ts';
import { PLAY_SCHEMA, TASK_KEYS, TASK_SCHEMA } from './playbook-schema.ts';
import { checkSchema, describe, suggest } from './schema-check.ts';
import { loadYamlFile, locate, ProblemSink, sortProblems, type PathSeg } from './source.ts';
import { loadVarsFiles } from './play-vars-files.ts';
import { checkConditions, parseTaskKeywords, type TaskKeywords } from './task-keywords.ts';
import { checkRegisterReads, handlerFlushWarnings } from './task-order.ts';
import { checkArgsAsWritten, templatedPaths } from './template-args.ts';

export interface Task extends TaskKeywords {
  name?: string;
  module: string;
  args: Record<string, unknown>;
  notify: string[];
  when?: string | boolean | (string | boolean)[];
  tags: string[];
  check_mode?: boolean;
  changed_when?: string | boolean | (string | boolean)[];
  /** Where the task starts, for reports. */
  at: { file: string; line: number; col: number };
  /** Where each `{{ }}` arg is written (path relative to the args), to place plan-time errors. */
  templates?: { path: PathSeg[]; line: number; col: number }[];
  /** The play section it came from; pre_tasks, tasks and post_tasks run in that order. */
  section?: 'pre_tasks' | 'tasks' | 'post_tasks';
  /** Its path in the playbook, to place load-time checks that span tasks. */
  path?: PathSeg[];
  /** Where each top-level arg is written, for problems found later (a template task's src file). */
  argsAt?: Record<string, { line: number; col: number }>;
}

export interface Play {
  name?: string;
  /** Host pattern; a YAML list is joined with `:` (union). */
  hosts: string;
  /** `hosts:` as written (a string is one pattern), for --list-hosts's `pattern: [...]`. */
  hostsAsWritten?: string[];
  vars: Record<string, unknown>;
  serial?: number | string | (number | string)[];
  max_fail_percentage?: number;
  /** A failed host stops the play: no host starts after it (running ones finish, confirmed or rolled back). */
  any_errors_fatal?: boolean;
  gather_facts?: boolean;
  tasks: Task[];
  handlers: Task[];
  at: { file: string; line: number; col: number };
  /** Where `hosts:` is written, to locate pattern errors found later against an inventory. */
  hostsAt: { file: string; line: number; col: number; path: string };
}

export interface Playbook {
  file: string;
  plays: Play[];
  /** Legal but discouraged forms (a `when` wrapped in `{{ }}`), printed by validate and run. */
  warnings: SourceProblem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function parseTask(raw: unknown, path: PathSeg[], sink: ProblemSink, modules: ModuleCatalog, handler: boolean): Task | undefined {
  if (!isObj(raw)) return void sink.add(path, `a task must be a mapping with one module key; got ${describe(raw)}`);
  checkSchema(TASK_SCHEMA, raw, path, sink);
  const own = Object.keys(raw).filter((k) => !(TASK_KEYS as readonly string[]).includes(k));
  // An Ansible keyword is not a misspelt module: say what it is (`block`, `loop`, `register`…).
  const keywords = own.filter((k) => !Object.hasOwn(modules, k) && isAnsibleKeyword(k, 'task'));
  for (const k of keywords) sink.add([...path, k], unsupportedKeyword(k, 'task'), { key: true });
  const moduleKeys = own.filter((k) => !keywords.includes(k));
  const known = Object.keys(modules).sort();
  if (moduleKeys.length === 0) return keywords.length ? undefined : void sink.add(path, `task has no module; add exactly one of: ${known.join(', ')}`);
  let bad = false;
  for (const k of moduleKeys.slice(1)) {
    bad = true;
    sink.add([...path, k], `task already uses module ${moduleKeys[0]}; a task runs exactly one module (or "${k}" is an unknown task key)`, { key: true });
  }
  const module = moduleKeys[0]!;
  const spec = modules[module];
  if (!spec) return void sink.add([...path, module], `unknown module "${module}"${suggest(module, known).replace(/^; /, ' (').replace(/\?$/, '?)')}; known modules: ${known.join(', ')}`, { key: true });
  let args: unknown = raw[module] ?? {};
  // A list is free form only for an argv module: `command: [touch, "{{ f }}"]`.
  if (spec.freeForm && (typeof args === 'string' || (Array.isArray(args) && spec.words?.includes(spec.freeForm)))) args = { [spec.freeForm]: args };
  checkArgsAsWritten(spec, args, [...path, module], sink);
  checkConditions(raw, 'when', path, sink);
  const kw = parseTaskKeywords(raw, path, sink, handler);
  if (bad || keywords.length) return undefined;
  const { line, col } = locate(sink.src, path);
  const task: Task = { module, args: isObj(args) ? args : {}, notify: list(raw.notify), tags: list(raw.tags), at: { file: sink.src.file, line, col }, path, ...kw };
  const templates = templatedPaths(task.args).map((p) => ({ path: p, ...locate(sink.src, [...path, module, ...p]) }));
  if (templates.length > 0) task.templates = templates;
  if (isObj(args)) task.argsAt = Object.fromEntries(Object.keys(args).map((k) => [k, locate(sink.src, [...path, module, k])]));
  for (const k of ['name', 'when', 'check_mode', 'changed_when'] as const) if (raw[k] !== undefined) (task as unknown as Obj)[k] = raw[k];
  return task;
}

function parseTasks(raw: unknown, path: PathSeg[], sink: ProblemSink, modules: ModuleCatalog, section?: Task['section']): Task[] {
  if (!Array.isArray(raw)) return [];
  const tasks = raw.map((t, i) => parseTask(t, [...path, i], sink, modules, section === undefined)).filter((t): t is Task => !!t);
  if (section) for (const t of tasks) t.section = section;
  return tasks;
}

const SECTIONS = ['pre_tasks', 'tasks', 'post_tasks'] as const;

function parsePlay(raw: unknown, i: number, sink: ProblemSink, modules: ModuleCatalog, problems: SourceProblem[]): Play | undefined {
  const path = [i];
  if (!isObj(raw)) return void sink.add(path, `a play must be a mapping with hosts and tasks; got ${describe(raw)}`);
  const keywords = Object.keys(raw).filter((k) => !Object.hasOwn(PLAY_SCHEMA.properties, k) && isAnsibleKeyword(k, 'play'));
  for (const k of keywords) sink.add([...path, k], unsupportedKeyword(k, 'play'), { key: true });
  // An import_playbook entry stands for a play; its lack of hosts/tasks is no further news.
  if (keywords.includes('import_playbook')) return undefined;
  // The schema sees the play without them, so a keyword is not also an "unknown key".
  const ok = checkSchema(PLAY_SCHEMA, keywords.length ? Object.fromEntries(Object.entries(raw).filter(([k]) => !keywords.includes(k))) : raw, path, sink);
  for (const [j, s] of (Array.isArray(raw.serial) ? raw.serial : [raw.serial]).entries()) {
    if (typeof s === 'string' && !/^(100|[1-9]?\d)%$/.test(s)) {
      sink.add(Array.isArray(raw.serial) ? [...path, 'serial', j] : [...path, 'serial'], `must be a number of hosts or a percentage like "25%"; got ${JSON.stringify(s)}`);
    } else if (typeof s === 'number' && s < 1) sink.add(Array.isArray(raw.serial) ? [...path, 'serial', j] : [...path, 'serial'], `must be at least 1; got ${s}`);
  }
  const tasks = SECTIONS.flatMap((sec) => parseTasks(raw[sec], [...path, sec], sink, modules, sec));
  const handlers = parseTasks(raw.handlers, [...path, 'handlers'], sink, modules);
  checkRegisterReads(tasks, sink);
  handlerFlushWarnings(tasks, sink);
  const varsFiles = raw.vars_files === undefined || raw.vars_files === null ? {} : loadVarsFiles(raw.vars_files, [...path, 'vars_files'], sink, problems);
  // Names come from the raw handlers so a handler with a bad module is not also reported as missing.
  const names = new Set((Array.isArray(raw.handlers) ? raw.handlers : []).map((h: unknown) => (isObj(h) ? h.name : undefined)).filter((n): n is string => typeof n === 'string'));
  for (const sec of SECTIONS) {
    (Array.isArray(raw[sec]) ? (raw[sec] as unknown[]) : []).forEach((t: unknown, j: number) => {
      list(isObj(t) ? t.notify : undefined).forEach((n, k) => {
        if (names.has(n)) return;
        const where = Array.isArray((t as Obj).notify) ? [...path, sec, j, 'notify', k] : [...path, sec, j, 'notify'];
        const known = [...names].join(', ') || 'none defined';
        sink.add(where, `notifies handler "${n}" which this play does not define (handlers: ${known})`);
      });
    });
  }
  if (!ok) return undefined;
  const at = locate(sink.src, path);
  const hostsLoc = locate(sink.src, [...path, 'hosts']);
  const play: Play = {
    hosts: list(raw.hosts).join(':'),
    hostsAsWritten: list(raw.hosts),
    // vars_files beat the play's vars (Ansible's precedence, "play vars_files" over "play vars").
    vars: { ...(isObj(raw.vars) ? raw.vars : {}), ...varsFiles },
    tasks,
    handlers,
    at: { file: sink.src.file, ...at },
    hostsAt: { file: sink.src.file, ...hostsLoc, path: `[${i}].hosts` },
  };
  for (const k of ['name', 'serial', 'max_fail_percentage', 'any_errors_fatal', 'gather_facts'] as const) if (raw[k] !== undefined) (play as unknown as Obj)[k] = raw[k];
  return play;
}

/** Loads a playbook into `problems` (nothing thrown). */
export function collectPlaybook(file: string, modules: ModuleCatalog, problems: SourceProblem[]): Playbook {
  // As Ansible reads it (PyYAML, YAML 1.1): `ignore_errors: yes`, `gather_facts: no`, `<<` merges.
  const src = loadYamlFile(file, problems, { ansible: true });
  const book: Playbook = { file, plays: [], warnings: [] };
  if (!src || src.data === undefined) return book;
  const sink = new ProblemSink(src, problems, book.warnings);
  if (!Array.isArray(src.data)) {
    sink.add([], `a playbook must be a list of plays; got ${describe(src.data)}`);
    return book;
  }
  src.data.forEach((p, i) => {
    const play = parsePlay(p, i, sink, modules, problems);
    if (play) book.plays.push(play);
  });
  return book;
}

/** Loads and validates a playbook against the caller's module catalog; throws ConfigError with every problem. */
export function loadPlaybook(file: string, modules: ModuleCatalog): Playbook {
  const problems: SourceProblem[] = [];
  const book = collectPlaybook(file, modules, problems);
  if (problems.length) throw new ConfigError(sortProblems(problems));
  return book;
}
