/**
 * "Pending" drift: what the host's own ifupdown files say about a declared bond, against what its
 * kernel runs. After an edit that was never applied (a file changed by hand, no ifup), the files
 * and the kernel disagree: the next ifup or reboot changes the bond, whatever the declaration
 * says. Pure: the probe's file contents and bond state in, findings out.
 */
import { normaliseMode, type Bond, type Backend } from '../config/bond-model.ts';
import { parseInterfaces, type Block } from '../render/interfaces/parse.ts';
import type { BondState, HostFacts } from '../facts/types.ts';

export interface PendingFinding {
  target: string;
  what: string;
  expected: string;
  actual: string;
  evidence: string;
}

interface FileSays {
  file: string;
  values: Map<string, string>;
}

const MAIN = '/etc/network/interfaces';
const SOURCED_DIR = '/etc/network/interfaces.d/';

/** The iface stanzas of `bond` in the host's interfaces files, later files' options winning. */
function fileSays(files: HostFacts['files'], bond: string): FileSays | undefined {
  const paths = Object.keys(files).filter((p) => p === MAIN || p.startsWith(SOURCED_DIR)).sort((a, b) => (a === MAIN ? -1 : b === MAIN ? 1 : a.localeCompare(b)));
  let found: FileSays | undefined;
  for (const path of paths) {
    const text = files[path];
    if (!text) continue;
    const stanzas = parseInterfaces(text).blocks.filter((b): b is Extract<Block, { kind: 'stanza' }> => b.kind === 'stanza' && b.keyword === 'iface' && b.head.words[1] === bond);
    for (const s of stanzas) {
      found ??= { file: path, values: new Map() };
      found.file = path;
      for (const line of s.body) {
        const [key, ...rest] = line.words;
        if (key?.startsWith('bond-') || key === 'slaves') found.values.set(key === 'slaves' ? 'bond-slaves' : key, rest.join(' '));
      }
    }
  }
  return found;
}

function compare(says: FileSays, live: BondState | undefined, bond: string): PendingFinding[] {
  const out: PendingFinding[] = [];
  const pending = (what: string, inFile: string, inKernel: string): void => {
    out.push({
      target: bond, what: `${what} in the host's files`, expected: inFile, actual: inKernel,
      evidence: `${says.file} says ${what} ${inFile}; the kernel runs ${inKernel}: the next ifup or reboot applies the file (an edit never applied)`,
    });
  };
  // A missing bond is already a finding of its own (declaration against kernel: `exists`).
  if (!live) return out;
  const mode = says.values.get('bond-mode');
  const fileMode = mode === undefined ? undefined : normaliseMode(mode) ?? mode;
  if (fileMode !== undefined && live.mode !== undefined && fileMode !== live.mode) pending('mode', fileMode, live.mode);
  const slaves = says.values.get('bond-slaves');
  if (slaves !== undefined && slaves !== 'none') {
    const want = slaves.split(/\s+/).filter(Boolean).sort();
    const have = live.slaves.map((s) => s.name).sort();
    if (want.join(' ') !== have.join(' ')) pending('slaves', want.join(' '), have.join(' ') || 'none');
  }
  const miimon = says.values.get('bond-miimon');
  if (miimon !== undefined && live.miiPollingMs !== undefined && Number(miimon) !== live.miiPollingMs) pending('miimon', miimon, String(live.miiPollingMs));
  return out;
}

/** Only for ifupdown hosts (the files this parser reads); other backends report none yet. */
export function pendingFindings(backend: Backend | undefined, bonds: Bond[], facts: HostFacts): PendingFinding[] {
  if (backend !== 'ifupdown' && backend !== 'ifupdown-legacy') return [];
  return bonds.filter((b) => b.state !== 'absent').flatMap((b) => {
    const says = fileSays(facts.files, b.name);
    return says ? compare(says, facts.bonds[b.name], b.name) : [];
  });
}
