import { escapeControls } from '../core/show-path.ts';
import { selected } from '../engine/plan-host.ts';
import type { LoadedRun } from './run-setup.ts';

/**
 * ansible-playbook's --list-hosts / --list-tasks / --list-tags / --syntax-check output
 * (lib/ansible/cli/playbook.py), line for line, from a loaded run: nothing here reaches a host.
 * Differences: hosts are in inventory order (Ansible prints a set, in no fixed order), and a
 * play has no tags of its own (tsprov plays take none), so its TAGS are always [].
 */

export interface ListingFlags {
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  syntaxCheck?: boolean;
}

export const wantsListing = (f: ListingFlags): boolean => !!(f.listHosts || f.listTasks || f.listTags || f.syntaxCheck);

/** Python's repr() of a str, as `%s` of a list shows it: single quotes unless it holds only `'`. */
function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + escapeControls(s.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)) + q;
}

/** The lines to print (each becomes one line of stdout); `playbook` is the path as given. */
export function listingLines(loaded: LoadedRun, playbook: string, f: ListingFlags, tags: string[], skipTags: string[]): string[] {
  const out = ['', `playbook: ${escapeControls(playbook)}`];
  // As Ansible: a syntax check lists no play, whatever else was asked.
  if (f.syntaxCheck) return out;
  loaded.plays.forEach(({ play, scopes }, i) => {
    const written = play.hostsAsWritten ?? [play.hosts];
    // Ansible names an unnamed play after its hosts (Play.get_name).
    const name = play.name ?? written.join(',');
    out.push('', `  play #${i + 1} (${escapeControls(written.join(','))}): ${escapeControls(name)}\tTAGS: []`);
    if (f.listHosts) {
      out.push(`    pattern: [${written.map(pyRepr).join(', ')}]`, `    hosts (${scopes.length}):`);
      for (const s of scopes) out.push(`      ${s.host.name}`);
    }
    if (!f.listTasks && !f.listTags) return;
    const listed = play.tasks.filter((t) => selected(t, tags, skipTags));
    if (f.listTasks) {
      out.push('    tasks:');
      for (const t of listed) out.push(`      ${escapeControls(t.name ?? t.module)}\tTAGS: [${[...new Set(t.tags)].sort().map(escapeControls).join(', ')}]`);
    }
    if (f.listTags) out.push(`      TASK TAGS: [${[...new Set(listed.flatMap((t) => t.tags))].sort().map(escapeControls).join(', ')}]`);
    // Ansible's task listing ends in a newline and display() adds one: a blank line.
    out.push('');
  });
  return out;
}
