/** What every renderer takes and gives: plain data, no I/O. */
import type { Bond, BondOptions } from '../config/bond-model.ts';
import type { PlanNote } from '../core/change.ts';
import type { ShellText } from '../core/quote.ts';

export interface RenderEnv {
  /** /etc/modutils exists and update-modules is available (Sarge-era modutils). */
  modutils: boolean;
  /** An `ifenslave` command is on PATH (ifenslave < 2.10; 2.10+ ships only ifupdown hooks). */
  ifenslaveCommand: boolean;
  /** The effective modprobe config has `options bonding max_bonds=0` (systemd's default). */
  maxBondsZero: boolean;
  /** /etc/network/interfaces sources interfaces.d; when absent, detected from its content. */
  interfacesDirSourced?: boolean;
}

export interface RenderInput {
  /** The bonds to configure (never one with `state: absent`). */
  bonds: Bond[];
  /**
   * Bonds to remove (`state: absent`), each with the slaves to release (declared and live): their
   * files go, what tsprov took over from an earlier config comes back. Only tsprov's own files are
   * removed; a file it did not write is left and named in a note.
   */
  absent?: Bond[];
  /** Current content of the relevant files, by absolute path; null = file absent. */
  existing: Record<string, string | null>;
  env: RenderEnv;
  /** Write the "managed by tsprov" comment (default true). */
  marker?: boolean;
  /** The bonds as they are live now, by name (from facts), for `reloadNeedsDown`. */
  previous?: Record<string, Bond>;
}

export interface RenderedFile {
  path: string;
  /** Desired content; null = remove the file. */
  content: string | null;
  mode: string;
  reason: string;
}

export interface RenderStep {
  command: string[];
  reason: string;
}

export interface RenderOutput {
  files: RenderedFile[];
  notes: PlanNote[];
  /** Commands to run after the files are written (e.g. update-modules). */
  steps: RenderStep[];
  /** Bonds whose changed options the kernel refuses on a live bond: bring them down to apply. */
  reloadNeedsDown: string[];
}

export type Renderer = (input: RenderInput) => RenderOutput;

/**
 * How a backend brings changed bonds up after their files are written, and the old config back
 * after the backed-up files are restored. Pure: it returns shell text, each operand quoted and
 * after a `--` where the command takes one. Touches only the named bonds and their slaves.
 */
export interface BackendReload {
  /**
   * `reload`: bonds whose files or live state changed; `needsDown`: those whose changed options a
   * live bond refuses. A bond in `bonds` with `state: absent` is being removed: its files are gone
   * already, the commands take the live bond away and give its slaves back to what configures
   * them now.
   */
  commands(input: { reload: string[]; needsDown: string[]; bonds: Bond[] }): ShellText[];
  /** After the backed-up files are back: bring up what they declare (a removed bond comes back). */
  rollbackCommands(input: { bonds: Bond[] }): ShellText[];
}

/**
 * How a backend spells each kernel bonding option in its own files (docs/backends.md is made from
 * these), or null when it cannot express it: a bond that sets such an option is refused for that
 * host, never rendered without it.
 */
export type OptionSpelling = Record<keyof BondOptions, string | null>;
