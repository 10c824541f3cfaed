import { dirname, resolve } from 'node:path';
import type { SourceProblem } from '../core/errors.ts';
import type { Host } from '../core/host.ts';
import type { ModuleCatalog } from '../config/module-catalog.ts';
import { collectPlaybook, type Playbook } from '../config/playbook.ts';
import { sortProblems } from '../config/source.ts';
import { templateSrcProblems } from '../config/template-src.ts';
import { addConnectionChecks } from './connection-checks.ts';
import { collectInventory } from './load.ts';
import type { Inventory } from './model.ts';
import { matchPattern } from './patterns.ts';
import { dedupe, resolveHost } from './resolve.ts';
import { redactProblems } from './secrets.ts';
import { checkVarTemplates } from './var-templates.ts';

export interface ProjectCheck {
  problems: SourceProblem[];
  inventory: Inventory;
  hosts: Host[];
  playbook?: Playbook;
}

/**
 * Everything `tsprov validate` checks, collected rather than thrown: inventory files (with the
 * group_vars/ and host_vars/ beside the playbook), every host's resolved connection, the
 * templates in every var, the playbook and its template files, and each play's `hosts:`
 * pattern against the inventory.
 */
export function checkProject(inventories: readonly string[], playbook: string | undefined, modules: ModuleCatalog, extraVars: readonly string[] = []): ProjectCheck {
  const problems: SourceProblem[] = [];
  const inventory = collectInventory(inventories, problems, extraVars, playbook === undefined ? undefined : dirname(resolve(playbook)));
  addConnectionChecks(inventory, problems);
  const hosts = inventory.hosts.map((h) => resolveHost(inventory, h, problems));
  checkVarTemplates(inventory, hosts, problems);
  let book: Playbook | undefined;
  if (playbook !== undefined) {
    book = collectPlaybook(playbook, modules, problems);
    problems.push(...templateSrcProblems(book));
    for (const play of book.plays) {
      for (const error of matchPattern(inventory, play.hosts).errors) {
        const { file, line, col, path } = play.hostsAt;
        problems.push({ file, line, col, path, message: `host pattern: ${error}` });
      }
    }
  }
  return { problems: sortProblems(redactProblems(inventory, dedupe(problems))), inventory, hosts, playbook: book };
}
