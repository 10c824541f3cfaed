import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandHostPattern, parseAddress } from '../../../src/inventory/host-pattern.ts';

// Expected values are what ansible-core 2.14's _expand_hostpattern gives for the same keys.
test('ranges: numeric with padding, letters, steps, several in one name', () => {
  assert.deepEqual(expandHostPattern('web[01:03].example.com'), { ok: true, names: ['web01.example.com', 'web02.example.com', 'web03.example.com'] });
  assert.deepEqual(expandHostPattern('10.0.0.[1:2]'), { ok: true, names: ['10.0.0.1', '10.0.0.2'] });
  assert.deepEqual(expandHostPattern('db-[a:c]'), { ok: true, names: ['db-a', 'db-b', 'db-c'] });
  assert.deepEqual(expandHostPattern('n[1:10:4]'), { ok: true, names: ['n1', 'n5', 'n9'] });
  assert.deepEqual(expandHostPattern('r[1:2]u[a:b]'), { ok: true, names: ['r1ua', 'r1ub', 'r2ua', 'r2ub'] });
  assert.deepEqual(expandHostPattern('h[:2]'), { ok: true, names: ['h0', 'h1', 'h2'] });
  assert.deepEqual(expandHostPattern('h[3:1]'), { ok: true, names: [] });
});

test('host:port, also with ranges and bracketed IPv6; an invalid address stays whole', () => {
  assert.deepEqual(expandHostPattern('web1:2222'), { ok: true, names: ['web1'], port: 2222 });
  assert.deepEqual(expandHostPattern('web[1:2].lan:2022'), { ok: true, names: ['web1.lan', 'web2.lan'], port: 2022 });
  assert.deepEqual(expandHostPattern('[::1]:2200'), { ok: true, names: ['::1'], port: 2200 });
  assert.deepEqual(expandHostPattern('fe80::1'), { ok: true, names: ['fe80::1'] });
  assert.deepEqual(expandHostPattern('not_a-host-:22'), { ok: true, names: ['not_a-host-:22'] });
  assert.equal(parseAddress('h[1:2]', false), undefined, 'no ranges where Ansible allows none (host lists)');
});

test('bad ranges are errors that name the key', () => {
  const r = expandHostPattern('web[01:3]');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /"web\[01:3\]".*equal-length begin and end/);
  assert.equal(expandHostPattern('h[1:]').ok, false);
  assert.equal(expandHostPattern('h[1:2:0]').ok, false);
  assert.equal(expandHostPattern('h[1:2:3:4]').ok, false);
});
