import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { mustRun, run } from './proc.ts';

/**
 * The non-root login user for become tests. It exists on the machine (useradd, no password:
 * `*`, which sshd treats as "no password" rather than "locked"), but its sudo rights and its
 * sudo password exist only inside a test host: a sudoers drop-in and a copy of /etc/shadow are
 * written into the host's /etc overlay.
 */
export const TEST_USER = 'tsprovtest';
export const TEST_USER_HOME = '/var/lib/tsprovtest';
export const SUDO_PASSWORD = 'tsprov-Sudo-Secr3t';
export type SudoMode = 'nopasswd' | 'password' | 'none';

let ready: Promise<void> | undefined;
let hash: Promise<string> | undefined;

export function ensureTestUser(): Promise<void> {
  ready ??= (async () => {
    if ((await run('id', ['-u', TEST_USER])).exitCode !== 0) {
      const r = await run('useradd', ['--system', '--create-home', '--home-dir', TEST_USER_HOME, '--shell', '/bin/sh', TEST_USER]);
      // 9 = already exists (another test process won the race).
      if (r.exitCode !== 0 && r.exitCode !== 9) throw new Error(`useradd ${TEST_USER} failed: ${r.stderr}`);
    }
    await mkdir(TEST_USER_HOME, { recursive: true });
    await mustRun('chown', [`${TEST_USER}:`, TEST_USER_HOME]);
    const line = readFileSync('/etc/shadow', 'utf8').split('\n').find((l) => l.startsWith(`${TEST_USER}:`));
    // sshd (UsePAM no) refuses even key logins for a locked ('!') account.
    if (line?.split(':')[1]?.startsWith('!')) await mustRun('usermod', ['-p', '*', TEST_USER]);
  })();
  return ready;
}

function passwordHash(): Promise<string> {
  hash ??= mustRun('openssl', ['passwd', '-6', '-salt', 'tsprovharness', SUDO_PASSWORD]).then((s) => s.trim());
  return hash;
}

/** Files (absolute path → content, mode) to put into a host's /etc for the chosen sudo mode. */
export async function sudoFiles(mode: SudoMode): Promise<Array<{ path: string; content: string; mode: number; group?: number }>> {
  if (mode === 'none') return [];
  const rule = mode === 'nopasswd' ? `${TEST_USER} ALL=(ALL:ALL) NOPASSWD: ALL` : `${TEST_USER} ALL=(ALL:ALL) ALL`;
  const files = [{ path: '/etc/sudoers.d/tsprov-test', content: `Defaults:${TEST_USER} lecture=never\n${rule}\n`, mode: 0o440 }];
  if (mode === 'nopasswd') return files;
  const h = await passwordHash();
  const shadow = readFileSync('/etc/shadow', 'utf8').split('\n').filter((l) => l && !l.startsWith(`${TEST_USER}:`));
  shadow.push(`${TEST_USER}:${h}:20000:0:99999:7:::`);
  // pam_unix sleeps 2 s after a wrong password unless told `nodelay`; tests that feed sudo a
  // wrong password on purpose would spend most of their time in that sleep. Only this host's
  // sudo sees the copy; the machine's PAM stack is untouched.
  const commonAuth = readFileSync('/etc/pam.d/common-auth', 'utf8').replace(/^(auth\s.*pam_unix\.so\b.*)$/m, (l) => (/\bnodelay\b/.test(l) ? l : `${l} nodelay`));
  return [
    ...files,
    { path: '/etc/shadow', content: shadow.join('\n') + '\n', mode: 0o640, group: 42 },
    { path: '/etc/pam.d/common-auth', content: commonAuth, mode: 0o644 },
  ];
}
