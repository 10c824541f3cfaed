import { PROBE_MARKER } from './probe-script.ts';

/** One decoded section of the probe's output. */
export interface ProbeSection {
  name: string;
  /** Argument from the begin line (file path, NIC name, "-" when none). */
  arg: string;
  /** Producer exit status, or "absent"/"unreadable" for files; "truncated" when no end marker. */
  rc: string;
  /** Decoded payload; null when the producer did not run (absent/unreadable file). */
  text: string | null;
}

export interface SplitProbe {
  version: number | null;
  complete: boolean;
  sections: ProbeSection[];
  warnings: string[];
}

function decode(enc: string, lines: string[]): string | null {
  if (enc === '-') return null;
  if (enc === 'b64') return Buffer.from(lines.join(''), 'base64').toString('utf8');
  if (enc === 'hex') {
    const bytes = lines.join(' ').trim().split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16));
    return Buffer.from(bytes).toString('utf8');
  }
  return lines.join('\n');
}

const V2_HEADER = /^(\S+) probe 2 (b64|hex|raw) ([0-9a-f]{16})$/;

/**
 * Splits the probe's stdout into decoded sections. Never throws: oddities become warnings.
 * Protocol 2 (the current probe): a clear header naming the encoding and the nonce, then the
 * body encoded as a whole. Protocol 1 (captured fixtures): every payload encoded on its own.
 */
export function splitProbeOutput(raw: string): SplitProbe {
  const nl = raw.indexOf('\n');
  const v2 = V2_HEADER.exec(nl < 0 ? raw : raw.slice(0, nl));
  if (v2 && v2[1] === PROBE_MARKER) {
    const body = decode(v2[2]!, raw.slice(nl + 1).split('\n')) ?? '';
    const out = splitSections(body, `${PROBE_MARKER}-${v2[3]} `);
    out.version = 2;
    return finish(out);
  }
  return finish(splitSections(raw, `${PROBE_MARKER} `));
}

function finish(out: SplitProbe): SplitProbe {
  if (out.version === null) out.warnings.push('probe output has no version line (not a tsprov probe?)');
  if (!out.complete) out.warnings.push('probe output is incomplete (no done marker)');
  return out;
}

function splitSections(raw: string, prefix: string): SplitProbe {
  const out: SplitProbe = { version: null, complete: false, sections: [], warnings: [] };
  let open: { name: string; enc: string; arg: string; lines: string[] } | null = null;
  const close = (rc: string): void => {
    if (!open) return;
    const text = rc === 'absent' || rc === 'unreadable' ? null : decode(open.enc, open.lines);
    out.sections.push({ name: open.name, arg: open.arg, rc, text });
    open = null;
  };
  for (const line of raw.split('\n')) {
    if (!line.startsWith(prefix)) {
      if (open) open.lines.push(line);
      continue;
    }
    const words = line.slice(prefix.length).split(' ');
    const [verb, name = '', third = '', ...rest] = words;
    if (verb === 'probe') out.version = Number(name) || null;
    else if (verb === 'begin') {
      if (open) {
        out.warnings.push(`probe section ${open.name} has no end marker`);
        close('truncated');
      }
      open = { name, enc: third, arg: rest.join(' '), lines: [] };
    } else if (verb === 'end') {
      if (open && open.name === name) close(third);
      else out.warnings.push(`probe end marker for ${name} without a matching begin`);
    } else if (verb === 'done') out.complete = true;
  }
  if (open) {
    out.warnings.push(`probe output ended inside section ${(open as { name: string }).name}`);
    close('truncated');
  }
  return out;
}

export function sectionsNamed(split: SplitProbe, name: string): ProbeSection[] {
  return split.sections.filter((s) => s.name === name);
}

export function firstSection(split: SplitProbe, name: string): ProbeSection | undefined {
  return split.sections.find((s) => s.name === name);
}
