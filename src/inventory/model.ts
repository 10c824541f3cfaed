import type { PathSeg, SourceFile } from '../config/source.ts';
import type { SourceProblem } from '../core/errors.ts';

/** Where a value was written, so later (cross-level) problems can still point at it. */
export interface Origin {
  file: string;
  path: PathSeg[];
}

export interface VarLayer {
  vars: Record<string, unknown>;
  origins: Record<string, Origin>;
}

export interface GroupDef extends VarLayer {
  name: string;
  /** Direct member hosts, in order of appearance. */
  hosts: string[];
  children: string[];
  parents: string[];
  /** Where each child was listed, to locate cycle errors. */
  childOrigins: Record<string, Origin>;
  /** Distance from `all` (longest path), Ansible's group depth. */
  depth: number;
  /** `ansible_group_priority` (default 1): orders groups of the same depth, before their names. */
  priority: number;
}

/** group_vars/ and host_vars/ found beside one `-i` argument, loaded for the groups and hosts that exist. */
export interface VarsBase {
  base: string;
  groups: Map<string, VarLayer>;
  hosts: Map<string, VarLayer>;
}

/** A loaded inventory: groups and host definitions, not yet resolved per host. */
export interface Inventory {
  /** Host names in order of first appearance. */
  hosts: string[];
  groups: Map<string, GroupDef>;
  hostVars: Map<string, VarLayer>;
  /**
   * The groups listing each host directly, in `groups` order: the reverse of GroupDef.hosts,
   * built once so finding a host's groups does not scan every group (quadratic for big fleets).
   */
  memberOf: Map<string, GroupDef[]>;
  sources: SourceFile[];
  /** Where each host is first declared. */
  hostAt: Map<string, Omit<SourceProblem, 'message'>>;
  /** One entry per `-i` argument that is a file or directory, in order (Ansible's precedence). */
  varsBases: VarsBase[];
  /**
   * group_vars/ and host_vars/ beside the playbook (Ansible's play-adjacent vars): each level just
   * above the same level of `varsBases`. The very object of a `varsBases` entry when the playbook
   * sits in an inventory directory: read once, counted at both places, as Ansible counts it.
   */
  playVars?: VarsBase;
  /** Legal but probably unintended (Ansible warns about the same things); never fatal. */
  warnings: SourceProblem[];
  /** `-e/--extra-vars`: above every other layer, as in Ansible (play vars too: see PlanScope.extra). */
  extraVars?: VarLayer;
}

export interface ResolvedVars {
  vars: Record<string, unknown>;
  origins: Record<string, Origin>;
  /** Groups in precedence order, `all` left out (like Ansible's group_names). */
  groups: string[];
}
