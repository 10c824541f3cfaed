export * from './types.ts';
export { connectSsh, type SshOptions } from './ssh.ts';
export { localConnection } from './local.ts';
export type { HostKeyPolicy } from './host-key-check.ts';
export { fingerprint, parseKnownHosts, lookupName } from './known-hosts.ts';
