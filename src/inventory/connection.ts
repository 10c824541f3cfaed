import type { SourceProblem } from '../core/errors.ts';
import type { ConnectionSpec } from '../core/host.ts';
import { SecretText } from '../core/secrets.ts';
import { ProblemSink } from '../config/source.ts';
import { ANSIBLE_CONNECTION_VARS, type ConnectionSetting } from './ansible-vars.ts';
import { BECOME_FLAGS_PASSED, splitFlags } from './become-vars.ts';
import type { Inventory, Origin, ResolvedVars } from './model.ts';
import { mapSshArgs } from './ssh-args-map.ts';

const JUMP_RE = /^(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const ENV_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Connection settings from the command line (-u, --private-key, -b, --become-user, -K,
 * --ssh-common-args, --ssh-extra-args). As in Ansible they are defaults: any inventory var for
 * the same setting wins over them.
 */
export interface ConnectionDefaults {
  user?: string;
  identityFile?: string;
  become?: boolean;
  becomeUser?: string;
  becomePassword?: SecretText;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
}

/** `-o ProxyJump=X`, `-o 'ProxyJump X'` or `-J X` inside ansible_ssh_common_args. */
export function jumpFromSshArgs(args: string): string | undefined {
  return mapSshArgs([args]).settings.jump;
}

export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(s)) return true;
  if (['no', 'false', 'off', '0'].includes(s)) return false;
  return undefined;
}

/** tsprov's own name for a setting, where it has one; both set and different is an error. */
const OURS: Partial<Record<ConnectionSetting, string>> = {
  address: 'address', port: 'port', user: 'user', identity_file: 'identity_file', connection: 'connection',
  become: 'become', become_user: 'become_user', connect_timeout: 'connect_timeout',
};

interface Picked {
  value: unknown;
  key?: string;
}

/**
 * Resolves one host's connection from its merged vars. Precedence, highest first: tsprov's name
 * or the Ansible names (legacy `ansible_ssh_*` first, as Ansible reads them), then the command
 * line defaults, then options in ansible_ssh_args / _common_args / _extra_args (ssh reads the
 * options Ansible derives from vars before those strings), then ~/.ssh/config in the transport.
 */
export function resolveConnection(inv: Inventory, name: string, r: ResolvedVars, problems: SourceProblem[], defaults: ConnectionDefaults = {}): ConnectionSpec {
  const at = (origin: Origin | undefined, message: string, into: SourceProblem[]): void => {
    const src = inv.sources.find((s) => s.file === origin?.file);
    if (origin && src) new ProblemSink(src, into).add(origin.path, message);
  };
  const report = (origin: Origin | undefined, message: string): void => at(origin, message, problems);
  const warn = (origin: Origin | undefined, message: string): void => {
    const found: SourceProblem[] = [];
    at(origin, message, found);
    for (const w of found) if (!inv.warnings.some((x) => x.file === w.file && x.line === w.line && x.col === w.col && x.message === w.message)) inv.warnings.push(w);
  };
  const v = r.vars;
  const pick = (setting: ConnectionSetting): Picked => {
    const names = ANSIBLE_CONNECTION_VARS[setting];
    const set = names.filter((n) => v[n] !== undefined);
    const theirs = set[0];
    for (const loser of set.slice(1)) {
      if (JSON.stringify(v[loser]) !== JSON.stringify(v[theirs!])) warn(r.origins[loser], `is overridden by ${theirs} for host ${name}, as in Ansible (the legacy name wins); set only one`);
    }
    const ours = OURS[setting];
    const a = ours === undefined ? undefined : v[ours];
    if (a !== undefined && theirs !== undefined && JSON.stringify(a) !== JSON.stringify(v[theirs])) {
      report(r.origins[ours!], `conflicts with ${theirs} (${JSON.stringify(v[theirs])}) for host ${name}; set only one of ${ours} / ${theirs}`);
    }
    if (a !== undefined) return { value: a, key: ours! };
    return theirs === undefined ? { value: undefined } : { value: v[theirs], key: theirs };
  };
  const str = (p: Picked): string | undefined => (p.value === undefined ? undefined : String(p.value));

  const sshArgs = str(pick('ssh_args'));
  const common = str(pick('ssh_common_args')) ?? defaults.sshCommonArgs;
  const extra = str(pick('ssh_extra_args')) ?? defaults.sshExtraArgs;
  const args = mapSshArgs([sshArgs, common, extra].filter((s): s is string => s !== undefined)).settings;

  const spec: ConnectionSpec = {
    type: (pick('connection').value as 'ssh' | 'local' | undefined) ?? 'ssh',
    address: str(pick('address')) ?? name,
    become: false,
  };
  const port = pick('port').value ?? args.port;
  if (port !== undefined) spec.port = Number(port);
  const user = str(pick('user')) ?? defaults.user ?? args.user;
  if (user !== undefined) spec.user = user;
  const key = str(pick('identity_file')) ?? defaults.identityFile ?? args.identityFile;
  if (key !== undefined) spec.identityFile = key;
  resolveBecome(pick, v, r, spec, defaults, report);
  resolveJump(v, r, spec, name, args.jump, report);
  resolveHostKeys(pick, v, r, spec, args.hostKeyChecking, report);
  const kh = v.known_hosts_file !== undefined ? String(v.known_hosts_file) : args.knownHostsFile;
  if (kh !== undefined) spec.knownHostsFile = kh;
  const timeout = pick('connect_timeout');
  if (timeout.value !== undefined) {
    const n = Number(timeout.value);
    if (!Number.isFinite(n) || n <= 0) report(r.origins[timeout.key!], `must be a positive number of seconds; got ${JSON.stringify(timeout.value)}`);
    else spec.connectTimeoutMs = Math.round(n * 1000);
  } else if (args.connectTimeoutMs !== undefined) spec.connectTimeoutMs = args.connectTimeoutMs;
  const retries = pick('retries');
  if (retries.value !== undefined) {
    const n = Number(retries.value);
    if (!Number.isInteger(n) || n < 0) report(r.origins[retries.key!], `must be a whole number of retries (0 or more); got ${JSON.stringify(retries.value)}`);
    else spec.connectRetries = n;
  } else if (args.connectRetries !== undefined) spec.connectRetries = args.connectRetries;
  if (args.keepaliveIntervalMs !== undefined) spec.keepaliveIntervalMs = args.keepaliveIntervalMs;
  if (args.keepaliveCountMax !== undefined) spec.keepaliveCountMax = args.keepaliveCountMax;
  if (args.hostKeyAlias !== undefined) spec.hostKeyAlias = args.hostKeyAlias;
  if (args.sshConfigFile !== undefined) spec.sshConfigFile = args.sshConfigFile;
  if (args.identitiesOnly !== undefined) spec.identitiesOnly = args.identitiesOnly;
  if (v.reconnect_address !== undefined) spec.reconnectAddress = String(v.reconnect_address);
  return spec;
}

