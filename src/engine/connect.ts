import { connectSsh, localConnection, type SshOptions } from '../transport/index.ts';
import type { Connection } from '../transport/types.ts';
import type { Connector } from './types.ts';

/** The connector the CLI uses: `connection: local` runs on the control machine, all else is SSH. */
export function makeConnector(ssh: SshOptions): Connector {
  return async (host, to): Promise<Connection> => {
    if (host.connection.type === 'local') return localConnection({ become: host.connection.become });
    if (!to) return connectSsh(host.connection, ssh);
    return connectSsh({ ...host.connection, address: to.address }, to.pinnedHostKey ? { ...ssh, pinnedHostKey: to.pinnedHostKey } : ssh);
  };
}
