/** Structure of plays and of a task's non-module keys; module args are checked by each module's schema. */
const strOrList = { type: ['string', 'array'], items: { type: 'string' } };

export const PLAY_SCHEMA = {
  type: 'object',
  required: ['hosts'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    hosts: strOrList,
    vars: { type: ['object', 'null'] },
    serial: { type: ['integer', 'string', 'array'], items: { type: ['integer', 'string'] } },
    max_fail_percentage: { type: 'number', minimum: 0, maximum: 100 },
    any_errors_fatal: { type: 'boolean' },
    gather_facts: { type: 'boolean' },
    vars_files: { type: ['array', 'string', 'null'], items: { type: ['string', 'array'], items: { type: 'string' } } },
    pre_tasks: { type: ['array', 'null'], items: { type: 'object' } },
    tasks: { type: ['array', 'null'], items: { type: 'object' } },
    post_tasks: { type: ['array', 'null'], items: { type: 'object' } },
    handlers: { type: ['array', 'null'], items: { type: 'object' } },
  },
} as const;

export const TASK_KEYS = ['name', 'notify', 'when', 'tags', 'check_mode', 'changed_when', 'register', 'loop', 'loop_control', 'ignore_errors', 'failed_when'] as const;

const condition = { type: ['string', 'boolean', 'array'], items: { type: ['string', 'boolean'] } };

export const TASK_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    notify: strOrList,
    when: condition,
    tags: strOrList,
    check_mode: { type: 'boolean' },
    changed_when: condition,
    failed_when: condition,
    ignore_errors: { type: 'boolean' },
    register: { type: 'string' },
    loop: { type: ['array', 'string'] },
    // Names and unknown keys are checked by config/task-keywords.ts, with Ansible's names for the rest.
    loop_control: { type: 'object', properties: { loop_var: { type: 'string' }, index_var: { type: 'string' }, label: { type: 'string' } } },
  },
} as const;
