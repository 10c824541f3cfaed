import { BACKENDS } from '../config/bond-model.ts';
import { BOND_LIST_SCHEMA } from '../config/bond-schema.ts';

const str = { type: 'string', minLength: 1 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const become = { type: ['boolean', 'string'] };
// A password may be written unquoted (`1234`); it is used as text.
const secretValue = { type: ['string', 'number'] };
const connection = { type: 'string', enum: ['ssh', 'local'] };

/**
 * Known vars are typed; any other var is the user's own and passes untouched (Ansible inventories
 * carry many vars tsprov does not use).
 */
export const VARS_SCHEMA = {
  type: ['object', 'null'],
  properties: {
    bonds: BOND_LIST_SCHEMA,
    backend: { type: 'string', enum: [...BACKENDS] },
    secret_vars: { type: 'array', items: { type: 'string' } },
    // Findings `tsprov drift` reports but does not count (docs/drift.md#expected-drift).
    drift_expected: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'target', 'reason'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: ['file', 'package', 'kernel-module', 'live', 'not-applied', 'precondition'] },
          target: str,
          what: str,
          reason: str,
        },
      },
    },
    address: str,
    ansible_host: str,
    port,
    ansible_port: port,
    user: str,
    ansible_user: str,
    identity_file: str,
    ansible_ssh_private_key_file: str,
    become,
    ansible_become: become,
    become_user: str,
    ansible_become_user: str,
    become_password_env: str,
    jump_host: str,
    ansible_ssh_common_args: { type: 'string' },
    // Ansible's other connection names (legacy ssh_* and the sudo plugin's): see ansible-vars.ts.
    ansible_ssh_host: str,
    ansible_ssh_port: port,
    ansible_ssh_user: str,
    ansible_private_key_file: str,
    ansible_ssh_args: { type: 'string' },
    ansible_ssh_extra_args: { type: 'string' },
    ansible_become_method: str,
    ansible_become_password: secretValue,
    ansible_become_pass: secretValue,
    ansible_sudo_pass: secretValue,
    ansible_sudo_user: str,
    ansible_become_exe: str,
    ansible_sudo_exe: str,
    ansible_become_flags: { type: 'string' },
    ansible_sudo_flags: { type: 'string' },
    ansible_host_key_checking: { type: ['boolean', 'string'] },
    ansible_ssh_host_key_checking: { type: ['boolean', 'string'] },
    ansible_ssh_timeout: { type: ['number', 'string'] },
    ansible_timeout: { type: ['number', 'string'] },
    ansible_ssh_retries: { type: 'integer', minimum: 0 },
    connection,
    ansible_connection: connection,
    host_key_checking: { type: ['string', 'boolean'] },
    known_hosts_file: str,
    connect_timeout: { type: 'number', exclusiveMinimum: 0 },
    reconnect_address: str,
  },
} as const;
