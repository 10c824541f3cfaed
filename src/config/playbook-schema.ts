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
    gather_facts: { type: 'boolean' },
    tasks: { type: ['array', 'null'], items: { type: 'object' } },
    handlers: { type: ['array', 'null'], items: { type: 'object' } },
  },
} as const;

export const TASK_KEYS = ['name', 'notify', 'when', 'tags', 'check_mode', 'changed_when'] as const;

export const TASK_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    notify: strOrList,
    when: { type: ['string', 'boolean', 'array'], items: { type: ['string', 'boolean'] } },
    tags: strOrList,
    check_mode: { type: 'boolean' },
    changed_when: { type: ['string', 'boolean'] },
  },
} as const;
