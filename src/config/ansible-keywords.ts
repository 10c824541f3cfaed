/**
 * The playbook keywords of ansible-core 2.14, so a key tsprov does not implement is refused as
 * what it is (an Ansible feature not supported yet), not as a typo or an unknown module.
 *
 * Source: the FieldAttributes of ansible-core v2.14.9, lib/ansible/playbook/
 *   base.py (Base; every play, block and task), taggable.py (tags), conditional.py (when),
 *   collectionsearch.py (collections), play.py (Play), task.py (Task), block.py (Block),
 *   handler.py (Handler: `listen`; handlers and tasks share one parser here);
 * plus what task.py's preprocess_data accepts besides attributes (`local_action`, any
 * `with_<lookup>`), the task-list actions that include or import other files, and
 * `import_playbook`, which playbook/__init__.py takes in place of a play.
 * Keys tsprov supports (src/config/playbook-schema.ts) are taken out before these lists are used.
 */

/** Base: present on plays, blocks and tasks alike. */
const BASE = [
  'name', 'connection', 'port', 'remote_user', 'vars', 'module_defaults', 'environment', 'no_log', 'run_once',
  'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'any_errors_fatal', 'throttle', 'timeout', 'debugger',
  'become', 'become_method', 'become_user', 'become_flags', 'become_exe',
  'tags', 'collections',
] as const;

export const ANSIBLE_PLAY_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE,
  'hosts', 'gather_facts', 'gather_subset', 'gather_timeout', 'fact_path', 'vars_files', 'vars_prompt', 'roles',
  'handlers', 'pre_tasks', 'post_tasks', 'tasks', 'force_handlers', 'max_fail_percentage', 'serial', 'strategy', 'order',
  'import_playbook',
]);

export const ANSIBLE_TASK_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE,
  'when',
  // task.py
  'args', 'action', 'async', 'changed_when', 'delay', 'delegate_to', 'delegate_facts', 'failed_when', 'loop',
  'loop_control', 'notify', 'poll', 'register', 'retries', 'until', 'local_action',
  // handler.py
  'listen',
  // block.py: an entry of a task list may be a block
  'block', 'rescue', 'always',
  // actions that pull in other files; Ansible parses them as task keys too
  'include', 'include_tasks', 'import_tasks', 'include_role', 'import_role', 'import_playbook', 'include_vars',
]);

/** What tsprov offers instead, where it has an equivalent. */
const INSTEAD: Readonly<Record<string, string>> = {
  become: 'set ansible_become in the inventory or pass --become',
  become_user: 'set ansible_become_user in the inventory or pass --become-user',
  become_method: 'set ansible_become_method in the inventory',
  become_flags: 'set ansible_become_flags in the inventory',
  become_exe: 'set ansible_become_exe in the inventory',
  remote_user: 'set ansible_user in the inventory',
  port: 'set ansible_port in the inventory',
  connection: 'set ansible_connection in the inventory',
  with_items: 'use loop: (with_items also flattens nested lists one level)',
  with_list: 'use loop:',
};

/** True when `key` is an Ansible keyword at this level (`with_items` and every other `with_<lookup>` on a task). */
export function isAnsibleKeyword(key: string, level: 'play' | 'task'): boolean {
  if (level === 'task' && /^with_[a-z0-9_]+$/.test(key)) return true;
  return (level === 'play' ? ANSIBLE_PLAY_KEYWORDS : ANSIBLE_TASK_KEYWORDS).has(key);
}

export function unsupportedKeyword(key: string, level: 'play' | 'task'): string {
  const instead = Object.hasOwn(INSTEAD, key) ? `; ${INSTEAD[key]}` : '';
  return `"${key}" is an Ansible ${level} keyword tsprov does not support (yet)${instead}; see docs/playbook.md#ansible-keywords-tsprov-refuses`;
}
