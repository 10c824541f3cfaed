// Why a VM did not reach SSH, read off its serial console: the lines lab/guest/lab-nic-names and
// lab-net-report print there (which NIC got which name, MAC and driver; whether the management
// NIC got its address), turned into a verdict that goes first in the boot error.
import { MGMT_IFNAME, type NicName } from './nic-names.ts';

/** The static address build-image.sh gives the management NIC (qemu user-net's guest address). */
export const MGMT_ADDRESS = '10.0.2.15/24';

interface NetLine {
  ifname: string;
  mac: string;
  driver: string;
  state: string;
  inet: string[];
}

function tagged(serial: string, tag: string): string[] {
  const out: string[] = [];
  for (const raw of serial.split('\n')) {
    const i = raw.indexOf(`${tag}: `);
    if (i >= 0) out.push(raw.slice(i + tag.length + 2).replace(/\r$/, '').trimEnd());
  }
  return out;
}

function parseNet(line: string): NetLine | undefined {
  const m = /^(\S+) mac (\S+) driver (\S+) state (\S+) inet (\S+)$/.exec(line);
  if (!m) return undefined;
  return { ifname: m[1]!, mac: m[2]!, driver: m[3]!, state: m[4]!, inet: m[5] === 'none' ? [] : m[5]!.split(',') };
}

/** The management NIC's verdict alone: the one line that says where the boot went wrong. */
export function managementVerdict(serial: string, expected: NicName[]): string {
  const mgmt = expected.find((n) => n.ifname === MGMT_IFNAME);
  const namer = tagged(serial, 'lab-nic-names');
  const net = tagged(serial, 'lab-net').map(parseNet).filter((n): n is NetLine => n !== undefined);
  if (!mgmt) return 'no management NIC declared';
  if (namer.length === 0 && net.length === 0) {
    return 'lab-nic-names printed nothing on the serial console: the VM never reached the real root\'s network setup';
  }
  const problems = namer.filter((l) => /^(MISSING|WRONG|cannot) /.test(l));
  if (net.length === 0) {
    return `no lab-net report: networking had not finished${problems.length ? ` (lab-nic-names: ${problems.join('; ')})` : ''}`;
  }
  const eth = net.find((n) => n.ifname === mgmt.ifname);
  const carrier = net.find((n) => n.mac === mgmt.mac);
  if (!eth) return `no ${mgmt.ifname} after networking; the management MAC ${mgmt.mac} is on ${carrier?.ifname ?? 'no NIC'}`;
  if (eth.mac !== mgmt.mac) {
    return `${mgmt.ifname} is ${eth.mac} (driver ${eth.driver}), not the management NIC ${mgmt.mac}, which is ${carrier ? `${carrier.ifname} (driver ${carrier.driver})` : 'missing'}: the static management config went to the wrong NIC`;
  }
  if (!eth.inet.includes(MGMT_ADDRESS)) {
    return `the management NIC ${mgmt.ifname} (${eth.mac}, driver ${eth.driver}, ${eth.state}) has ${eth.inet.length ? eth.inet.join(', ') : 'no IPv4 address'}, not ${MGMT_ADDRESS}`;
  }
  return `the management NIC ${mgmt.ifname} (${eth.mac}, driver ${eth.driver}) is ${eth.state} with ${MGMT_ADDRESS}: the network is right, look at sshd in the console tail`;
}

/** The verdict, then every naming and NIC line the console holds. */
export function bootDiagnosis(serial: string, expected: NicName[]): string {
  const lines = [`diagnosis: ${managementVerdict(serial, expected)}`];
  lines.push(`expected: ${expected.map((n) => `${n.ifname}=${n.mac}`).join(' ')}`);
  for (const l of tagged(serial, 'lab-nic-names')) lines.push(`  lab-nic-names: ${l}`);
  for (const l of tagged(serial, 'lab-net')) lines.push(`  lab-net: ${l}`);
  return lines.join('\n');
}
