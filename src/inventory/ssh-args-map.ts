import type { ConnectionSpec } from '../core/host.ts';
import { parseSshArgs, type SshArg } from './ssh-args.ts';

/**
 * What ssh options in `ansible_ssh_*_args` can set on a ConnectionSpec (the same fields). A
 * `jump` of `none` is kept: it switches a jump from ~/.ssh/config off, as it does for ssh.
 */
export type ArgSettings = Pick<
  ConnectionSpec,
  'port' | 'user' | 'identityFile' | 'jump' | 'hostKeyChecking' | 'knownHostsFile' | 'connectTimeoutMs' | 'keepaliveIntervalMs' | 'keepaliveCountMax' | 'hostKeyAlias' | 'sshConfigFile' | 'connectRetries' | 'identitiesOnly'
>;

export interface MappedArgs {
  settings: ArgSettings;
  /** Each names the option as written; every ignored option has one. */
  warnings: string[];
  /** A value ssh itself would refuse (a port of 0, a malformed jump). */
  errors: string[];
}

const HOP_RE = /^(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Why an option has no effect in tsprov, for the ones Ansible users set most. */
const REASONS: Record<string, string> = {
  controlmaster: 'tsprov keeps one connection per host open for the whole run',
  controlpersist: 'tsprov keeps one connection per host open for the whole run',
  controlpath: 'tsprov keeps one connection per host open for the whole run',
  '-M': 'tsprov keeps one connection per host open for the whole run',
  proxycommand: 'tsprov runs no local commands to connect; use ProxyJump (-J) instead',
  forwardagent: 'agent forwarding is not offered',
  '-A': 'agent forwarding is not offered',
  compression: "tsprov's SSH transport does not compress",
  '-C': "tsprov's SSH transport does not compress",
  loglevel: "tsprov's SSH client has no log level; use tsprov's own output",
  '-v': "tsprov's SSH client has no log level; use tsprov's own output",
  '-q': "tsprov's SSH client has no log level; use tsprov's own output",
  requesttty: 'tsprov never allocates a tty',
  '-t': 'tsprov never allocates a tty',
  '-T': 'no effect: tsprov never allocates a tty',
  hostname: 'set ansible_host (or address) instead',
};

/** Values that only restate what tsprov always does (key auth, never a password prompt). */
const ALREADY: Record<string, string> = {
  batchmode: 'yes',
  passwordauthentication: 'no',
  kbdinteractiveauthentication: 'no',
  challengeresponseauthentication: 'no',
  pubkeyauthentication: 'yes',
};

type Setter = (value: string, s: ArgSettings) => string | undefined;

const seconds = (v: string): number | undefined => (/^\d+(?:\.\d+)?$/.test(v) ? Number(v) : undefined);
const yesNo = (v: string): boolean | undefined => ({ yes: true, no: false })[v.toLowerCase()];

/** Honoured options: each sets one field, or returns an error text. */
const SETTERS: Record<string, Setter> = {
  port: (v, s) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 65535) return `port must be 1-65535, got ${JSON.stringify(v)}`;
    s.port = n;
    return undefined;
  },
  user: (v, s) => void (s.user = v),
  identityfile: (v, s) => void (s.identityFile = v),
  proxyjump: (v, s) => {
    if (v.toLowerCase() !== 'none' && !v.split(',').every((h) => HOP_RE.test(h.trim()))) return `jump host must look like [user@]host[:port][,...]; got ${JSON.stringify(v)}`;
    s.jump = v.toLowerCase() === 'none' ? 'none' : v;
    return undefined;
  },
  stricthostkeychecking: (v, s) => {
    const p = ({ yes: 'strict', ask: 'strict', 'accept-new': 'accept-new', no: 'off', off: 'off' } as const)[v.toLowerCase() as 'yes'];
    if (!p) return `StrictHostKeyChecking must be yes, ask, accept-new, no or off; got ${JSON.stringify(v)}`;
    s.hostKeyChecking = p;
    return undefined;
  },
  userknownhostsfile: (v, s) => void (s.knownHostsFile = v.split(/\s+/)[0]!),
  connecttimeout: (v, s) => {
    const n = seconds(v);
    if (n === undefined || n <= 0) return `ConnectTimeout must be a positive number of seconds; got ${JSON.stringify(v)}`;
    s.connectTimeoutMs = Math.round(n * 1000);
    return undefined;
  },
  serveraliveinterval: (v, s) => {
    const n = seconds(v);
    if (n === undefined) return `ServerAliveInterval must be a number of seconds; got ${JSON.stringify(v)}`;
    s.keepaliveIntervalMs = Math.round(n * 1000);
    return undefined;
  },
  serveralivecountmax: (v, s) => {
    if (!/^\d+$/.test(v)) return `ServerAliveCountMax must be a whole number; got ${JSON.stringify(v)}`;
    s.keepaliveCountMax = Number(v);
    return undefined;
  },
  hostkeyalias: (v, s) => void (s.hostKeyAlias = v),
  '-F': (v, s) => void (s.sshConfigFile = v),
  connectionattempts: (v, s) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) return `ConnectionAttempts must be a whole number from 1; got ${JSON.stringify(v)}`;
    s.connectRetries = Number(v) - 1;
    return undefined;
  },
  identitiesonly: (v, s) => {
    const b = yesNo(v);
    if (b === undefined) return `IdentitiesOnly must be yes or no; got ${JSON.stringify(v)}`;
    s.identitiesOnly = b;
    return undefined;
  },
};

