/**
 * The fact probe over real SSH on a test host whose /etc holds NetworkManager keyfiles: it reads
 * in full only the bond-related ones and tsprov's own (others may hold Wi-Fi or VPN secrets),
 * with names holding spaces or a newline, and one grep deciding for all of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { connectSsh } from '../../src/transport/index.ts';
import { gatherFacts } from '../../src/facts/gather.ts';

const DIR = '/etc/NetworkManager/system-connections';
const SECRET = 'psk=do-not-read-me';

describe('fact probe: NetworkManager keyfiles over SSH', { skip: skipUnlessCi() }, () => {
  let host: TestHost;
  before(async () => {
    assertHarnessAvailable();
    host = await startTestHost({
      nics: ['eth1', 'eth2'],
      files: {
        [`${DIR}/bond0.nmconnection`]: '[connection]\ntype=bond\ninterface-name=bond0\n',
        [`${DIR}/eth1 port.nmconnection`]: '[connection]\nslave-type=bond\nmaster=bond0\ninterface-name=eth1\n',
        [`${DIR}/home wifi.nmconnection`]: `[connection]\ntype=wifi\ninterface-name=wlan0\n[wifi-security]\n${SECRET}\n`,
        [`${DIR}/tsprov-bond1.nmconnection`]: '[connection]\ninterface-name=bond1\n',
        // Bond-related, but a newline in its name would break the wire format: never read.
        [`${DIR}/odd\nname`]: '[connection]\ntype=bond\n',
        [`${DIR}/vpn`]: `[vpn]\n${SECRET}\ninterface-name=tun0\n`,
      },
    });
  });
  after(async () => {
    await host?.stop();
  });

  it('reads the bond-related and tsprov keyfiles in full, only the interface-name of the rest', async () => {
    const conn = await connectSsh(host.spec());
    try {
      const { facts, raw } = await gatherFacts(conn);
      const read = Object.keys(facts.files).filter((f) => f.startsWith(DIR)).sort();
      assert.deepEqual(read, [`${DIR}/bond0.nmconnection`, `${DIR}/eth1 port.nmconnection`, `${DIR}/tsprov-bond1.nmconnection`]);
      assert.equal(facts.files[`${DIR}/eth1 port.nmconnection`], '[connection]\nslave-type=bond\nmaster=bond0\ninterface-name=eth1\n');
      assert.equal(facts.nmInterfaces?.[`${DIR}/home wifi.nmconnection`], 'wlan0');
      assert.equal(facts.nmInterfaces?.[`${DIR}/vpn`], 'tun0');
      assert.ok(!Buffer.from(raw.split('\n').slice(1).join(''), 'base64').toString('utf8').includes(SECRET), 'a secret left the host');
    } finally {
      await conn.close();
    }
  });
});