type Report = (o: Origin | undefined, m: string) => void;

function resolveBecome(pick: (s: ConnectionSetting) => Picked, v: Record<string, unknown>, r: ResolvedVars, spec: ConnectionSpec, d: ConnectionDefaults, report: Report): void {
  const become = pick('become');
  if (become.value !== undefined) {
    const b = toBool(become.value);
    if (b === undefined) report(r.origins[become.key!], `must be true or false (yes/no accepted); got ${JSON.stringify(become.value)}`);
    spec.become = b ?? false;
  } else if (d.become !== undefined) spec.become = d.become;
  const becomeUser = pick('become_user').value ?? d.becomeUser;
  if (becomeUser !== undefined) spec.becomeUser = String(becomeUser);
  const pass = pick('become_password');
  if (v.become_password_env !== undefined) {
    if (!ENV_RE.test(String(v.become_password_env))) report(r.origins.become_password_env, `must be the name of an environment variable (letters, digits, _); got ${JSON.stringify(v.become_password_env)}`);
    else if (pass.value !== undefined) report(r.origins.become_password_env, `conflicts with ${pass.key}; set only one of become_password_env / ${pass.key}`);
    else spec.becomePasswordEnv = String(v.become_password_env);
  }
  if (pass.value !== undefined) spec.becomePassword = new SecretText(String(pass.value));
  else if (d.becomePassword && spec.becomePasswordEnv === undefined) spec.becomePassword = d.becomePassword;
  // ansible_become_method other than sudo is refused where it is written (see become-vars.ts).
  const exe = pick('become_exe').value;
  if (exe !== undefined) spec.becomeExe = String(exe);
  const flags = pick('become_flags').value;
  if (flags !== undefined) {
    const passed = splitFlags(String(flags)).filter((f) => BECOME_FLAGS_PASSED.has(f));
    if (passed.length) spec.becomeFlags = passed;
  }
}

function resolveHostKeys(pick: (s: ConnectionSetting) => Picked, v: Record<string, unknown>, r: ResolvedVars, spec: ConnectionSpec, fromArgs: ConnectionSpec['hostKeyChecking'], report: Report): void {
  const hkc = v.host_key_checking;
  if (hkc !== undefined) {
    const mapped = hkc === true ? 'strict' : hkc === false ? 'off' : hkc;
    if (mapped === 'strict' || mapped === 'accept-new' || mapped === 'off') spec.hostKeyChecking = mapped;
    else report(r.origins.host_key_checking, `must be one of strict, accept-new, off; got ${JSON.stringify(hkc)}`);
    return;
  }
  const theirs = pick('host_key_checking');
  const b = theirs.value === undefined ? undefined : toBool(theirs.value);
  if (theirs.value !== undefined && b === undefined) report(r.origins[theirs.key!], `must be true or false (yes/no accepted); got ${JSON.stringify(theirs.value)}`);
  // Ansible adds `-o StrictHostKeyChecking=no` ahead of the arg strings only when checking is
  // off; when it is on it adds nothing, so an option in the strings still decides.
  const policy = b === false ? 'off' : fromArgs ?? (b === true ? 'strict' : undefined);
  if (policy) spec.hostKeyChecking = policy;
}

function resolveJump(v: Record<string, unknown>, r: ResolvedVars, spec: ConnectionSpec, name: string, fromArgs: string | undefined, report: Report): void {
  const jump = v.jump_host !== undefined ? String(v.jump_host) : fromArgs;
  if (jump === undefined) return;
  if (v.jump_host === undefined) {
    spec.jump = jump; // checked where the arg string is written
    return;
  }
  if (fromArgs !== undefined && fromArgs !== jump) {
    report(r.origins.jump_host, `conflicts with ProxyJump ${JSON.stringify(fromArgs)} in ansible_ssh_common_args for host ${name}; set only one`);
  }
  if (!JUMP_RE.test(jump)) report(r.origins.jump_host, `jump host must look like [user@]host[:port]; got ${JSON.stringify(jump)}`);
  else spec.jump = jump;
}
