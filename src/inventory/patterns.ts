import { TsprovError } from '../core/errors.ts';
import type { Inventory } from './model.ts';

/**
 * Ansible host patterns: `all`/`*`, host or group names, globs (`*`, `?`), regexes (`~re`),
 * joined by `,` or, when the pattern has no comma, by `:` (Ansible's split, so a regex may hold
 * a colon in a comma-separated pattern).
 * `a:b` union, `a:&b` intersection, `a:!b` exclusion; unions first, then intersections, then
 * exclusions (Ansible's order, whatever the order written). Results keep inventory order.
 */
export interface PatternResult {
  hosts: string[];
  /** Human-readable problems: syntax, or a term that matches nothing (almost always a typo). */
  errors: string[];
}

function globToRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** `~re` matches like Python's re.match, as in Ansible: anchored at the start only. */
function termMatcher(term: string): (name: string) => boolean {
  if (term.startsWith('~')) {
    const re = new RegExp(term.slice(1), 'y');
    return (name) => {
      re.lastIndex = 0;
      return re.test(name);
    };
  }
  if (/[*?]/.test(term)) {
    const re = globToRegex(term);
    return (name) => re.test(name);
  }
  return (name) => name === term;
}

function matchTerm(inv: Inventory, term: string): Set<string> {
  if (term === 'all' || term === '*') return new Set(inv.hosts);
  const out = new Set<string>();
  const hit = termMatcher(term);
  // A group selects its hosts and those of its descendants (groupsOf's ancestry read downwards).
  // `expanded` is shared by all matching groups, so each group's hosts are added at most once.
  const expanded = new Set<string>();
  const expand = (name: string): void => {
    if (expanded.has(name)) return;
    expanded.add(name);
    const g = inv.groups.get(name);
    if (!g) return;
    for (const h of g.hosts) out.add(h);
    for (const c of g.children) expand(c);
  };
  for (const g of inv.groups.values()) {
    if (!hit(g.name)) continue;
    // groupsOf puts every host in `all`, whatever its group links say.
    if (g.name === 'all') return new Set(inv.hosts);
    expand(g.name);
  }
  for (const h of inv.hosts) if (hit(h)) out.add(h);
  return out;
}

export function matchPattern(inv: Inventory, pattern: string): PatternResult {
  const errors: string[] = [];
  const text = pattern.trim();
  if (text === '') return { hosts: [], errors: ['empty host pattern'] };
  const union = new Set<string>();
  const intersections: Set<string>[] = [];
  const exclusions: Set<string>[] = [];
  let sawUnion = false;
  for (const raw of text.split(text.includes(',') ? ',' : ':')) {
    const part = raw.trim();
    const op = part[0] === '&' || part[0] === '!' ? part[0] : '';
    const term = part.slice(op.length).trim();
    if (term === '') {
      errors.push(`empty term in host pattern ${JSON.stringify(pattern)}`);
      continue;
    }
    if (term.startsWith('~')) {
      try {
        new RegExp(term.slice(1));
      } catch (e) {
        errors.push(`invalid regex ${JSON.stringify(term)} in host pattern: ${(e as Error).message}`);
        continue;
      }
    } else if (!/^[A-Za-z0-9_.@*?\[\]-]+$/.test(term)) {
      errors.push(`invalid term ${JSON.stringify(term)} in host pattern (names, groups, globs with * ?, or ~regex)`);
      continue;
    }
    const hosts = matchTerm(inv, term);
    if (hosts.size === 0) errors.push(`${JSON.stringify(term)} matches no host or group in the inventory`);
    if (op === '&') intersections.push(hosts);
    else if (op === '!') exclusions.push(hosts);
    else {
      sawUnion = true;
      for (const h of hosts) union.add(h);
    }
  }
  // `!b` alone means "everything except b", as in Ansible.
  const base = sawUnion ? union : new Set(inv.hosts);
  const hosts = inv.hosts.filter((h) => base.has(h) && intersections.every((s) => s.has(h)) && !exclusions.some((s) => s.has(h)));
  return { hosts, errors };
}

/** Host names selected by `pattern`, in inventory order; throws on a bad pattern. */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  const r = matchPattern(inv, pattern);
  if (r.errors.length) throw new TsprovError('E_PATTERN', `host pattern ${JSON.stringify(pattern)}: ${r.errors.join('; ')}`);
  return r.hosts;
}
