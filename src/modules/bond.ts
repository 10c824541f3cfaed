import type { Backend, Bond } from '../config/bond-model.ts';
import { toBond } from '../config/bond-normalise.ts';
import type { Change, FileChange } from '../core/change.ts';
import { shJoin } from '../core/quote.ts';
import type { HostFacts } from '../facts/types.ts';
import { optionsNeedingDown, reloaderFor, renderers, type RenderEnv } from '../render/index.ts';
import { liveBond, liveMismatches } from './live-bond.ts';
import { emptyPlan, type HandlerModule, type PlanInput, type TaskModule, type TaskPlan } from './types.ts';

/** Backends whose bonds come up through ifupdown's ifenslave hooks, so they need the package. */
const NEEDS_IFENSLAVE: ReadonlySet<Backend> = new Set(['ifupdown', 'ifupdown-legacy']);

export function renderEnv(facts: HostFacts): RenderEnv {
  return {
    modutils: facts.modutils.present,
    ifenslaveCommand: facts.commands.ifenslave,
    maxBondsZero: facts.modprobe.maxBonds === 0,
  };
}

/** The pinned backend, else the detected one when tsprov can render it. */
export function chooseBackend(pinned: Backend | undefined, facts: HostFacts): Backend | undefined {
  if (pinned) return pinned;
  const d = facts.backend.detected;
  return d === 'unknown' ? undefined : d;
}

/** `verify_ping`: true = the bond's gateways; an address or a list = those. */
function pingTargets(arg: unknown, bond: Bond): string[] {
  if (arg === true) {
    const a = bond.addressing;
    return a.method === 'static' ? [a.gateway, a.gateway6].filter((g): g is string => typeof g === 'string') : [];
  }
  if (typeof arg === 'string') return [arg];
  return Array.isArray(arg) ? arg.map(String) : [];
}

function bondsOf(input: PlanInput): Bond[] {
  const raw = input.args.bonds;
  return Array.isArray(raw) ? raw.map((b) => toBond(b as Record<string, unknown>)) : input.ctx.bonds;
}

function fileChanges(files: Array<{ path: string; content: string | null; mode: string; reason: string }>, existing: Record<string, string | null>): FileChange[] {
  const out: FileChange[] = [];
  for (const f of files) {
    const before = existing[f.path] ?? null;
    if (before === f.content) continue;
    const change: FileChange = { kind: 'file', target: f.path, before, after: f.content, reason: f.reason };
    if (before === null) change.mode = f.mode;
    out.push(change);
  }
  return out;
}

/**
 * The whole how-to as one task: package, files, the reload to notify and what to verify.
 * Files that already match and a live bond that already matches give a no-op with its reason.
 */
