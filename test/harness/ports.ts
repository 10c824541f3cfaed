import { createServer } from 'node:net';

/** A port on 127.0.0.1 that refuses connections: bound once by the OS's choice, then closed. */
export function closedPort(): Promise<number> {
  const s = createServer();
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }),
  );
}
