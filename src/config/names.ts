/** Names that end up in file paths and shell commands; checked where they enter. */
const IFNAME_RE = /^[A-Za-z0-9_.:-]{1,15}$/;

/** Why a value must not start with `-`, naming the tools that would misread it. */
export const optionMessage = (tools: string, got: unknown): string =>
  `must not start with "-": ${tools} would read it as an option; got ${JSON.stringify(got)}`;

/**
 * What Linux itself accepts as an interface name (dev_valid_name) minus anything a shell, a path
 * or a command line would mind: a leading `-` turns `ifdown --force -a` into "every interface".
 */
export function isValidIfName(name: unknown): name is string {
  return typeof name === 'string' && IFNAME_RE.test(name) && name !== '.' && name !== '..' && !name.startsWith('-');
}

export function ifNameMessage(got: unknown): string {
  if (typeof got === 'string' && got.startsWith('-')) return optionMessage('ifup, ifdown or ip', got);
  return `must be a valid Linux interface name (1–15 characters of A-Z a-z 0-9 _ . : -, not "." or ".."); got ${JSON.stringify(got)}`;
}

export const DOMAIN_RE = /^(?=.{1,253}$)[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63})*\.?$/;
