import { BOOLEAN_SPELLINGS, toBool, toHostKeyChecking, toPath, toPathList, toPositiveInt, toText, type Converted, type HostKeyChecking, type PathEnv } from './defaults-values.ts';

/**
 * The keys of the defaults file: each with the command-line flag it stands in for, its type,
 * and where ansible.cfg writes it (ansible-core 2.14's base.yml and the ssh connection and sudo
 * become plugins' `ini:` entries; where several are listed the last one set wins, as in
 * Ansible). Keys without an ansible.cfg place exist only in tsprov's own file.
 */

export interface ConfigValues {
  inventory: string[];
  remote_user: string;
  private_key_file: string;
  forks: number;
  host_key_checking: HostKeyChecking;
  timeout: number;
  become: boolean;
  become_user: string;
  ssh_common_args: string;
  ssh_extra_args: string;
  ssh_config: string;
  known_hosts: string[];
}
export type ConfigKey = keyof ConfigValues;

/** One value read from the file, with where it was written. */
export interface Setting<T> {
  value: T;
  line: number;
  col: number;
  /** As written: `defaults.forks` (INI) or `forks` (YAML). */
  path: string;
}
export type ConfigSettings = { [K in ConfigKey]?: Setting<ConfigValues[K]> };

type Raw = string | string[];
interface KeyDef<K extends ConfigKey> {
  flag: string;
  expects: string;
  ansible?: ReadonlyArray<readonly [section: string, key: string]>;
  convert(raw: Raw, p: PathEnv, ownFile: boolean): Converted<ConfigValues[K]>;
}

const one = (raw: Raw): string | undefined => (Array.isArray(raw) ? undefined : raw);
const scalar = <T>(f: (s: string) => Converted<T>) => (raw: Raw): Converted<T> => {
  const s = one(raw);
  return s === undefined ? { ok: false, message: 'expects a single value, got a list' } : f(s);
};

export const CONFIG_KEYS: { readonly [K in ConfigKey]: KeyDef<K> } = {
  inventory: { flag: '-i', expects: 'paths, comma-separated', ansible: [['defaults', 'inventory']], convert: (raw, p) => toPathList(raw, p) },
  remote_user: { flag: '-u', expects: 'a user name', ansible: [['defaults', 'remote_user']], convert: scalar(toText) },
  private_key_file: { flag: '--private-key', expects: 'a file path', ansible: [['defaults', 'private_key_file']], convert: (raw, p) => scalar((s) => toPath(s, p))(raw) },
  forks: { flag: '-f', expects: 'a positive whole number', ansible: [['defaults', 'forks']], convert: scalar(toPositiveInt) },
  host_key_checking: {
    flag: '--host-key-checking', expects: `a boolean (${BOOLEAN_SPELLINGS})`,
    ansible: [['defaults', 'host_key_checking'], ['ssh_connection', 'host_key_checking']],
    convert: (raw, _p, own) => scalar((s) => toHostKeyChecking(s, own))(raw),
  },
  timeout: { flag: '--connect-timeout', expects: 'seconds, a positive whole number', ansible: [['defaults', 'timeout'], ['ssh_connection', 'timeout']], convert: scalar(toPositiveInt) },
  become: { flag: '-b', expects: 'a boolean', ansible: [['privilege_escalation', 'become']], convert: scalar(toBool) },
  become_user: { flag: '--become-user', expects: 'a user name', ansible: [['privilege_escalation', 'become_user']], convert: scalar(toText) },
  ssh_common_args: { flag: '--ssh-common-args', expects: 'ssh options', ansible: [['ssh_connection', 'ssh_common_args']], convert: scalar(toText) },
  ssh_extra_args: { flag: '--ssh-extra-args', expects: 'ssh options', ansible: [['ssh_connection', 'ssh_extra_args']], convert: scalar(toText) },
  ssh_config: { flag: '--ssh-config', expects: 'a file path', convert: (raw, p) => scalar((s) => toPath(s, p))(raw) },
  known_hosts: { flag: '--known-hosts', expects: 'paths, comma-separated', convert: (raw, p) => toPathList(raw, p) },
};

export const KNOWN_KEYS = Object.keys(CONFIG_KEYS) as ConfigKey[];

/**
 * ansible.cfg keys tsprov reads only to refuse a value it cannot honour; any other value (the
 * one tsprov does anyway) is accepted and changes nothing.
 */
export const ANSIBLE_CHECKED: ReadonlyArray<{ section: string; key: string; check(raw: string): string | undefined }> = [
  {
    section: 'privilege_escalation', key: 'become_method',
    check: (raw) => (raw.trim() === 'sudo' ? undefined : `is ${JSON.stringify(raw.trim())}: tsprov escalates with sudo only (remove the key or set it to sudo)`),
  },
  {
    section: 'defaults', key: 'ask_pass',
    check: (raw) => {
      const b = toBool(raw);
      if (!b.ok) return b.message;
      return b.value ? 'is true: tsprov logs in with keys or the ssh agent only (password login is not offered); set it to False' : undefined;
    },
  },
];
