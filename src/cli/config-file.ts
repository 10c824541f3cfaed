import { homedir } from 'node:os';
import type { Command } from 'commander';
import { ConfigError, type SourceProblem } from '../core/errors.ts';
import { showPath } from '../core/show-path.ts';
import { findConfigFile, type Discovered, type DiscoveryEnv } from '../config/defaults-discovery.ts';
import { loadConfigFile, type ConfigFile } from '../config/defaults-file.ts';
import { CONFIG_KEYS, type ConfigKey, type ConfigSettings } from '../config/defaults-keys.ts';
import { mapSshArgs } from '../inventory/index.ts';
import type { AnsibleConnFlags } from './connection-flags.ts';

/**
 * The defaults file at the CLI's edge: found, read, checked, then laid under the command's
 * flags. A flag given on the command line wins; a setting of the file fills only a flag the
 * user did not give, so everything below the flags (inventory vars over -u, …) is unchanged.
 */

export interface LoadedConfig {
  discovered: Discovered;
  config?: ConfigFile;
}

/** This process's places: its environment, current directory, home and /etc/ansible. */
export function processDiscovery(): DiscoveryEnv {
  return { env: process.env, cwd: process.cwd(), home: homedir(), etcAnsible: '/etc/ansible' };
}

export function loadCliConfig(d: DiscoveryEnv): LoadedConfig {
  const discovered = findConfigFile(d);
  if (!discovered.file || !discovered.format) return { discovered };
  const config = loadConfigFile(discovered.file, discovered.format, { env: d.env, cwd: d.cwd, home: d.home });
  checkSshArgs(config);
  return { discovered, config };
}

/** ssh arg strings are checked where they are written, by the rules of the inventory's. */
function checkSshArgs(c: ConfigFile): void {
  const problems: SourceProblem[] = [];
  for (const key of ['ssh_common_args', 'ssh_extra_args'] as const) {
    const s = c.settings[key];
    if (!s) continue;
    for (const e of mapSshArgs([s.value]).errors) problems.push({ file: c.file, line: s.line, col: s.col, path: s.path, message: `${key}: ${e}` });
  }
  if (problems.length) throw new ConfigError(problems);
}

/** The commander attribute of the flag each key stands in for. */
export const FLAG_ATTRIBUTE: Readonly<Record<ConfigKey, string>> = {
  inventory: 'inventory', remote_user: 'user', private_key_file: 'privateKey', forks: 'forks',
  host_key_checking: 'hostKeyChecking', timeout: 'connectTimeout', become: 'become', become_user: 'becomeUser',
  ssh_common_args: 'sshCommonArgs', ssh_extra_args: 'sshExtraArgs', ssh_config: 'sshConfig', known_hosts: 'knownHosts',
};

/** A setting as its flag's value; undefined when it asks for nothing beyond the built-in default. */
export function flagValue(key: ConfigKey, settings: ConfigSettings): unknown {
  const v = settings[key]?.value;
  if (v === undefined) return undefined;
  if (key === 'host_key_checking') return v === false ? 'off' : v === true ? undefined : v; // true: checking on, as by default
  if (key === 'become') return v === true ? true : undefined;
  if (typeof v === 'number') return String(v);
  return v;
}

/**
 * Fills, in the parsed flags of `cmd`, each flag the command has but the user did not give.
 * Returns the keys it filled, for -v.
 */
export function applyConfig(cmd: Command, flags: Record<string, unknown>, config: ConfigFile): ConfigKey[] {
  const filled: ConfigKey[] = [];
  const has = new Set(cmd.options.map((o) => o.attributeName()));
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const attr = FLAG_ATTRIBUTE[key];
    if (!has.has(attr) || cmd.getOptionValueSource(attr) === 'cli') continue;
    const value = flagValue(key, config.settings);
    if (value === undefined) continue;
    flags[attr] = value;
    cmd.setOptionValueWithSource(attr, value, 'config');
    filled.push(key);
  }
  return filled;
}

const FORMAT_NAME = { 'tsprov-ini': "tsprov's own, INI", 'tsprov-yaml': "tsprov's own, YAML", ansible: 'an ansible.cfg' } as const;

/** The -v lines: which file, what it filled, what of an ansible.cfg was not used. */
export function configNotes(loaded: LoadedConfig, filled: readonly ConfigKey[]): string[] {
  const { discovered: d, config } = loaded;
  const out = [...d.notes];
  if (!config) return [...out, 'no config file found; using built-in defaults'];
  out.push(`using config file ${showPath(config.file)} (${FORMAT_NAME[config.format]}, ${d.from})${filled.length ? `: ${filled.join(', ')}` : ''}`);
  if (config.ignored.length) out.push(`${showPath(config.file)}: keys tsprov does not use, ignored: ${config.ignored.join(', ')}`);
  return out;
}

/**
 * The file's connection settings as the flags they stand in for, for a command that has no such
 * flags but shows the connection a run would use (`inventory --host`).
 */
export function configConnectionFlags(loaded: LoadedConfig | undefined): AnsibleConnFlags {
  const s = loaded?.config?.settings ?? {};
  const f: AnsibleConnFlags = {};
  if (s.remote_user) f.user = s.remote_user.value;
  if (s.private_key_file) f.privateKey = s.private_key_file.value;
  if (s.become?.value) f.become = true;
  if (s.become_user) f.becomeUser = s.become_user.value;
  if (s.ssh_common_args) f.sshCommonArgs = s.ssh_common_args.value;
  if (s.ssh_extra_args) f.sshExtraArgs = s.ssh_extra_args.value;
  return f;
}
