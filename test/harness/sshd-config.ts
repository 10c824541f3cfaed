import { shJoin } from '../../src/core/quote.ts';

/** sshd_config of a test host: key-only, no PAM, no DNS, generous start-up limits for benches. */
export function sshdConfig(o: { hostKey: string; authorizedKeys: string }): string {
  return [
    'ListenAddress 0.0.0.0:22',
    `HostKey ${o.hostKey}`,
    'PidFile none',
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'UseDNS no',
    'MaxStartups 100:30:200',
    'MaxSessions 64',
    'AllowTcpForwarding yes',
    'X11Forwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel INFO',
    '',
  ].join('\n');
}

/**
 * Runs inside the new (private) mount namespace: overlay the host's own trees, then exec sshd so
 * every login shares this mount namespace. `exec` keeps sshd's PID = the spawned PID.
 */
export function mountScript(overlays: Array<{ top: string; upper: string; work: string }>, tmpDir: string, conf: string): string {
  const lines = ['set -e'];
  for (const o of overlays) {
    lines.push(shJoin(['mount', '-t', 'overlay', `tsp${o.top.replace(/\//g, '-')}`, '-o', `lowerdir=${o.top},upperdir=${o.upper},workdir=${o.work}`, o.top]));
  }
  lines.push(shJoin(['mount', '--bind', tmpDir, '/tmp']));
  // A home of its own for root, empty as on a fresh host: this machine's /root/.bashrc (which bash
  // sources for every SSH command) runs `pyenv init`, whose rehash lock serialised concurrent
  // sessions and once stretched a 3 s test to 6 minutes.
  lines.push(shJoin(['mount', '-t', 'tmpfs', '-o', 'mode=0700,size=16m', 'tsp-root-home', '/root']));
  lines.push('mkdir -p /run/sshd');
  lines.push(shJoin(['exec', '/usr/sbin/sshd', '-D', '-e', '-f', conf]));
  return lines.join('\n');
}
