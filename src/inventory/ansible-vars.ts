/**
 * Every connection var ansible-core 2.14 documents for the ssh connection plugin and the sudo
 * become plugin, and what tsprov does with it. A var in neither list is the user's own and passes
 * untouched; a var here is never dropped without a word.
 */

/**
 * Honoured vars, grouped by the setting they feed; within a group, highest precedence first.
 * Ansible reads its plugin options from a list of var names where the last one set wins, so the
 * legacy `ansible_ssh_*` names beat the new ones when both are set (with a warning here).
 */
export const ANSIBLE_CONNECTION_VARS = {
  address: ['ansible_ssh_host', 'ansible_host'],
  port: ['ansible_ssh_port', 'ansible_port'],
  user: ['ansible_ssh_user', 'ansible_user'],
  identity_file: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
  connection: ['ansible_connection'],
  become: ['ansible_become'],
  become_user: ['ansible_sudo_user', 'ansible_become_user'],
  become_method: ['ansible_become_method'],
  become_password: ['ansible_sudo_pass', 'ansible_become_pass', 'ansible_become_password'],
  become_exe: ['ansible_sudo_exe', 'ansible_become_exe'],
  become_flags: ['ansible_sudo_flags', 'ansible_become_flags'],
  host_key_checking: ['ansible_ssh_host_key_checking', 'ansible_host_key_checking'],
  connect_timeout: ['ansible_ssh_timeout', 'ansible_timeout'],
  retries: ['ansible_ssh_retries'],
  ssh_args: ['ansible_ssh_args'],
  ssh_common_args: ['ansible_ssh_common_args'],
  ssh_extra_args: ['ansible_ssh_extra_args'],
} as const;

export type ConnectionSetting = keyof typeof ANSIBLE_CONNECTION_VARS;

const PASSWORD = 'password login is not offered; use a key (ansible_ssh_private_key_file) or the ssh agent';
const FILES = 'tsprov sends files inside its one apply script, never with scp or sftp';
const ONE_CONNECTION = 'no effect: tsprov keeps one connection per host open for the whole run';

/** Recognised, not supported: each gets a positioned warning with this reason. */
export const UNSUPPORTED_VARS: Readonly<Record<string, string>> = {
  ansible_password: PASSWORD,
  ansible_ssh_pass: PASSWORD,
  ansible_ssh_password: PASSWORD,
  ansible_sshpass_prompt: 'tsprov never runs sshpass',
  ansible_ssh_pkcs11_provider: 'PKCS#11 keys are not read directly; load them into the ssh agent (ssh-add -s) instead',
  ansible_ssh_executable: 'tsprov speaks SSH itself; it runs no ssh binary',
  ansible_sftp_executable: FILES,
  ansible_scp_executable: FILES,
  ansible_scp_extra_args: FILES,
  ansible_sftp_extra_args: FILES,
  ansible_sftp_batch_mode: FILES,
  ansible_ssh_transfer_method: FILES,
  ansible_scp_if_ssh: FILES,
  ansible_pipelining: 'no effect: tsprov always pipes its script to one sh over one exec',
  ansible_ssh_pipelining: 'no effect: tsprov always pipes its script to one sh over one exec',
  ansible_control_path: ONE_CONNECTION,
  ansible_control_path_dir: ONE_CONNECTION,
  ansible_ssh_use_tty: 'tsprov never allocates a tty',
};

/** Every honoured Ansible var name, for lookups. */
export const HONOURED_ANSIBLE_VARS: ReadonlySet<string> = new Set(Object.values(ANSIBLE_CONNECTION_VARS).flat());

/**
 * Connection vars that may be templates (`ansible_host: "{{ mgmt_ip }}"`), rendered per host when
 * the connection is resolved, as Ansible templates its connection options: every honoured
 * Ansible name and tsprov's own connection names.
 */
export const TEMPLATED_CONNECTION_VARS: ReadonlySet<string> = new Set([
  ...HONOURED_ANSIBLE_VARS,
  'address', 'port', 'user', 'identity_file', 'connection', 'become', 'become_user', 'become_password_env',
  'connect_timeout', 'jump_host', 'known_hosts_file', 'host_key_checking', 'reconnect_address',
]);

/**
 * Connection vars whose type is an integer. Ansible converts their value when its connection
 * plugin reads it, so text of digits (from `-e ansible_port=22` or a template) is taken as that
 * number here too.
 */
export const INTEGER_CONNECTION_VARS: ReadonlySet<string> = new Set([...ANSIBLE_CONNECTION_VARS.port, 'port', ...ANSIBLE_CONNECTION_VARS.retries]);

/** `"2222"` → 2222 for an integer connection var; anything else unchanged. */
export function asConnectionInteger(key: string, value: unknown): unknown {
  return INTEGER_CONNECTION_VARS.has(key) && typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
}
