import type { RunListener, TraceListener } from '../core/events.ts';
import type { Host } from '../core/host.ts';
import { redactDeep } from '../core/secrets.ts';
import { escapeControls } from '../core/show-path.ts';
import { connectSsh, localConnection, type SshOptions } from '../transport/index.ts';
import type { Connection } from '../transport/types.ts';
import { secretValues } from './sensitive.ts';
import type { Connector } from './types.ts';

/** A host's transport traces as RunEvents, with its secret vars' values hidden (a command line may quote one). */
function hostTrace(host: Host, listener: RunListener, reached: readonly string[]): TraceListener {
  const secrets = secretValues(host.vars);
  return (t) => listener(redactDeep({ ...t, host: host.name }, reached.length ? [...secrets, ...reached] : secrets));
}

/**
 * The connector the CLI uses: `connection: local` runs on the control machine, all else is SSH.
 * With a listener, every connection and exec is traced to it (`-vv` and up), each host's secrets
 * hidden, and `reached` too: secret values templates reached through hostvars (a live list).
 */
export function makeConnector(ssh: SshOptions, listener?: RunListener, reached: readonly string[] = []): Connector {
  return async (host, to): Promise<Connection> => {
    // The transport knows only user@address; at hundreds of hosts a warning must say which one.
    const warn = ssh.onWarning;
    const named: SshOptions = warn ? { ...ssh, onWarning: (m) => warn(`${escapeControls(host.name)}: ${m}`) } : ssh;
    const traced: SshOptions = listener ? { ...named, onTrace: hostTrace(host, listener, reached) } : named;
    if (host.connection.type === 'local') {
      return localConnection({ become: host.connection.become, ...(traced.onTrace ? { onTrace: traced.onTrace } : {}) });
    }
    if (!to) return connectSsh(host.connection, traced);
    return connectSsh({ ...host.connection, address: to.address }, to.pinnedHostKey ? { ...traced, pinnedHostKey: to.pinnedHostKey } : traced);
  };
}
