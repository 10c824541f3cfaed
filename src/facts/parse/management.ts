import type { ManagementFacts } from '../types.ts';

/** The `mgmt` section: "ssh_connection=CLIENT CPORT SERVER SPORT" then `ip route get CLIENT`. */
export function parseManagement(text: string | null): ManagementFacts {
  const t = text ?? '';
  const conn = /^ssh_connection=(.*)$/m.exec(t)?.[1]?.trim() ?? '';
  const [client, , server] = conn.split(/\s+/);
  const out: ManagementFacts = {};
  if (client) out.sshClientIp = client;
  if (server) out.sshServerIp = server;
  const dev = /\bdev (\S+)/.exec(t.replace(/^ssh_connection=.*$/m, ''))?.[1];
  if (dev) out.interface = dev;
  return out;
}
