import type { SecretText } from './secrets.ts';

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
  /** A sudo password given as a value (ansible_become_password, -K); masked wherever printed. */
  becomePassword?: SecretText;
  /** The sudo program to run (ansible_become_exe), default `sudo`. */
  becomeExe?: string;
  /** Extra sudo flags passed through (ansible_become_flags): only `-H` and `-E`. */
  becomeFlags?: string[];
  /** A jump host as `[user@]host[:port]`, like OpenSSH's ProxyJump. */
  jump?: string;
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  knownHostsFile?: string;
  connectTimeoutMs?: number;
  /** ServerAliveInterval / ServerAliveCountMax from ssh args. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Name to look the host key up under (HostKeyAlias). */
  hostKeyAlias?: string;
  /** An OpenSSH client config for this host only (`-F file` in ssh args). */
  sshConfigFile?: string;
  /** Extra connect attempts on transient errors (ansible_ssh_retries, ConnectionAttempts - 1). */
  connectRetries?: number;
  /** IdentitiesOnly=yes: offer only the identity file, not the agent's keys. */
  identitiesOnly?: boolean;
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
