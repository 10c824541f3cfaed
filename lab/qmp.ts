// Minimal QMP client: one short-lived connection per command, serialised per socket, so a
// crashed test never leaves a monitor connection open and QEMU's single-client QMP never clashes.
import { createConnection } from 'node:net';

export class QmpError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
    this.name = 'QmpError';
  }
}

interface QmpReply {
  return?: unknown;
  error?: { class: string; desc: string };
  event?: string;
  QMP?: unknown;
}

export function qmpCommand(
  socketPath: string,
  command: string,
  args?: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(socketPath);
    let buffer = '';
    let stage: 'greeting' | 'capabilities' | 'command' = 'greeting';
    const fail = (err: Error): void => {
      clearTimeout(timer);
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new QmpError(`QMP ${command}: no reply within ${timeoutMs} ms`, command)),
      timeoutMs,
    );
    const send = (execute: string, a?: Record<string, unknown>): void => {
      sock.write(`${JSON.stringify(a ? { execute, arguments: a } : { execute })}\n`);
    };
    const onMessage = (msg: QmpReply): void => {
      if (msg.event !== undefined) return;
      if (msg.error) {
        fail(new QmpError(`QMP ${command}: ${msg.error.class}: ${msg.error.desc}`, command));
        return;
      }
      if (stage === 'greeting' && msg.QMP !== undefined) {
        stage = 'capabilities';
        send('qmp_capabilities');
      } else if (stage === 'capabilities') {
        stage = 'command';
        send(command, args);
      } else if (stage === 'command') {
        clearTimeout(timer);
        sock.end();
        resolve(msg.return);
      }
    };
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) onMessage(JSON.parse(line) as QmpReply);
      }
    });
    // `quit` closes the socket before/without a reply: that is success for quit only.
    sock.on('close', () => {
      if (stage === 'command' && command === 'quit') {
        clearTimeout(timer);
        resolve(undefined);
      } else fail(new QmpError(`QMP ${command}: connection closed`, command));
    });
    sock.on('error', (err) => fail(new QmpError(`QMP ${command}: ${err.message}`, command)));
  });
}
