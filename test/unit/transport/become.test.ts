import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planBecome } from '../../../src/transport/become.ts';

const fixed = () => 'R';

describe('become', () => {
  it('is a no-op for root', () => {
    assert.deepEqual(planBecome('id', { loginUser: 'root', withPassword: false }), { command: 'id' });
  });
  it('wraps with sudo -n and quotes the command once', () => {
    assert.equal(planBecome("echo 'a b'; id", { loginUser: 'ops', withPassword: false }).command,
      `sudo -n -- sh -c 'echo '\\''a b'\\''; id'`);
  });
  it('passes a non-root become user', () => {
    assert.equal(planBecome('id', { loginUser: 'ops', becomeUser: 'app', withPassword: false }).command, 'sudo -n -u app -- sh -c id');
  });
  it('with a password uses sudo -S, a random prompt and a start marker, and never embeds a password', () => {
    const p = planBecome('id', { loginUser: 'ops', withPassword: true }, fixed);
    assert.deepEqual(p.password, { prompt: '[tsprov-sudo-R]', marker: 'tsprov-become-R' });
    assert.equal(p.command, `sudo -S -p '[tsprov-sudo-R]' -- sh -c 'printf '\\''%s\\n'\\'' tsprov-become-R\nid'`);
  });
});
