import type { SourceProblem } from '../core/errors.ts';
import type { ConnectionSpec } from '../core/host.ts';
import { ProblemSink } from '../config/source.ts';
import type { Inventory, Origin, ResolvedVars } from './model.ts';
import { CONNECTION_ALIASES } from './vars-schema.ts';

const JUMP_RE = /^(?:[A-Za-z0-9._-]+@)?(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const ENV_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `-o ProxyJump=X`, `-o 'ProxyJump X'` or `-J X` inside ansible_ssh_common_args. */
export function jumpFromSshArgs(args: string): string | undefined {
  const m = /(?:-o\s*['"]?ProxyJump[=\s]+|-J\s*)['"]?([^\s'"]+)/i.exec(args);
  return m?.[1];
}

function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['yes', 'true', 'on', '1'].includes(s)) return true;
  if (['no', 'false', 'off', '0'].includes(s)) return false;
  return undefined;
}

/**
 * Builds the host's ConnectionSpec from resolved vars, accepting tsprov's names and Ansible's.
 * Both names set to different values is reported (at the later-winning one): which was meant?
 */
export function resolveConnection(inv: Inventory, name: string, r: ResolvedVars, problems: SourceProblem[]): ConnectionSpec {
  const report = (origin: Origin | undefined, message: string): void => {
    const src = inv.sources.find((s) => s.file === origin?.file);
    if (origin && src) new ProblemSink(src, problems).add(origin.path, message);
  };
  const v = r.vars;
  const pick = (ours: keyof typeof CONNECTION_ALIASES): unknown => {
    const theirs = CONNECTION_ALIASES[ours];
    const a = v[ours];
    const b = v[theirs];
    if (a !== undefined && b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) {
      report(r.origins[ours], `conflicts with ${theirs} (${JSON.stringify(b)}) for host ${name}; set only one of ${ours} / ${theirs}`);
    }
    return a ?? b;
  };
  const spec: ConnectionSpec = {
    type: (pick('connection') as 'ssh' | 'local' | undefined) ?? 'ssh',
    address: String(pick('address') ?? name),
    become: false,
  };
  const port = pick('port');
  if (port !== undefined) spec.port = Number(port);
  const user = pick('user');
  if (user !== undefined) spec.user = String(user);
  const key = pick('identity_file');
  if (key !== undefined) spec.identityFile = String(key);
  const becomeRaw = pick('become');
  if (becomeRaw !== undefined) {
    const b = toBool(becomeRaw);
    const key2 = v.become !== undefined ? 'become' : 'ansible_become';
    if (b === undefined) report(r.origins[key2], `must be true or false (yes/no accepted); got ${JSON.stringify(becomeRaw)}`);
    spec.become = b ?? false;
  }
  const becomeUser = pick('become_user');
  if (becomeUser !== undefined) spec.becomeUser = String(becomeUser);
  if (v.become_password_env !== undefined) {
    if (!ENV_RE.test(String(v.become_password_env))) report(r.origins.become_password_env, `must be the name of an environment variable (letters, digits, _); got ${JSON.stringify(v.become_password_env)}`);
    else spec.becomePasswordEnv = String(v.become_password_env);
  }
  resolveJump(v, r, spec, name, report);
  const hkc = v.host_key_checking;
  if (hkc !== undefined) {
    const mapped = hkc === true ? 'strict' : hkc === false ? 'off' : hkc;
    if (mapped === 'strict' || mapped === 'accept-new' || mapped === 'off') spec.hostKeyChecking = mapped;
    else report(r.origins.host_key_checking, `must be one of strict, accept-new, off; got ${JSON.stringify(hkc)}`);
  }
  if (v.known_hosts_file !== undefined) spec.knownHostsFile = String(v.known_hosts_file);
  if (v.connect_timeout !== undefined) spec.connectTimeoutMs = Math.round(Number(v.connect_timeout) * 1000);
  if (v.reconnect_address !== undefined) spec.reconnectAddress = String(v.reconnect_address);
  return spec;
}

function resolveJump(
  v: Record<string, unknown>,
  r: ResolvedVars,
  spec: ConnectionSpec,
  name: string,
  report: (o: Origin | undefined, m: string) => void,
): void {
  const fromArgs = typeof v.ansible_ssh_common_args === 'string' ? jumpFromSshArgs(v.ansible_ssh_common_args) : undefined;
  const jump = v.jump_host !== undefined ? String(v.jump_host) : fromArgs;
  if (jump === undefined) return;
  const key = v.jump_host !== undefined ? 'jump_host' : 'ansible_ssh_common_args';
  if (v.jump_host !== undefined && fromArgs !== undefined && fromArgs !== jump) {
    report(r.origins.jump_host, `conflicts with ProxyJump ${JSON.stringify(fromArgs)} in ansible_ssh_common_args for host ${name}; set only one`);
  }
  if (!JUMP_RE.test(jump)) report(r.origins[key], `jump host must look like [user@]host[:port]; got ${JSON.stringify(jump)}`);
  else spec.jump = jump;
}