function plan(input: PlanInput): TaskPlan {
  const { ctx } = input;
  const out = emptyPlan(input.task, 'bond');
  const declared = bondsOf(input);
  const bonds = declared.filter((b) => b.state !== 'absent');
  const absent = declared.filter((b) => b.state === 'absent').map((b) => releasing(b, ctx.facts));
  const backend = (input.args.backend as Backend | undefined) ?? ctx.backend;
  if (declared.length === 0) {
    out.noop = 'no bonds declared for this host';
    return out;
  }
  if (!backend) {
    throw new Error(`cannot tell which network backend ${ctx.host.name} uses (${ctx.facts.backend.evidence.join('; ') || 'no evidence'}); set var backend`);
  }
  const previous = Object.fromEntries(Object.entries(ctx.facts.bonds).map(([n, s]) => [n, liveBond(s)]));
  const rendered = renderers[backend]({ bonds, absent, existing: ctx.facts.files, env: renderEnv(ctx.facts), previous });
  out.notes.push(...rendered.notes);

  const changes: Change[] = [];
  const pkg = ctx.facts.packages.packages.ifenslave;
  if (NEEDS_IFENSLAVE.has(backend) && bonds.length > 0 && !pkg.installed && input.args.install_packages !== false) {
    const manager = ctx.facts.packages.manager === 'rpm' ? 'dnf' : 'apt';
    changes.push({ kind: 'package', target: 'ifenslave', before: 'absent', after: 'present', manager, reason: `${backend} brings bonds up through ifenslave's ifupdown hooks` });
  }
  const files = fileChanges(rendered.files, ctx.facts.files);
  changes.push(...files);
  if (files.length > 0) {
    for (const step of rendered.steps) changes.push({ kind: 'command', target: shJoin(step.command), before: null, after: null, reason: step.reason });
  }

  for (const bond of bonds) {
    const mismatch = liveMismatches(bond, ctx.facts.bonds[bond.name]);
    const filesChanged = files.length > 0;
    if (filesChanged || mismatch.length > 0) {
      out.reload.push(bond.name);
      if (!filesChanged) out.notes.push({ level: 'info', message: `${bond.name}: config files match but the live bond does not (${mismatch.join('; ')}): reload` });
      const down = optionsNeedingDown(previous[bond.name], bond);
      // The renderer knows its backend: networkd, for one, changes no option of an existing bond.
      if (down.length > 0 || rendered.reloadNeedsDown.includes(bond.name)) {
        out.reloadNeedsDown.push(bond.name);
        const what = down.length > 0 ? `${down.join(', ')} cannot change on a live bond` : `${backend} cannot change the options of a live bond`;
        out.notes.push({ level: 'warn', message: `${bond.name}: ${what}: the bond goes down during the reload` });
      }
    }
    const ping = pingTargets(input.args.verify_ping, bond);
    out.verify.push({ bond, allowDegraded: 0, ...(ping.length ? { ping } : {}) });
  }
  for (const bond of absent) {
    // Files changing (its own going, slaves' earlier config coming back) or the bond still live:
    // the reload takes it away and brings the slaves up as their files say now.
    if (files.length > 0 || ctx.facts.bonds[bond.name]) out.reload.push(bond.name);
    out.verify.push({ bond, allowDegraded: 0 });
  }
  if (out.reload.length > 0 && files.length === 0) {
    // The label of what the handler will do; the commands themselves are the backend's reload.
    for (const b of out.reload) {
      const why = absent.some((a) => a.name === b) ? `live ${b} is to be removed` : `live ${b} does not match its config`;
      changes.push({ kind: 'command', target: `${shJoin([backend])} reload -- ${shJoin([b])}`, before: null, after: null, reason: why, viaHandler: 'bond_reload' });
    }
  }
  out.changes = changes;
  if (changes.length === 0) out.noop = noopReason(bonds, absent);
  return out;
}

function noopReason(bonds: Bond[], absent: Bond[]): string {
  const parts: string[] = [];
  if (bonds.length) parts.push(`${bonds.map((b) => b.name).join(', ')} already match${bonds.length === 1 ? 'es' : ''} (files and live state)`);
  if (absent.length) parts.push(`${absent.map((b) => b.name).join(', ')} already absent`);
  return parts.join('; ');
}

/** A bond to remove, with every slave to release: those declared and those enslaved live. */
function releasing(bond: Bond, facts: HostFacts): Bond {
  const live = facts.bonds[bond.name]?.slaves.map((s) => s.name) ?? [];
  return { ...bond, slaves: [...new Set([...bond.slaves, ...live])] };
}

export const bondModule: TaskModule = { name: 'bond', plan };

/**
 * Brings the reloaded bonds down and up again the way their backend does it (src/render/<backend>/
 * reload.ts), touching only those bonds and their slaves.
 */
export const bondReloadHandler: HandlerModule = {
  name: 'bond_reload',
  guardsNetwork: true,
  rollbackCommands({ bonds, backend }) {
    return reloaderFor(backend).rollbackCommands({ bonds });
  },
  commands({ reload, needsDown, bonds, ctx }) {
    return reloaderFor(ctx.backend).commands({ reload, needsDown, bonds });
  },
};
