/**
 * A `template` task's `src` file: where it is read from (one rule, for `run` and `validate`), and
 * `validate`'s check of it — the file exists and is UTF-8 text, and its template parses as the
 * module renders it (Jinja's string escapes apply in a file), every problem at the file's own
 * line:col. A `src` that holds `{{ }}` is refused: the file is read on the controller, once for
 * every host, before any host's vars exist.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { SourceProblem } from '../core/errors.ts';
import { showPath } from '../core/show-path.ts';
import { checkTemplate, hasTemplate, lineCol } from '../template/index.ts';
import type { Playbook, Task } from './playbook.ts';
import { readRegularFile } from './read-file.ts';

/** The file a template task's `src` names: relative to the playbook's directory, as in Ansible without roles. */
export function templateSrcPath(playbookFile: string, src: string): string {
  return resolve(dirname(resolve(playbookFile)), src);
}

/** The src as a message shows it: beside the playbook as the user named it, so it can be opened from there. */
const shownSrc = (playbookFile: string, src: string): string => (isAbsolute(src) ? src : join(dirname(playbookFile), src));

/** Problems with every template task's src file (missing, unreadable, a template that does not parse). */
export function templateSrcProblems(book: Playbook): SourceProblem[] {
  const out: SourceProblem[] = [];
  const checked = new Set<string>();
  book.plays.forEach((play, i) => {
    for (const list of ['tasks', 'handlers'] as const) {
      play[list].forEach((t: Task, j) => {
        const src = t.args.src;
        if (t.module !== 'template' || typeof src !== 'string') return;
        const at = { file: t.at.file, ...(t.argsAt?.src ?? t.at), path: `[${i}].${list}[${j}].template.src` };
        const task = `task ${JSON.stringify(t.name ?? t.module)} at ${showPath(t.at.file)}:${at.line}`;
        if (hasTemplate(src)) {
          out.push({ ...at, message: `src ${JSON.stringify(src)} uses {{ }}: tsprov reads a template's src on the controller before any host's vars exist, so it must be a path as written (use one task per file, with when:)` });
          return;
        }
        const file = templateSrcPath(book.file, src);
        if (checked.has(file)) return;
        checked.add(file);
        const read = readRegularFile(file);
        if (!read.ok) return void out.push({ ...at, message: `template src ${showPath(file)}: ${read.message}` });
        const e = checkTemplate(read.text, { file: true });
        if (e) out.push({ file: shownSrc(book.file, src), ...lineCol(read.text, e.offset), path: '', message: `${e.message} (the src of ${task})` });
      });
    }
  });
  return out;
}
