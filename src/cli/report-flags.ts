import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Option } from 'commander';
import { TsprovError } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';

/** Every format some command writes; each command accepts its own subset. */
export const REPORT_FORMATS = ['json', 'markdown', 'junit', 'prometheus', 'text'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportSpec<F extends ReportFormat = ReportFormat> {
  format: F;
  /** A file, or `-` for stdout. */
  path: string;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The repeatable `--report FORMAT=PATH` option, its help naming what this command accepts. */
export function reportOption<F extends ReportFormat>(accepted: readonly F[]): Option {
  return new Option('--report <format=path>', `also write a report: ${accepted.map((f) => `${f}=PATH`).join(', ')}; PATH - is stdout, which then holds that report alone; repeatable`).argParser(collect);
}

/**
 * `--report FORMAT=PATH` specs, plus the older single-format aliases (`--report-json FILE`), checked
 * before any host is reached: a typo must not cost a fleet run whose report is then lost.
 */
export function parseReports<F extends ReportFormat>(command: string, accepted: readonly F[], specs: readonly string[], aliases: ReadonlyArray<ReportSpec<F>> = []): Array<ReportSpec<F>> {
  const parsed = specs.map((s): ReportSpec<F> => {
    const m = /^([a-z]+)=(.+)$/.exec(s);
    if (!m) throw usage(`--report expects FORMAT=PATH with FORMAT one of ${accepted.join(', ')} (e.g. --report ${accepted[0]}=-); got ${JSON.stringify(s)}`);
    const format = m[1]!;
    if (!(accepted as readonly string[]).includes(format)) {
      const why = (REPORT_FORMATS as readonly string[]).includes(format) ? `${command} writes no ${format} report` : `unknown report format ${JSON.stringify(format)}`;
      throw usage(`--report: ${why}; ${command} accepts ${accepted.join(', ')}`);
    }
    return { format: format as F, path: m[2]! };
  });
  const all = [...aliases, ...parsed];
  if (all.filter((r) => r.path === '-').length > 1) throw usage('--report: only one report can go to stdout (PATH -)');
  return all;
}

const usage = (message: string): TsprovError => new TsprovError('E_USAGE', message, ExitCode.usage);

/** Written beside the target and renamed over it: a reader (node_exporter, CI) never sees half a file. */
export function writeAtomic(path: string, text: string): void {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tsprov-tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new TsprovError('E_REPORT', `cannot write report ${path}: ${(e as Error).message}`, ExitCode.usage);
  }
}

/** Whether a report takes stdout: then every human line of the command goes to stderr instead. */
export const stdoutTaken = (reports: ReadonlyArray<ReportSpec>): boolean => reports.some((r) => r.path === '-');

/** Writes the file reports and returns the text of the one meant for stdout, if any (ending in one newline). */
export function writeReports<F extends ReportFormat>(reports: ReadonlyArray<ReportSpec<F>>, render: (format: F) => string): string | undefined {
  let toStdout: string | undefined;
  for (const r of reports) {
    const text = render(r.format);
    const whole = text.endsWith('\n') ? text : `${text}\n`;
    if (r.path === '-') toStdout = whole;
    else writeAtomic(r.path, whole);
  }
  return toStdout;
}
