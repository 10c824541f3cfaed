/** How to reach a host; resolved from inventory vars (tsprov's and Ansible's names). */
export interface ConnectionSpec {
  type: 'ssh' | 'local';
  /** Address or name to connect to (defaults to the inventory name). */
  address: string;
  port?: number;
  user?: string;
  identityFile?: string;
  /** Run privileged commands through `sudo -n` (or with a sudo password from the environment). */
  become: boolean;
  becomeUser?: string;
  /** Name of the env var holding the sudo password; the value itself never enters tsprov's data. */
  becomePasswordEnv?: string;
  /** A jump host as `[user@]host[:port]`, like OpenSSH's ProxyJump. */
  jump?: string;
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  knownHostsFile?: string;
  connectTimeoutMs?: number;
  /** Where the host answers after an apply that moves its management address (`reconnect_address`). */
  reconnectAddress?: string;
}

/** A host as the engine sees it: name, groups, fully resolved vars. Passed explicitly, never global. */
export interface Host {
  name: string;
  groups: string[];
  vars: Record<string, unknown>;
  connection: ConnectionSpec;
}
