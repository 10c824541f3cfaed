/**
 * Rules for values that reach a host's command line or file system: package names, file
 * destinations, owners and groups, kernel module names and parameters. One place, used twice: the
 * playbook loader (and the per-host check of templated args) reports them at file:line:col, and the
 * apply script refuses them again as a second guard, so nothing unchecked reaches the fact probe,
 * `--check`, or the host. Each rule returns a message, or undefined when the value is fine.
 */
import { DOMAIN_RE, optionMessage } from './names.ts';
import { isIPv4, isIPv6 } from './net.ts';

// C0 controls and DEL: a newline breaks the probe's line-based wire format, an escape rewrites
// the operator's terminal when the path is reported.
const CONTROL = /[\u0000-\u001f\u007f]/;
const PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+._:~-]*$/;
const ACCOUNT = /^([0-9]+|[A-Za-z_][A-Za-z0-9_.-]*\$?)$/;
const KMOD = /^[A-Za-z0-9_-]{1,56}$/;
const KPARAM = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(=[^\s]*)?$/;

const got = (v: string): string => `got ${JSON.stringify(v)}`;

/** Debian and RPM package names; `:` admits an architecture qualifier (libc6:amd64). */
export function packageNameProblem(name: string): string | undefined {
  if (name.startsWith('-')) return optionMessage('apt-get, dnf, dpkg-query or rpm', name);
  if (!PACKAGE.test(name)) return `must be a package name (a letter or digit, then A-Z a-z 0-9 + . _ : ~ -); ${got(name)}`;
  return undefined;
}

/**
 * A file written on the host: absolute and normalised, because the temp file and the backup copy
 * are derived from it, and `..` would let a playbook climb out of the directory it names.
 */
export function absPathProblem(p: string): string | undefined {
  if (CONTROL.test(p)) return `must not contain control characters (newline, escape, NUL…); ${got(p)}`;
  if (!p.startsWith('/')) return `must be an absolute path (starting with /); ${got(p)}`;
  if (p === '/' || p.endsWith('/')) return `must name a file, not a directory (no trailing /); ${got(p)}`;
  if (p.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..')) {
    return `must be a normalised path (no "." or ".." segments, no "//"); ${got(p)}`;
  }
  return undefined;
}

/** A user or group for chown: a name as useradd allows it, or a numeric id. */
export function accountProblem(name: string): string | undefined {
  if (name.startsWith('-')) return optionMessage('chown', name);
  if (!ACCOUNT.test(name)) return `must be a user or group name (a letter or _, then A-Z a-z 0-9 _ . -, optionally ending in $) or a numeric id; ${got(name)}`;
  return undefined;
}

export function kmodNameProblem(name: string): string | undefined {
  if (name.startsWith('-')) return optionMessage('modprobe', name);
  if (!KMOD.test(name)) return `must be a kernel module name (A-Z a-z 0-9 _ -); ${got(name)}`;
  return undefined;
}

/** The words of a `params` string, as modprobe will get them (one argv word each). */
export const kmodParamWords = (params: string): string[] => (params.trim() === '' ? [] : params.trim().split(/\s+/));

/** One message per bad word: each word becomes its own argv entry after the module name. */
export function kmodParamsProblems(params: string): string[] {
  if (CONTROL.test(params)) return [`must not contain control characters (newline, escape, NUL…); ${got(params)}`];
  return kmodParamWords(params).flatMap((w) => {
    if (w.startsWith('-')) return [`parameter ${JSON.stringify(w)} must not start with "-": modprobe would read it as an option`];
    if (!KPARAM.test(w)) return [`parameter ${JSON.stringify(w)} must be name or name=value (name: A-Z a-z 0-9 _ . -)`];
    return [];
  });
}

// A login name as ssh, sudo and AD accept it (`svc.deploy`, `user@corp`, `CORP\\user`).
const LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.@\\-]*\$?$/;

/** ansible_host: where to connect. ssh2 gets it as data, but a hostile one is a mistake to stop early. */
export function addressProblem(host: string): string | undefined {
  if (host.startsWith('-')) return `must be a host name or IP address, not an option; ${got(host)}`;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv4(bare) || isIPv6(bare.replace(/%[A-Za-z0-9_.-]+$/, '')) || DOMAIN_RE.test(host)) return undefined;
  return `must be a host name or IP address (A-Z a-z 0-9 . - _, or IPv6 in [ ]); ${got(host)}`;
}

/** ansible_user and ansible_become_user: the login ssh sends, the user `sudo -u` gets. */
export function loginProblem(name: string, tool: string): string | undefined {
  if (name.startsWith('-')) return optionMessage(tool, name);
  if (!LOGIN.test(name)) return `must be a user name (a letter, digit or _, then A-Z a-z 0-9 _ . @ \\ -); ${got(name)}`;
  return undefined;
}

/** A controller-side path (a private key): printed in messages, so no control bytes. */
export function localPathProblem(p: string): string | undefined {
  return CONTROL.test(p) ? `must not contain control characters (newline, escape, NUL…); ${got(p)}` : undefined;
}
