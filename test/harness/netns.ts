import { mustRun, run, runSyncQuiet } from './proc.ts';

/**
 * Network side of a test host: its own netns `tsp-<idx>`, a management veth pair
 * (`tsh<idx>` in the root namespace <-> `mgmt0` inside) on the /30 number <idx> of
 * 198.18.0.0/16, and the requested "NICs" as veth pairs living entirely inside the namespace
 * (`eth0` <-> `eth0-peer`), so nothing a test does reaches this machine's real interfaces.
 * 198.19.0.0/16 (the other half of the 198.18.0.0/15 benchmarking block) numbers host-to-host links.
 */
export const MAX_INDEX = 16383;

function ipv4(base: number, offset: number): string {
  const n = base + offset;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
const NET_18 = (198 << 24 | 18 << 16) >>> 0;
const NET_19 = (198 << 24 | 19 << 16) >>> 0;

export function netnsName(index: number): string { return `tsp-${index}`; }
export function rootVethName(index: number): string { return `tsh${index}`; }
export function mgmtAddresses(index: number): { root: string; host: string } {
  return { root: ipv4(NET_18, index * 4 + 1), host: ipv4(NET_18, index * 4 + 2) };
}

export function peerName(nic: string, position: number): string {
  return `${nic}-peer`.length <= 15 ? `${nic}-peer` : `peer${position}`;
}

export async function createNetwork(index: number, nics: string[]): Promise<void> {
  if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) throw new Error(`test host index out of range: ${index}`);
  const ns = netnsName(index);
  const veth = rootVethName(index);
  const { root, host } = mgmtAddresses(index);
  await mustRun('ip', ['netns', 'add', ns]);
  // Created from the root namespace with its peer moved straight into the test namespace.
  await mustRun('ip', ['-batch', '-'], [
    `link add ${veth} type veth peer name mgmt0 netns ${ns}`,
    `addr add ${root}/30 dev ${veth}`,
    `link set ${veth} up`,
  ].join('\n') + '\n');
  // `ip -n` runs inside the namespace: eth0 here can never be the machine's eth0.
  const inside = ['link set lo up', `addr add ${host}/30 dev mgmt0`, 'link set mgmt0 up'];
  nics.forEach((nic, i) => {
    const peer = peerName(nic, i);
    inside.push(`link add ${nic} type veth peer name ${peer}`, `link set ${nic} up`, `link set ${peer} up`);
  });
  await mustRun('ip', ['-n', ns, '-batch', '-'], inside.join('\n') + '\n');
}

/** Links two test hosts with a veth pair; returns the address of `b` as seen from `a`. */
export async function linkNamespaces(a: number, b: number): Promise<string> {
  const local = ipv4(NET_19, a * 4 + 1);
  const remote = ipv4(NET_19, a * 4 + 2);
  const nsA = netnsName(a);
  const nsB = netnsName(b);
  await mustRun('ip', ['-n', nsA, 'link', 'add', `to${b}`, 'type', 'veth', 'peer', 'name', `from${a}`, 'netns', nsB]);
  await mustRun('ip', ['-n', nsA, '-batch', '-'], `addr add ${local}/30 dev to${b}\nlink set to${b} up\n`);
  await mustRun('ip', ['-n', nsB, '-batch', '-'], `addr add ${remote}/30 dev from${a}\nlink set from${a} up\n`);
  return remote;
}

/**
 * Kills every process inside the namespace (they can only be ours: we created it), deletes
 * it and the root-side veth. Synchronous so it also works from an exit handler.
 */
export function destroyNetworkSync(index: number): void {
  const ns = netnsName(index);
  const pids = runSyncQuiet('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  runSyncQuiet('ip', ['netns', 'del', ns]);
  runSyncQuiet('ip', ['link', 'del', rootVethName(index)]);
}

/** Async twin of destroyNetworkSync, so many hosts can stop in parallel. */
export async function destroyNetwork(index: number): Promise<void> {
  const ns = netnsName(index);
  const pids = (await run('ip', ['netns', 'pids', ns])).stdout.split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  await run('ip', ['netns', 'del', ns]);
  await run('ip', ['link', 'del', rootVethName(index)]);
}
