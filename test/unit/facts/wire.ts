/** Builds probe wire output from plain sections, the way PROBE_SCRIPT prints it (for tests). */
export interface WireSection {
  name: string;
  arg?: string;
  /** null = absent file. */
  text: string | null;
  rc?: string;
  enc?: 'b64' | 'hex' | 'raw';
}

function encode(enc: 'b64' | 'hex' | 'raw', text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (enc === 'raw') return text;
  if (enc === 'hex') {
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
    const rows: string[] = [];
    for (let i = 0; i < hex.length; i += 16) rows.push(' ' + hex.slice(i, i + 16).join(' '));
    return rows.length ? rows.join('\n') + '\n' : '';
  }
  const b64 = bytes.toString('base64');
  const rows: string[] = [];
  for (let i = 0; i < b64.length; i += 76) rows.push(b64.slice(i, i + 76));
  return rows.length ? rows.join('\n') + '\n' : '';
}

export function encodeProbe(sections: WireSection[], opts: { version?: number; done?: boolean } = {}): string {
  const M = '@@tsprov@@';
  let out = `${M} probe ${opts.version ?? 1}\n`;
  for (const s of sections) {
    const arg = s.arg ?? '-';
    if (s.text === null) {
      out += `${M} begin ${s.name} - ${arg}\n${M} end ${s.name} ${s.rc ?? 'absent'}\n`;
      continue;
    }
    const enc = s.enc ?? 'b64';
    // The probe prints one newline after the payload, before the end marker.
    out += `${M} begin ${s.name} ${enc} ${arg}\n${encode(enc, s.text)}\n${M} end ${s.name} ${s.rc ?? '0'}\n`;
  }
  if (opts.done ?? true) out += `${M} done\n`;
  return out;
}
