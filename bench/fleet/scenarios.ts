/**
 * What is measured on each fleet, as command lines: the raw floor (one OpenSSH `ssh` per host,
 * all at once), the tsprov commands, and Ansible's equivalent check.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { shJoin, shq } from '../../src/core/quote.ts';
import type { BenchHost } from './hosts.ts';

/**
 * The files src/facts/probe-script.ts reads, read the plainest way: one `cat`, and the probe's
 * dpkg-query for its package list (shipping all of /var/lib/dpkg/status would be a straw man).
 * /usr/lib/modprobe.d is left out as the probe leaves it out under a merged /usr. Unmatched globs
 * stay literal and cat complains on stderr, as a quick script would. Keep in step with the probe.
 */
const FLOOR_COMMAND = [
  'read -r r </proc/sys/kernel/osrelease',
  'cat /boot/config-$r /lib/modules/$r/modules.builtin' +
    ['address', 'operstate', 'carrier', 'speed', 'duplex', 'mtu', 'type', 'uevent'].map((k) => ` /sys/class/net/*/${k}`).join('') +
    ' /proc/net/bonding/* /etc/os-release /proc/1/comm /proc/cmdline' +
    ' /etc/network/interfaces /etc/modules /etc/modutils/aliases /etc/modutils/actions' +
    ' /etc/network/interfaces.d/* /etc/modprobe.d/* /etc/netplan/*.yaml /etc/systemd/network/* /etc/sysconfig/network-scripts/ifcfg-*' +
    ' /run/modprobe.d/*.conf /usr/local/lib/modprobe.d/*.conf /lib/modprobe.d/*.conf /etc/NetworkManager/system-connections/* 2>/dev/null',
  shJoin(['dpkg-query', '-W', '-f', '${Package}\\t${Status}\\t${Version}\\n', '--', 'ifenslave', 'ifupdown', 'ifupdown2', 'netplan.io', 'systemd', 'network-manager', 'iproute2', 'ethtool', 'net-tools']) + ' 2>/dev/null',
].join('\n');

/**
 * The floor as an sh script: sh, not Node, so its controller cost is the ssh processes and little
 * else. `parallel` undefined: every `ssh` started at once, then a `wait` for each (the issue's
 * floor). A number: at most that many at a time through `xargs -P`, as an operator would cap it
 * (one extra `sh` per host). Either prints "<host> <exit status>" per host.
 */
export function writeFloorScript(dir: string, fleet: BenchHost[], parallel?: number): string {
  const lines = ['#!/bin/sh', `R=${shq(FLOOR_COMMAND)}`, 'export R'];
  const sshOf = (h: BenchHost, i: number): string => `${shJoin(['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${h.host.knownHostsPath}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=10',
    '-i', h.host.clientKeyPath, '-p', String(h.host.port), `root@${h.host.address}`])} "$R" >${shq(join(dir, `ssh-${i}.out`))} 2>&1 </dev/null`;
  if (parallel === undefined) {
    fleet.forEach((h, i) => lines.push(`${sshOf(h, i)} & p${i}=$!`));
    fleet.forEach((h, i) => lines.push(`wait $p${i}; echo ${shq(h.name)} $?`));
  } else {
    lines.push(`xargs -d '\\n' -P ${parallel} -n 1 sh -c <<'EOF'`, ...fleet.map((h, i) => `${sshOf(h, i)}; echo ${shq(h.name)} $?`), 'EOF');
  }
  const file = join(dir, parallel === undefined ? 'floor.sh' : `floor-p${parallel}.sh`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** ssh exits 255 for its own failures; 1 is dpkg-query naming packages that are not installed. */
export function floorStatus(stdoutPath: string): string {
  const codes = readFileSync(stdoutPath, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[1]));
  const failed = codes.filter((c) => c === 255 || Number.isNaN(c)).length;
  return failed ? `ok ${codes.length - failed}, failed ${failed}` : `ok ${codes.length}`;
}

/** Per-host statuses from a recap (`host : ok=… status=X`), or drift's summary line. */
export function tsprovStatus(stdoutPath: string, stderrPath: string): string {
  const text = readFileSync(stdoutPath, 'utf8') + readFileSync(stderrPath, 'utf8');
  const drift = /^DRIFT: \d+ hosts: (.*)$/m.exec(text);
  if (drift) return drift[1]!;
  return countStatuses([...text.matchAll(/^\S+\s+: ok=.* status=(\S+)$/gm)].map((m) => m[1]!)) || 'no recap';
}

function countStatuses(statuses: string[]): string {
  const n = new Map<string, number>();
  for (const s of statuses) n.set(s, (n.get(s) ?? 0) + 1);
  return [...n].map(([s, c]) => `${s} ${c}`).join(', ');
}

/**
 * Ansible's equivalent of `tsprov check`: gather facts (its probe), compare the interfaces file
 * (copy in --check --diff). Defaults as installed (see ansibleEnv): no pipelining, no Mitogen.
 */
export function writeAnsibleFiles(dir: string, fleet: BenchHost[]): { inventory: string; playbook: string } {
  const hosts = Object.fromEntries(fleet.map((h) => [h.name, {
    ansible_host: h.host.address, ansible_port: h.host.port, ansible_user: 'root', ansible_ssh_private_key_file: h.host.clientKeyPath,
    ansible_ssh_common_args: `-o UserKnownHostsFile=${h.host.knownHostsPath} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`,
    want_interfaces: h.wantText,
  }]));
  const inventory = join(dir, 'ansible-inventory.yml');
  writeFileSync(inventory, stringify({ all: { hosts } }));
  const playbook = join(dir, 'ansible-check.yml');
  writeFileSync(playbook, stringify([{ hosts: 'all', gather_facts: true, tasks: [{ name: 'interfaces', 'ansible.builtin.copy': { dest: '/etc/network/interfaces', content: '{{ want_interfaces }}' } }] }]));
  return { inventory, playbook };
}

/**
 * Ansible's defaults but for paths: its files go to the work dir and, on the hosts, to their own
 * /tmp (a test host's /root is this machine's).
 */
export function ansibleEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env, ANSIBLE_HOME: join(dir, 'ansible-home'), ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'), ANSIBLE_REMOTE_TMP: '/tmp/.ansible-remote',
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, 'ansible-cp'),
    ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
  };
}

/**
 * Ansible's ssh masters (ControlPersist 60 s, daemonized) outlive ansible-playbook and would hold
 * every host's sshd into the next scenario: end them, found by their control path in our work dir.
 */
export function endAnsibleMasters(dir: string): void {
  const mark = join(dir, 'ansible-cp');
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    // A master's process title is "ssh: CONTROL_PATH [mux]".
    if (/^(?:\S*\/)?ssh(?:\0|: )/.test(cmd) && cmd.includes(mark)) try { process.kill(Number(pid), 'SIGTERM'); } catch { /* gone */ }
  }
}

/** PLAY RECAP lines → statuses the way tsprov names them. */
export function ansibleStatus(stdoutPath: string): string {
  const rows = [...readFileSync(stdoutPath, 'utf8').matchAll(/^\S+\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)];
  return countStatuses(rows.map(([, , changed, unreachable, failed]) => (Number(unreachable) ? 'unreachable' : Number(failed) ? 'failed' : Number(changed) ? 'changed' : 'ok'))) || 'no recap';
}
