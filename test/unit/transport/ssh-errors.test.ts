import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifySshError } from '../../../src/transport/ssh-errors.ts';
import { TransportError } from '../../../src/transport/types.ts';

const err = (props: Record<string, string>) => Object.assign(new Error(props.message ?? 'x'), props);

describe('ssh error classification', () => {
  it('socket errors are unreachable and transient', () => {
    for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']) {
      const e = classifySshError(err({ level: 'client-socket', code }), 'ssh x');
      assert.deepEqual([e.kind, e.transient], ['unreachable', true], code);
    }
    assert.equal(classifySshError(err({ level: 'client-dns', code: 'EAI_AGAIN' }), 'ssh x').kind, 'unreachable');
  });
  it('handshake timeouts are timeout and transient', () => {
    const e = classifySshError(err({ level: 'client-timeout', message: 'Timed out while waiting for handshake' }), 'ssh x');
    assert.deepEqual([e.kind, e.transient], ['timeout', true]);
  });
  it('authentication failures are auth and never transient', () => {
    const e = classifySshError(err({ level: 'client-authentication', message: 'All configured authentication methods failed' }), 'ssh x');
    assert.deepEqual([e.kind, e.transient], ['auth', false]);
  });
  it('keeps an existing TransportError as it is', () => {
    const hk = new TransportError('host-key', 'changed');
    assert.equal(classifySshError(hk, 'ssh x'), hk);
  });
});
