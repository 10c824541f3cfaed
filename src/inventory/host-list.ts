import { LineCounter, parseDocument } from 'yaml';
import { pathKey, type PositionIndex, type SourceFile } from '../config/source.ts';
import { parseAddress } from './host-pattern.ts';

/**
 * `-i 'web1,web2:2222,'` as Ansible's host_list plugin reads it: comma-separated hosts in
 * `ungrouped`, each with an optional port; no ranges (a `[` leaves the entry as written).
 * Errors point into the argument itself, named as it was given.
 */
export function hostListSource(text: string): SourceFile {
  const file = `-i ${JSON.stringify(text)}`;
  const lines = new LineCounter();
  lines.addNewLine(0);
  const index: PositionIndex = new Map();
  const hosts: Record<string, Record<string, unknown> | null> = {};
  let offset = 0;
  for (const part of text.split(',')) {
    const h = part.trim();
    const at = offset + (part.length - part.trimStart().length);
    offset += part.length + 1;
    if (!h) continue;
    const parsed = parseAddress(h, false);
    const name = parsed?.host ?? h;
    // The first mention of a host decides its port, as Ansible adds a host only once.
    if (name in hosts) continue;
    hosts[name] = parsed?.port === undefined ? null : { ansible_port: parsed.port };
    index.set(pathKey(['ungrouped', 'hosts', name]), { key: at, value: at });
  }
  index.set(pathKey(['ungrouped']), { key: 0, value: 0 });
  return { file, doc: parseDocument(''), lines, data: { ungrouped: { hosts } }, index };
}
