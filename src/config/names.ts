/** Names that end up in file paths and shell commands; checked where they enter. */
const IFNAME_RE = /^[A-Za-z0-9_.:-]{1,15}$/;

/** What Linux itself accepts as an interface name (dev_valid_name) minus anything a shell or path would mind. */
export function isValidIfName(name: unknown): name is string {
  return typeof name === 'string' && IFNAME_RE.test(name) && name !== '.' && name !== '..';
}

export function ifNameMessage(got: unknown): string {
  return `must be a valid Linux interface name (1–15 characters of A-Z a-z 0-9 _ . : -, not "." or ".."); got ${JSON.stringify(got)}`;
}

export const KMOD_RE = /^[A-Za-z0-9_-]{1,56}$/;
export const DOMAIN_RE = /^(?=.{1,253}$)[A-Za-z0-9_-]{1,63}(\.[A-Za-z0-9_-]{1,63})*\.?$/;
