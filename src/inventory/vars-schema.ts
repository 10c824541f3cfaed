import { BACKENDS } from '../config/bond-model.ts';
import { BOND_LIST_SCHEMA } from '../config/bond-schema.ts';

/** Connection vars: tsprov's name → Ansible's alias. Both are accepted; both set and different is an error. */
export const CONNECTION_ALIASES = {
  address: 'ansible_host',
  port: 'ansible_port',
  user: 'ansible_user',
  identity_file: 'ansible_ssh_private_key_file',
  become: 'ansible_become',
  become_user: 'ansible_become_user',
  connection: 'ansible_connection',
} as const;

const str = { type: 'string', minLength: 1 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const become = { type: ['boolean', 'string'] };
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
    connection,
    ansible_connection: connection,
    host_key_checking: { type: ['string', 'boolean'] },
    known_hosts_file: str,
    connect_timeout: { type: 'number', exclusiveMinimum: 0 },
    reconnect_address: str,
  },
} as const;
