import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use, synchronously. ssh2, ajv and diff together cost
 * `tsprov --help` about half of its start-up when imported up front; only the commands that reach
 * a host, check a schema, or print a diff load them.
 */
export function lazy<T>(name: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(name) as T);
}
