import type { PathSeg } from './source.ts';

/** A problem found by a module's own semantic check, relative to its args. */
export interface ArgProblem {
  path: PathSeg[];
  message: string;
  /** Point at the key rather than the value. */
  key?: boolean;
}

/**
 * What the playbook loader needs to know about a module. Supplied by the caller, so adding a
 * module never changes the loader.
 */
export interface ModuleSpec {
  /** JSON Schema of the task's args. */
  schema: object;
  supportsCheck: boolean;
  supportsDiff: boolean;
  /** Rules a schema cannot express (run only when the schema passed). */
  check?: (args: unknown) => ArgProblem[];
  /**
   * Rules on single values that reach the host (config/host-values.ts). Each problem sits under
   * its own value, so unlike `check` they run at load time even when another arg is templated;
   * they must ignore values of the wrong type (the schema reports those).
   */
  checkValues?: (args: unknown) => ArgProblem[];
  /** Key a plain-string argument maps to (`command: ls` → `{cmd: "ls"}`), like Ansible's free form. */
  freeForm?: string;
  /**
   * Args that are an argv (`command`): a string is split into words (config/argv.ts) before
   * substitution, and every word, or list item, stays one word after it.
   */
  words?: string[];
}

export type ModuleCatalog = Record<string, ModuleSpec>;
