import { Option, type Command } from 'commander';
import { TsprovError } from '../core/errors.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { mapSshArgs, type ConnectionDefaults } from '../inventory/index.ts';
import { askBecomePassword, type PromptIO } from './become-prompt.ts';

export interface AnsibleConnFlags {
  user?: string;
  privateKey?: string;
  become?: boolean;
  becomeUser?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  askPass?: boolean;
  askBecomePass?: boolean;
}

/** Ansible's connection flags. As in Ansible they are defaults: inventory vars win over them. */
export function withAnsibleConnectionFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('-u, --user <name>', 'login user where the inventory sets none (ansible_user wins, as in Ansible)'))
    .addOption(new Option('--private-key <file>', 'identity file where the inventory sets none'))
    .addOption(new Option('-b, --become', 'escalate with sudo where the inventory does not say (ansible_become wins)'))
    .addOption(new Option('--become-user <name>', 'sudo target user where the inventory sets none'))
    .addOption(new Option('--ssh-common-args <args>', 'ssh options for hosts whose inventory has no ansible_ssh_common_args'))
    .addOption(new Option('--ssh-extra-args <args>', 'ssh options for hosts whose inventory has no ansible_ssh_extra_args'))
    .addOption(new Option('-K, --ask-become-pass', 'ask once for the sudo password (no echo), for hosts whose inventory sets none; without a terminal, read from the first line of stdin'))
    .addOption(new Option('-k, --ask-pass', 'refused: tsprov logs in with keys or the agent only').hideHelp());
}

/** The flags as ConnectionDefaults; arg strings are checked here, warnings go to `warn`. */
export function connectionDefaults(f: AnsibleConnFlags, warn: (s: string) => void): ConnectionDefaults {
  if (f.askPass) throw new TsprovError('E_USAGE', '-k/--ask-pass is not supported: tsprov logs in with keys or the ssh agent only (password login is not offered)', ExitCode.usage);
  const d: ConnectionDefaults = {};
  if (f.user !== undefined) d.user = f.user;
  if (f.privateKey !== undefined) d.identityFile = f.privateKey;
  if (f.become) d.become = true;
  if (f.becomeUser !== undefined) d.becomeUser = f.becomeUser;
  for (const [flag, text, key] of [['--ssh-common-args', f.sshCommonArgs, 'sshCommonArgs'], ['--ssh-extra-args', f.sshExtraArgs, 'sshExtraArgs']] as const) {
    if (text === undefined) continue;
    const m = mapSshArgs([text]);
    if (m.errors.length) throw new TsprovError('E_USAGE', `${flag}: ${m.errors.join('; ')}`, ExitCode.usage);
    for (const w of m.warnings) warn(`${flag}: ${w}`);
    d[key] = text;
  }
  return d;
}

/**
 * connectionDefaults, and with -K the become password asked for (once, before any host is
 * reached). As in Ansible it applies to hosts whose inventory sets no become password.
 */
export async function promptedDefaults(f: AnsibleConnFlags, warn: (s: string) => void, io: PromptIO = { stdin: process.stdin, stderr: process.stderr }): Promise<ConnectionDefaults> {
  const d = connectionDefaults(f, warn);
  if (f.askBecomePass) d.becomePassword = await askBecomePassword(io, warn);
  return d;
}
