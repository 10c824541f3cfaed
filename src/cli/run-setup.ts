import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { RUN_ID } from '../engine/run-id.ts';
import { ConfigError, TsprovError } from '../core/errors.ts';
import { showPath } from '../core/show-path.ts';
import { readRegularFile } from '../config/read-file.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { Play, Playbook } from '../config/playbook.ts';
import { loadPlaybook } from '../config/playbook.ts';
import { templateSrcPath } from '../config/template-src.ts';
import { hostBackend, hostBonds, hostvarsSecrets, loadInventory, magicVars, resolveHosts, selectHosts, varLocator, type Inventory } from '../inventory/index.ts';
import { inShard, type Shard } from '../inventory/shard.ts';
import type { PlanScope } from '../engine/plan-host.ts';
import { MODULE_CATALOG } from '../modules/schemas.ts';
import type { SshOptions } from '../transport/index.ts';
import { withAnsibleConnectionFlags, type AnsibleConnFlags } from './connection-flags.ts';
import type { ConnectionDefaults } from '../inventory/index.ts';
import type { RunListener } from '../core/events.ts';
import { makeConnector } from '../engine/connect.ts';
import type { Connector } from '../engine/types.ts';
import { MAX_VERBOSITY, verboseView } from '../report/verbose.ts';

export interface ConnFlags extends AnsibleConnFlags {
  sshConfig?: string;
  knownHosts?: string[];
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  connectTimeout?: string;
  forks?: string;
  /** How many times -v was given (0–4; more counts as 4). */
  verbose?: number;
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

/** Connection flags shared by every command that reaches hosts. */
export function withConnectionFlags(cmd: Command): Command {
  return withAnsibleConnectionFlags(cmd)
    .addOption(new Option('--ssh-config <file>', 'OpenSSH client config to honour (default ~/.ssh/config)'))
    .addOption(new Option('--known-hosts <file>', 'known_hosts file to check host keys against (repeatable)').argParser(collect))
    .addOption(new Option('--host-key-checking <policy>', 'strict (default) | accept-new | off').choices(['strict', 'accept-new', 'off']))
    // No commander defaults: a flag left unset may be filled from the defaults file (tsprov.cfg).
    .addOption(new Option('--connect-timeout <seconds>', 'SSH connect timeout (default: 10)'))
    .addOption(new Option('-f, --forks <n>', 'hosts worked on at once (default: 10)'))
    .addOption(new Option('-v, --verbose', 'more detail on stderr, repeatable: -v task results, -vv args and connection, -vvv remote commands, -vvvv transport debug').argParser(countVerbose).default(0));
}

function countVerbose(_value: string, previous: number): number {
  return Math.min(previous + 1, MAX_VERBOSITY);
}

/**
 * The verbose stderr view for these flags, and the connector that feeds it: transport traces
 * are asked for only from -vv up, ssh2's debug lines only at -vvvv (they cost time).
 */
export function verboseConnector(f: ConnFlags, err: (s: string) => void, reachedSecrets: readonly string[] = []): { level: number; view: RunListener; connector: Connector } {
  const level = f.verbose ?? 0;
  const view = verboseView(level, err);
  const ssh = { ...sshOptions(f, (w) => err(`warning: ${w}`)), ...(level >= MAX_VERBOSITY ? { debug: true } : {}) };
  return { level, view, connector: makeConnector(ssh, level >= 2 ? view : undefined, reachedSecrets) };
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TsprovError('E_USAGE', `${flag} expects a positive whole number, got "${value}"`, ExitCode.usage);
  return n;
}

export function sshOptions(f: ConnFlags, warn: (s: string) => void): SshOptions {
  // Keepalives detect a session that a network change cut (about 15 s) instead of hanging on it.
  const o: SshOptions = { connectTimeoutMs: positiveInt(f.connectTimeout, '--connect-timeout', 10) * 1000, keepaliveIntervalMs: 5000, onWarning: warn };
  if (f.sshConfig) o.sshConfigPath = f.sshConfig;
  if (f.knownHosts?.length) o.knownHostsPaths = f.knownHosts;
  if (f.hostKeyChecking) o.hostKeyPolicy = f.hostKeyChecking;
  return o;
}

/** The text of a template task's `src`; a missing or unreadable one is a problem at the task. */
function templateText(t: Play['tasks'][number], file: string, path: string): string {
  const read = readRegularFile(file);
  if (read.ok) return read.text;
  throw new ConfigError([{ ...t.at, path, message: `template src ${showPath(file)}: ${read.message}` }]);
}

/** A template task's `src` is read on the controller, relative to the playbook, before planning. */
function inlineTemplates(play: Play, index: number, playbookFile: string): Play {
  const fix =
    (list: 'tasks' | 'handlers') =>
    (t: Play['tasks'][number], i: number): Play['tasks'][number] =>
      t.module === 'template' && typeof t.args.src === 'string' && t.args.template === undefined
        ? { ...t, args: { ...t.args, template: templateText(t, templateSrcPath(playbookFile, t.args.src), `[${index}].${list}[${i}].template.src`) } }
        : t;
  return { ...play, tasks: play.tasks.map(fix('tasks')), handlers: play.handlers.map(fix('handlers')) };
}

export interface LoadedRun {
  inventory: Inventory;
  playbook: Playbook;
  plays: Array<{ play: Play; scopes: PlanScope[] }>;
}

/** --run-id, checked when the command line is read (it names a directory on every host). */
export function runIdOption(): Option {
  return new Option('--run-id <id>', 'use this run id (default: timestamp + random); the same on every shard of a sharded run, for `tsprov report merge`').argParser((v: string) => {
    if (!RUN_ID.test(v)) throw new InvalidArgumentError(`a run id is 1 to 128 of A-Z a-z 0-9 _ . - (it names a directory on the hosts); got ${JSON.stringify(v)}`);
    return v;
  });
}

/** Inventory + -e vars + playbook → per play, the hosts it targets (after --limit) as planning scopes. */
export function loadRun(inventories: string[], playbookFile: string, limit: string | undefined, tags: string[], skipTags: string[], defaults: ConnectionDefaults = {}, extraVars: readonly string[] = [], shard?: Shard): LoadedRun {
  const inventory = loadInventory(inventories, extraVars, dirname(resolve(playbookFile)));
  const playbook = loadPlaybook(playbookFile, MODULE_CATALOG);
  const limited = limit || shard ? new Set(inShard(selectHosts(inventory, limit ?? 'all'), shard)) : undefined;
  const plays = playbook.plays.map((raw, index) => {
    const play = inlineTemplates(raw, index, playbookFile);
    const names = selectHosts(inventory, play.hosts).filter((h) => !limited || limited.has(h));
    const playbookDir = dirname(resolve(playbookFile));
    const scopes = resolveHosts(inventory, names, defaults).map((host) => ({
      play,
      host,
      bonds: hostBonds(host),
      backend: hostBackend(host),
      tags,
      skipTags,
      magic: magicVars(inventory, host.name, { playbookDir }),
      varAt: varLocator(inventory, host.name),
      reachedSecrets: hostvarsSecrets(inventory),
      ...(inventory.extraVars ? { extra: inventory.extraVars.vars } : {}),
    }));
    return { play, scopes };
  });
  return { inventory, playbook, plays };
}
