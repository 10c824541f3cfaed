/** Lazy `{{ }}` in vars (Ansible's rule): rendered when used, once; loops and undefined vars are errors naming the chain. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate, renderValue, scopeOf, TemplateError } from '../../../src/template/index.ts';

test('a var referencing other vars is rendered when used, keeping the type of a lone expression', () => {
  const vars = { site: 'fra1', fqdn: '{{ inventory_hostname }}.{{ site }}', inventory_hostname: 'web1', ports: '{{ base }}', base: [1, 2] };
  assert.equal(renderTemplate('{{ fqdn | upper }}', vars), 'WEB1.FRA1');
  assert.deepEqual(renderValue('{{ ports }}', scopeOf(vars)), [1, 2]);
});

test('a var that is never used may be broken: nothing fails until it is used', () => {
  assert.equal(renderTemplate('{{ ok }}', { ok: 'y', broken: '{{ nowhere }}' }), 'y');
});

test('a reference loop is an error naming the loop and the vars it went through, never a hang', () => {
  try {
    renderTemplate('{{ a }}', { a: '{{ b }}', b: 'x{{ a }}' });
    assert.fail('rendered');
  } catch (e) {
    assert.ok(e instanceof TemplateError);
    assert.equal(e.message, 'reference loop: a → b → a');
    assert.deepEqual(e.via, ['a', 'b']);
    assert.equal(e.offset, 4, 'offset of {{ a }} inside b');
  }
});

test('an undefined var inside a var is reported in that var', () => {
  assert.throws(
    () => renderTemplate('{{ a }}', { a: '{{ missing }}' }),
    (e: unknown) => e instanceof TemplateError && e.message === "'missing' is undefined" && e.via.join() === 'a',
  );
});