/** Which field each honoured option sets: ssh keeps the first value it gets for a field. */
const FIELD_OF: Record<string, keyof ArgSettings> = {
  port: 'port', user: 'user', identityfile: 'identityFile', proxyjump: 'jump', stricthostkeychecking: 'hostKeyChecking',
  userknownhostsfile: 'knownHostsFile', connecttimeout: 'connectTimeoutMs', serveraliveinterval: 'keepaliveIntervalMs',
  serveralivecountmax: 'keepaliveCountMax', hostkeyalias: 'hostKeyAlias', '-F': 'sshConfigFile',
  connectionattempts: 'connectRetries', identitiesonly: 'identitiesOnly',
};

function mapOne(arg: SshArg, s: ArgSettings, out: MappedArgs): void {
  const setter = SETTERS[arg.key];
  if (setter) {
    const field = FIELD_OF[arg.key]!;
    if (s[field] !== undefined) {
      // Like ssh: the first value wins. Only a second identity file is worth saying (ssh would try it).
      if (field === 'identityFile' || field === 'knownHostsFile') out.warnings.push(`${arg.written}: only the first ${field === 'identityFile' ? 'identity file' : 'known_hosts file'} is used; ignored`);
      return;
    }
    const error = setter(arg.value, s);
    if (error) out.errors.push(`${arg.written}: ${error}`);
    else if (arg.key === 'userknownhostsfile' && arg.value.trim().split(/\s+/).length > 1) out.warnings.push(`${arg.written}: only the first known_hosts file is used`);
    return;
  }
  if (ALREADY[arg.key] !== undefined && arg.value.toLowerCase() === ALREADY[arg.key]) return;
  const reason = REASONS[arg.key] ?? "no equivalent in tsprov's SSH transport";
  out.warnings.push(`${arg.written}: recognised but not supported (${reason}); ignored`);
}

/**
 * The settings of several arg strings in the order ssh would read them (Ansible passes
 * ssh_args, then ssh_common_args, then ssh_extra_args): the first value of a field wins.
 */
export function mapSshArgs(texts: readonly string[]): MappedArgs {
  const out: MappedArgs = { settings: {}, warnings: [], errors: [] };
  for (const text of texts) {
    const parsed = parseSshArgs(text);
    out.warnings.push(...parsed.problems);
    for (const arg of parsed.args) mapOne(arg, out.settings, out);
  }
  return out;
}
