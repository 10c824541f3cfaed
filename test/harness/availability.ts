import { existsSync } from 'node:fs';

/**
 * Tests on real sshd need root (namespaces, mounts) and OpenSSH. Without them a test must not
 * pass silently: under CI=true it fails, elsewhere it is skipped with a loud reason.
 */
export function harnessUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'test hosts need Linux (network and mount namespaces)';
  if (process.getuid?.() !== 0) return 'test hosts need root (ip netns, mount, useradd)';
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/bin/unshare', '/usr/bin/nsenter']) {
    if (!existsSync(tool)) return `test hosts need ${tool}`;
  }
  if (!existsSync('/usr/sbin/ip') && !existsSync('/usr/bin/ip') && !existsSync('/sbin/ip')) return 'test hosts need iproute2 (ip)';
  return undefined;
}

/** Value for a describe()'s `skip` option: false under CI (the suite then fails in `before`). */
export function skipUnlessCi(reason = harnessUnavailableReason()): string | false {
  if (reason === undefined || process.env.CI === 'true') return false;
  process.stderr.write(`\n*** SKIPPING real-sshd tests: ${reason} ***\n\n`);
  return reason;
}

/** Call first in `before`: throws when the harness cannot run (reached only under CI=true). */
export function assertHarnessAvailable(): void {
  const reason = harnessUnavailableReason();
  if (reason !== undefined) throw new Error(`real-sshd tests cannot run (CI=true): ${reason}`);
}
