import SSHConfig from 'ssh-config';
import type { ConnectionSpec } from '../core/host.ts';
import type { HostKeyPolicy } from './host-key-check.ts';

/**
 * Merges an inventory ConnectionSpec with ~/.ssh/config (OpenSSH semantics via the `ssh-config`
 * library: first matching value wins). Inventory values always win over the file. Pure: the
 * caller passes the config text, home directory and local user name.
 */
export interface ResolvedTarget {
  /** The name the user wrote (inventory address or ssh config alias). */
  alias: string;
  /** Where to connect: config HostName applied to the alias. */
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** True when identity files were named explicitly (inventory or config): missing ones are errors. */
  identityExplicit: boolean;
  /** ProxyJump hops in order, each `[user@]host[:port]`; empty for a direct connection. */
  jumps: string[];
  knownHostsFiles?: string[];
  hostKeyPolicy?: HostKeyPolicy;
  hostKeyAlias?: string;
  connectTimeoutMs?: number;
}

export interface ResolveEnv {
  home: string;
  localUser: string;
}

type Computed = Record<string, string | string[]>;

function first(c: Computed, key: string): string | undefined {
  const v = c[key];
  return Array.isArray(v) ? v[0] : v;
}

function all(c: Computed, key: string): string[] {
  const v = c[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Expands `~` and the common OpenSSH tokens (%d %h %p %r %u %%). */
export function expandPath(p: string, t: { home: string; host: string; port: number; user: string; localUser: string }): string {
  const tilde = p === '~' ? t.home : p.startsWith('~/') ? t.home + p.slice(1) : p;
  return tilde.replace(/%([dhpru%])/g, (_, c: string) =>
    ({ d: t.home, h: t.host, p: String(t.port), r: t.user, u: t.localUser, '%': '%' })[c] ?? '');
}

function policyFrom(value: string | undefined): HostKeyPolicy | undefined {
  const v = value?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'yes' || v === 'ask') return 'strict';
  if (v === 'accept-new') return 'accept-new';
  if (v === 'no' || v === 'off') return 'off';
  return undefined;
}

export function computeConfig(configText: string | undefined, alias: string): Computed {
  if (!configText) return {};
  // matchExec false: never run shell commands from a config file just to connect.
  return SSHConfig.parse(configText).compute(alias, { ignoreCase: true, matchExec: false });
}

export function resolveTarget(spec: ConnectionSpec, configText: string | undefined, env: ResolveEnv): ResolvedTarget {
  const c = computeConfig(configText, spec.address);
  const host = first(c, 'hostname') ?? spec.address;
  const portText = first(c, 'port');
  const port = spec.port ?? (portText ? Number(portText) : 22);
  const user = spec.user ?? first(c, 'user') ?? env.localUser;
  const tokens = { home: env.home, host, port, user, localUser: env.localUser };
  const cfgIds = all(c, 'identityfile');
  const identityFiles = spec.identityFile
    ? [spec.identityFile]
    : cfgIds.length > 0
      ? cfgIds
      : ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
  const jumpText = spec.jump ?? first(c, 'proxyjump');
  const jumps = jumpText && jumpText.toLowerCase() !== 'none' ? jumpText.split(',').map((s) => s.trim()).filter(Boolean) : [];
  // The library splits multi-value directives into arrays already.
  const khFiles = all(c, 'userknownhostsfile').flatMap((s) => s.split(/\s+/)).filter((s) => s && s.toLowerCase() !== 'none');
  const knownHostsFiles = spec.knownHostsFile ? [spec.knownHostsFile] : khFiles.length ? khFiles : undefined;
  const timeoutText = first(c, 'connecttimeout');
  const connectTimeoutMs = spec.connectTimeoutMs ?? (timeoutText ? Number(timeoutText) * 1000 : undefined);
  const hostKeyPolicy = spec.hostKeyChecking ?? policyFrom(first(c, 'stricthostkeychecking'));
  const hostKeyAlias = spec.hostKeyAlias ?? first(c, 'hostkeyalias');
  return {
    alias: spec.address,
    host,
    port,
    user,
    identityFiles: identityFiles.map((p) => expandPath(p, tokens)),
    identityExplicit: Boolean(spec.identityFile) || cfgIds.length > 0,
    jumps,
    ...(knownHostsFiles ? { knownHostsFiles: knownHostsFiles.map((p) => expandPath(p, tokens)) } : {}),
    ...(hostKeyPolicy ? { hostKeyPolicy } : {}),
    ...(hostKeyAlias ? { hostKeyAlias } : {}),
    ...(connectTimeoutMs !== undefined && Number.isFinite(connectTimeoutMs) ? { connectTimeoutMs } : {}),
  };
}

/** Parses one ProxyJump hop `[user@]host[:port]` (IPv6 as `[addr]:port`) into a spec to resolve. */
export function parseJumpHop(hop: string): ConnectionSpec {
  const at = hop.lastIndexOf('@');
  const user = at >= 0 ? hop.slice(0, at) : undefined;
  const rest = at >= 0 ? hop.slice(at + 1) : hop;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  const address = m?.[1] ?? rest;
  const port = m?.[2] ? Number(m[2]) : undefined;
  return {
    type: 'ssh', address, become: false,
    ...(user ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}
