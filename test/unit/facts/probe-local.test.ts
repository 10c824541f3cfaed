/**
 * Runs the real probe with dash on THIS machine (read-only, safe) and checks what it reports
 * against what we know of the machine: Debian 12, a kernel without CONFIG_BONDING, lo and eth0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PROBE_SCRIPT } from '../../../src/facts/probe-script.ts';
import { assembleFacts } from '../../../src/facts/assemble.ts';

const CI = process.env['CI'] === 'true';
const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function runProbe(shell: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ReturnType<typeof spawnSync> {
  return spawnSync(shell, ['-c', PROBE_SCRIPT], { encoding: 'utf8', timeout: 30_000, ...opts });
}

test('probe script passes dash -n and sh -n', () => {
  for (const shell of ['dash', 'sh']) {
    const r = spawnSync(shell, ['-n', '-c', PROBE_SCRIPT], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${shell} -n: ${r.stderr}`);
  }
});

test('probe script has no obvious bash-isms', (t) => {
  if (have('checkbashisms')) {
    const r = spawnSync('checkbashisms', ['-f', '-'], { input: `#!/bin/sh\n${PROBE_SCRIPT}`, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return;
  }
  // checkbashisms (devscripts) is not installed here: fall back to a grep for the usual suspects.
  t.diagnostic('checkbashisms not installed: using the built-in pattern check only');
  const suspects = [/\[\[/, /\bfunction\s+\w+/, /\blocal\s/, /<<</, /\$\{[^}]*\/\//, /\$\(\(\s*\w+\+\+/, /\bsource\s/, /&>/, /\bmktemp\b/, /\bpipefail\b/];
  const code = PROBE_SCRIPT.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  for (const re of suspects) assert.doesNotMatch(code, re);
});

test('probe on this machine: Debian, no CONFIG_BONDING, lo and eth0, exit 0', () => {
  const r = runProbe('dash');
  assert.equal(r.status, 0, String(r.stderr));
  const { facts, warnings } = assembleFacts(String(r.stdout));
  assert.deepEqual(warnings, []);
  assert.equal(facts.probeVersion, 2);
  // Driver links resolve through `cd -P` (no readlink process): same name as readlink gives.
  for (const nic of readdirSync('/sys/class/net')) {
    const link = `/sys/class/net/${nic}/device/driver`;
    const want = existsSync(link) ? basename(readlinkSync(link)) : null;
    assert.equal(facts.nics.find((n) => n.name === nic)?.driver ?? null, want, `${nic} driver`);
  }
  assert.equal(facts.os.id, 'debian');
  const release = spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
  assert.equal(facts.kernel.release, release);
  const expectedSource = existsSync(`/boot/config-${release}`) ? 'boot-config' : existsSync('/proc/config.gz') ? 'proc-config.gz' : 'modules.builtin';
  assert.equal(facts.kernel.configSource, expectedSource);
  assert.equal(facts.kernel.bonding, 'n');
  assert.equal(facts.kernel.bondingLine, '# CONFIG_BONDING is not set');
  assert.equal(facts.bondingModule.loadable, false);
  const names = facts.nics.map((n) => n.name);
  assert.ok(names.includes('lo') && names.includes('eth0'), names.join(','));
  assert.equal(facts.nics.find((n) => n.name === 'lo')?.kind, 'loopback');
  assert.ok(facts.addresses?.lo?.includes('127.0.0.1/8'), `lo's address from ip -o addr: ${JSON.stringify(facts.addresses)}`);
  assert.equal(facts.packages.manager, 'dpkg');
  assert.equal(facts.packages.packages.systemd.installed, true);
  assert.equal(facts.commands.ip, true);
  // /lib/modprobe.d/systemd.conf ships max_bonds=0 on this Debian.
  if (existsSync('/lib/modprobe.d/systemd.conf')) assert.equal(facts.modprobe.maxBonds, 0);
});

test('probe creates no file: empty cwd/HOME/TMPDIR stay empty, strace sees no write-open', (t) => {
  const box = mkdtempSync(join(tmpdir(), 'tsprov-probe-ro-'));
  try {
    for (const d of ['cwd', 'home', 'tmp']) rmSync(join(box, d), { force: true, recursive: true });
    const dirs = ['cwd', 'home', 'tmp'].map((d) => join(box, d));
    for (const d of dirs) spawnSync('mkdir', [d]);
    const env = { ...process.env, HOME: dirs[1], TMPDIR: dirs[2], SSH_CONNECTION: '127.0.0.1 40000 127.0.0.1 22' };
    if (!have('strace')) {
      if (CI) assert.fail('strace is required in CI to prove the probe is read-only');
      t.diagnostic('SKIPPED PART: strace not installed, only the directory check ran');
    } else {
      const calls = 'open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,mknod,mknodat,truncate';
      const traceWrites = (script: string): string[] => {
        const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${calls}`, 'dash', '-c', script], { encoding: 'utf8', cwd: dirs[0], env, timeout: 60_000 });
        assert.equal(r.status, 0);
        return r.stderr.split('\n').filter((l) =>
          /(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)/.test(l) || /\b(creat|mkdir|mkdirat|rename\w*|link|linkat|symlink\w*|unlink\w*|mknod\w*|truncate)\(/.test(l))
          // dash opens /dev/null with O_CREAT for `2>/dev/null`: a device, not a file it creates.
          .filter((l) => !/"\/dev\/null"/.test(l));
      };
      // Control: the filter must see a write, or an empty result would prove nothing.
      assert.ok(traceWrites('echo x >probe-control; rm -f probe-control').length >= 2, 'strace filter blind');
      assert.deepEqual(traceWrites(PROBE_SCRIPT), [], 'probe opened files for writing');
    }
    const r2 = runProbe('dash', { cwd: dirs[0], env });
    assert.equal(r2.status, 0);
    for (const d of dirs) assert.deepEqual(readdirSync(d), [], `${d} must stay empty`);
    // With SSH_CONNECTION set, the probe asks the kernel which interface reaches the client.
    const { facts } = assembleFacts(String(r2.stdout));
    assert.equal(facts.management.sshClientIp, '127.0.0.1');
    assert.equal(facts.management.interface, 'lo');
  } finally {
    rmSync(box, { recursive: true, force: true });
  }
});

test('probe inside a network namespace sees its veth pair and bridge master', (t) => {
  if (process.getuid?.() !== 0) {
    if (CI) assert.fail('needs root to create a network namespace');
    t.skip('LOUD SKIP: not root, cannot create a network namespace');
    return;
  }
  const ns = `tsprov-h3-${process.pid}`;
  const sh = (cmd: string): ReturnType<typeof spawnSync> => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  try {
    assert.equal(sh(`ip netns add ${ns}`).status, 0);
    const setup = sh(`ip -n ${ns} link add v1 type veth peer name v2 && ip -n ${ns} link set v1 up && ip -n ${ns} link set v2 up`);
    assert.equal(setup.status, 0, String(setup.stderr));
    const bridged = sh(`ip -n ${ns} link add br0 type bridge && ip -n ${ns} link set v1 master br0`).status === 0;
    const r = spawnSync('ip', ['netns', 'exec', ns, 'dash', '-c', PROBE_SCRIPT], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const { facts } = assembleFacts(r.stdout);
    const v1 = facts.nics.find((n) => n.name === 'v1');
    const v2 = facts.nics.find((n) => n.name === 'v2');
    assert.equal(v1?.kind, 'veth');
    assert.equal(v2?.kind, 'veth');
    assert.equal(v2?.master, null);
    if (bridged) assert.equal(v1?.master, 'br0');
    assert.ok(!facts.nics.some((n) => n.name === 'eth0'), 'the namespace must not show the host eth0');
  } finally {
    sh(`ip netns del ${ns}`);
  }
});

test('probe finds SSH_CONNECTION in an ancestor when sudo reset the environment', () => {
  // `env -u` stands in for sudo's env_reset; the trailing `true` keeps sh from exec-ing away.
  const r = spawnSync('sh', ['-c', 'env -u SSH_CONNECTION dash -c "$P"; true'], {
    encoding: 'utf8',
    env: { ...process.env, P: PROBE_SCRIPT, SSH_CONNECTION: '127.0.0.1 40000 127.0.0.1 22' },
    timeout: 30_000,
  });
  assert.equal(r.status, 0);
  const { facts } = assembleFacts(r.stdout);
  assert.equal(facts.management.sshClientIp, '127.0.0.1');
  assert.equal(facts.management.sshServerIp, '127.0.0.1');
  assert.equal(facts.management.interface, 'lo');
});

test('probe under busybox ash prints exactly what dash prints', (t) => {
  // Set TSPROV_BUSYBOX to a busybox binary (e.g. extracted with `apt-get download busybox`).
  const bb = process.env['TSPROV_BUSYBOX'] ?? (have('busybox') ? 'busybox' : undefined);
  if (!bb) {
    t.skip('LOUD SKIP: no busybox on PATH and TSPROV_BUSYBOX unset');
    return;
  }
  const a = spawnSync(bb, ['sh', '-c', PROBE_SCRIPT], { encoding: 'utf8', timeout: 30_000 });
  const b = runProbe('dash');
  assert.equal(a.status, 0, a.stderr);
  // Volatile sysfs/route values may change between the two runs: compare the parsed shape.
  const strip = (raw: string) => assembleFacts(raw).facts;
  assert.deepEqual(Object.keys(strip(a.stdout)), Object.keys(strip(String(b.stdout))));
  assert.deepEqual(strip(a.stdout).kernel, strip(String(b.stdout)).kernel);
  assert.deepEqual(strip(a.stdout).files, strip(String(b.stdout)).files);
  assert.deepEqual(strip(a.stdout).nics.map((n) => n.name), strip(String(b.stdout)).nics.map((n) => n.name));
});

test('probe forks no subshell: every process it starts runs a program, but the one body piped into the encoder', (t) => {
  if (!have('strace')) {
    if (CI) assert.fail('strace is required in CI to count the processes the probe starts');
    t.skip('LOUD SKIP: strace not installed');
    return;
  }
  const box = mkdtempSync(join(tmpdir(), 'tsprov-probe-forks-'));
  const trace = join(box, 'trace');
  // -o: every line starts with its PID (on stderr the first process's lines have none).
  const r = spawnSync('strace', ['-f', '-qq', '-o', trace, '-e', 'trace=execve,clone,clone3,fork,vfork', 'dash', '-c', PROBE_SCRIPT], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, SSH_CONNECTION: '127.0.0.1 40000 127.0.0.1 22' },
  });
  const text = readFileSync(trace, 'utf8');
  rmSync(box, { recursive: true, force: true });
  assert.equal(r.status, 0);
  const lines = text.split('\n');
  // A child's PID is the return value of clone/fork/vfork, on the call's line or its "resumed" line.
  const started = lines.flatMap((l) => /\b(clone3?|v?fork)(\(| resumed>).*= (\d+)\s*$/.exec(l)?.[3] ?? []);
  // strace pads the PID to five columns: "9144  execve(" has two spaces, "12345 execve(" one.
  const ran = new Set(lines.flatMap((l) => /^(\d+)\s+(<\.\.\. )?execve.*= 0\s*$/.exec(l)?.[1] ?? []));
  // Control: the probe runs grep, ip, dpkg-query, base64 … here; seeing none would prove nothing.
  assert.ok(started.length >= 5 && ran.size >= 5, `strace saw ${started.length} processes, ${ran.size} running a program:\n${text}`);
  // `{ … } | base64`: the braces' body is the one process that runs no program of its own.
  assert.equal(started.filter((pid) => !ran.has(pid)).length, 1, text);
});
