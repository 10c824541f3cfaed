import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TsprovError } from '../../core/errors.ts';
import { ExitCode } from '../../core/exit-codes.ts';
import { mergeReports } from '../../report/merge.ts';
import { action, type CliContext } from '../context.ts';
import { parseReports, reportOption, writeReports } from '../report-flags.ts';

const FORMATS = ['json'] as const;

function readReport(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TsprovError('E_USAGE', `report merge: cannot read ${file}: ${(e as Error).message}`, ExitCode.usage);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TsprovError('E_USAGE', `report merge: ${file} is not JSON: ${(e as Error).message}`, ExitCode.usage);
  }
}

export function registerReport(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('work with JSON reports written by --report json=PATH');
  report
    .command('merge')
    .description('merge the JSON reports of one sharded run (every shard with the same --run-id) into one report; exits with the worst shard\'s exit code')
    .argument('<reports...>', 'JSON reports (tsprov.report/v1 or tsprov.drift/v1)')
    .addOption(reportOption(FORMATS))
    .action(
      action(ctx, async (files: string[], flags: { report?: string[] }) => {
        const reports = parseReports('report merge', FORMATS, flags.report ?? []);
        let merged: Record<string, unknown>;
        try {
          merged = mergeReports(files.map((file) => ({ file, report: readReport(file) })));
        } catch (e) {
          if (e instanceof TsprovError) throw e;
          throw new TsprovError('E_USAGE', `report merge: ${(e as Error).message}`, ExitCode.usage);
        }
        const json = JSON.stringify(merged, null, 2) + '\n';
        const toStdout = writeReports(reports, () => json);
        if (reports.length === 0) ctx.out(json.trimEnd());
        else if (toStdout !== undefined) ctx.out(toStdout.trimEnd());
        const missing = (merged.merged as { missing?: number[] }).missing ?? [];
        if (missing.length) ctx.err(`warning: shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${(merged.merged as { shards: number }).shards} not among the reports: their hosts are not in the merged report`);
        return merged.exitCode as ExitCode;
      }),
    );
}
