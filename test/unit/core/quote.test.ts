import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shq, shJoin } from '../../../src/core/quote.ts';

test('plain words stay unquoted', () => {
  assert.equal(shq('eth0'), 'eth0');
  assert.equal(shq('/etc/network/interfaces'), '/etc/network/interfaces');
});

test('hostile values survive a real sh as one literal word', () => {
  for (const v of ["eth0; rm -rf /", "a'b", '$(id)', '`id`', 'x\ny', '', ' lead', '*', 'a"b\\c']) {
    const out = execFileSync('sh', ['-c', `printf %s ${shq(v)}`], { encoding: 'utf8' });
    assert.equal(out, v);
  }
  assert.equal(shJoin(['ip', 'link', 'set', "e'0"]), `ip link set 'e'\\''0'`);
});
