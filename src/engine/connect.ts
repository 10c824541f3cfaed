import type { Host } from '../core/host.ts';
import { connectSsh, localConnection, type SshOptions } from '../transport/index.ts';
import type { Connection } from '../transport/types.ts';
import type { Connector } from './types.ts';

/** The connector the CLI uses: `connection: local` runs on the control machine, all else is SSH. */
export function makeConnector(ssh: SshOptions): Connector {
  return async (host: Host): Promise<Connection> => {
    if (host.connection.type === 'local') return localConnection({ become: host.connection.become });
    return connectSsh(host.connection, ssh);
  };
}
