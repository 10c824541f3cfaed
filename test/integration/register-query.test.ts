import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { tsprov, writeInventory } from './support/fleet.ts';

/**
 * register/loop/ignore_errors against a real host over real sshd: a registered query runs while
 * planning (over the one connection), its stdout decides a later task, a loop writes one file per
 * item, and an ignore_errors command that fails in the apply step lets the rest of the apply go on.
 */
const PLAYBOOK = `- hosts: all
  pre_tasks:
    - name: read state
      shell: "cat /tmp/state || true"
      register: state
      changed_when: false
  tasks:
    - name: per nic
      copy: {dest: "/tmp/nic-{{ item }}", content: "{{ item }} saw {{ state.stdout }}\\n"}
      loop: [eth1, eth2]
    - name: only when armed
      copy: {dest: /tmp/armed, content: "yes\\n"}
      when: "'armed' in state.stdout"
    - name: may fail
      command: "false"
      ignore_errors: yes
    - name: tolerated
      shell: "exit 3"
      failed_when: false
  post_tasks:
    - name: after the failure
      shell: "echo done > /tmp/after"
`;

describe('register, loop and ignore_errors on a real sshd test host', { skip: skipUnlessCi() }, () => {
  let h: TestHost;
  let dir: string;
  before(async () => {
    assertHarnessAvailable();
    h = await startTestHost();
    dir = mkdtempSync(join(tmpdir(), 'tsprov-regq-'));
  });
  after(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the query decides, the loop writes per item, the ignored failure does not stop the apply', async () => {
    await h.execInHost(`printf 'armed\\n' > /tmp/state`);
    const inv = writeInventory(dir, { q: { host: h, vars: {} } });
    const book = join(dir, 'play.yml');
    writeFileSync(book, PLAYBOOK);
    const r = await tsprov(['run', book, '-i', inv, '-o', 'plain']);
    assert.equal(r.code, 0, r.out + r.err);
    const cat = async (p: string): Promise<string> => (await h.execInHost(`cat ${p}`)).stdout;
    assert.equal(await cat('/tmp/nic-eth1'), 'eth1 saw armed\n');
    assert.equal(await cat('/tmp/nic-eth2'), 'eth2 saw armed\n');
    assert.equal(await cat('/tmp/armed'), 'yes\n');
    assert.equal(await cat('/tmp/after'), 'done\n', 'the task after the ignored failure ran');
    assert.match(r.out, /\[failed, ignored\] may fail — command exited 1 \(ignored: ignore_errors\)/);
    assert.match(r.out, /\[ok\] read state — ran while planning \(read-only query\): rc 0/);
    assert.match(r.out, /\[changed\] tolerated[^]*note: command exited 3; taken as success \(failed_when: false\)/);
    assert.match(r.out, /ignored=1/);
  });

  it('check mode: a query with check_mode: false runs, the plan follows what it read, nothing is written', async () => {
    const book = join(dir, 'check.yml');
    writeFileSync(book, PLAYBOOK.replace('      changed_when: false\n', '      changed_when: false\n      check_mode: false\n'));
    const inv = writeInventory(dir, { q: { host: h, vars: {} } });
    await h.execInHost(`printf 'calm\\n' > /tmp/state; rm -f /tmp/armed /tmp/nic-eth1`);
    const r = await tsprov(['check', book, '-i', inv, '-o', 'plain']);
    assert.match(r.out, /\[skipped\] only when armed/, r.out + r.err);
    assert.match(r.out, /\[would change\] per nic \(item=eth1\)/);
    assert.equal((await h.execInHost('test -e /tmp/nic-eth1')).exitCode, 1, 'check mode wrote nothing');
  });
});
