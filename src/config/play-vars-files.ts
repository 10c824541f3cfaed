/**
 * A play's `vars_files`, read as ansible-core 2.14 reads them: paths relative to the playbook's
 * directory, each entry a file or a list of candidates of which the first that exists is used,
 * files merged in order (later win), all of them above the play's `vars`. Read at load time, so
 * a missing file or a YAML error is a validate problem with its file and line.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { SourceProblem } from '../core/errors.ts';
import { describe } from './schema-check.ts';
import { loadYamlFile, type PathSeg, type ProblemSink } from './source.ts';

type Obj = Record<string, unknown>;

function resolvePath(p: string, base: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : join(base, p);
}

/** One vars file's mapping, or undefined with its problems recorded (positions in that file). */
function readVarsFile(file: string, problems: SourceProblem[]): Obj | undefined {
  const src = loadYamlFile(file, problems, { ansible: true });
  if (!src || src.data === undefined || src.data === null) return src ? {} : undefined;
  if (typeof src.data !== 'object' || Array.isArray(src.data)) {
    problems.push({ file, line: 1, col: 1, path: '', message: `a vars file must hold a mapping of var names to values; got ${describe(src.data)}` });
    return undefined;
  }
  return src.data as Obj;
}

/** The merged vars of `vars_files` (problems to the sink for entries, to `problems` for file contents). */
export function loadVarsFiles(raw: unknown, path: PathSeg[], sink: ProblemSink, problems: SourceProblem[]): Obj {
  const entries = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  const base = dirname(sink.src.file);
  const out: Obj = {};
  entries.forEach((entry, i) => {
    const at = typeof raw === 'string' ? path : [...path, i];
    const candidates = (Array.isArray(entry) ? entry : [entry]).filter((c): c is string => typeof c === 'string');
    const templated = candidates.find((c) => c.includes('{{'));
    if (templated !== undefined) {
      sink.add(at, `a templated vars_files path (${JSON.stringify(templated)}) is not supported (yet): it would name a different file per host; list the file, or put per-host vars in host_vars/`);
      return;
    }
    const found = candidates.map((c) => resolvePath(c, base)).find((f) => existsSync(f));
    if (!found) {
      const tried = candidates.map((c) => resolvePath(c, base)).join(', ');
      sink.add(at, candidates.length > 1 ? `none of these vars files exists: ${tried}` : `vars file not found: ${tried} (paths are relative to the playbook's directory)`);
      return;
    }
    const vars = readVarsFile(found, problems);
    if (vars) Object.assign(out, vars);
  });
  return out;
}
