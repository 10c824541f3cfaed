import { TransportError } from './types.ts';

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTDOWN']);

/** Maps an ssh2/socket error to a TransportError. Only unreachable and timeout are transient. */
export function classifySshError(err: unknown, where: string): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { level?: string; code?: string; message?: string };
  const msg = e?.message ?? String(err);
  if (e?.level === 'client-timeout' || e?.code === 'ETIMEDOUT') {
    return new TransportError('timeout', `${where}: timed out while connecting (${msg})`, { cause: err, transient: true });
  }
  if (e?.level === 'client-authentication') {
    return new TransportError('auth', `${where}: authentication failed: ${msg}`, { cause: err });
  }
  if (e?.level === 'client-dns' || (e?.code !== undefined && UNREACHABLE.has(e.code))) {
    return new TransportError('unreachable', `${where}: unreachable (${e.code ?? msg})`, { cause: err, transient: true });
  }
  if (/before handshake|connection lost|socket hang up|closed/i.test(msg)) {
    return new TransportError('unreachable', `${where}: connection closed by remote (${msg})`, { cause: err, transient: true });
  }
  return new TransportError('unreachable', `${where}: ${msg}`, { cause: err });
}
