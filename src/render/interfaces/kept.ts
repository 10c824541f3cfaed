/**
 * What tsprov's stanzas replaced, kept so that nothing is lost: when a bond takes over an
 * interface that another stanza configured (`iface eth1 inet dhcp`, `allow-hotplug eth1`), those
 * lines stay in the bond's block as `# tsprov replaced (bond0, eth1): …` comments. When the
 * interface leaves the bond, or the bond is removed (`state: absent`), they come back as they were.
 *
 * A stanza is tsprov's when it sits in a bond's block: after that bond's marker comment, among
 * blank lines, replaced-line comments and iface/auto/allow stanzas, up to any other line. Every
 * other stanza of an interface a bond takes over is someone else's and is kept.
 */
import { markerBond } from '../marker.ts';
import { type Block, parseInterfaces } from './parse.ts';

const REPLACED = /^# tsprov replaced \(([^,\s)]+), ([^)\s]+)\): (.*)$/;

export const replacedComment = (bond: string, iface: string, text: string): string => `# tsprov replaced (${bond}, ${iface}): ${text}`;

export interface KeptLine {
  iface: string;
  /** One physical line of the earlier config, as it was (no line ending). */
  text: string;
}

export interface FileScan {
  /** Per bond: lines it replaced, already kept as comments or found now, in file order. */
  kept: Map<string, KeptLine[]>;
  /** Blocks to drop besides the managed names' stanzas: replaced-line comments, a removed bond's slave stanzas. */
  drop: Set<number>;
  /** Bonds whose marker (their block) is in this file. */
  blocks: Set<string>;
}

export interface ScanInput {
  /** Bonds being configured → the interfaces each takes over (itself and its slaves). */
  present: Map<string, Set<string>>;
  /** Bonds being removed. */
  absent: Set<string>;
  /**
   * False when tsprov writes no marker: its own earlier stanzas then look like anyone's, so
   * nothing is kept (it would pile up run after run).
   */
  keep: boolean;
}

/** `iface X inet manual` and nothing else: what tsprov writes for a slave. */
const bareSlave = (b: Extract<Block, { kind: 'stanza' }>): boolean =>
  b.keyword === 'iface' && b.body.length === 0 && b.head.words.length === 4 && b.head.words[3] === 'manual';

function push(map: Map<string, KeptLine[]>, bond: string, line: KeptLine): void {
  map.set(bond, [...(map.get(bond) ?? []), line]);
}

/** Names an iface stanza or auto/allow line configures. */
function namesOf(b: Extract<Block, { kind: 'stanza' }>): string[] {
  return b.keyword === 'iface' ? [b.head.words[1] ?? ''] : b.head.words.slice(1);
}

function keepForeign(b: Extract<Block, { kind: 'stanza' }>, input: ScanInput, kept: Map<string, KeptLine[]>): void {
  for (const [bond, takes] of input.present) {
    if (b.keyword === 'iface') {
      const name = b.head.words[1] ?? '';
      if (!takes.has(name)) continue;
      for (const l of [b.head, ...b.body]) for (const p of l.phys) push(kept, bond, { iface: name, text: p.text });
    } else {
      for (const n of namesOf(b)) if (takes.has(n)) push(kept, bond, { iface: n, text: `${b.head.words[0]} ${n}` });
    }
  }
}

export function scanFile(text: string, input: ScanInput): FileScan {
  const all = new Set([...input.present.keys(), ...input.absent]);
  const kept = new Map<string, KeptLine[]>();
  const drop = new Set<number>();
  const blocks = new Set<string>();
  let owner: string | undefined;
  parseInterfaces(text).blocks.forEach((b, i) => {
    if (b.kind === 'blank') return;
    if (b.kind === 'comment') {
      const t = b.line.phys[0]!.text;
      const m = REPLACED.exec(t);
      if (m && all.has(m[1]!)) {
        push(kept, m[1]!, { iface: m[2]!, text: m[3]! });
        drop.add(i);
      } else if (!m) {
        owner = markerBond(t);
        if (owner !== undefined) blocks.add(owner);
      }
      return;
    }
    if (b.kind !== 'stanza' || !['iface', 'auto', 'allow'].includes(b.keyword)) {
      owner = undefined;
      return;
    }
    if (owner === undefined) {
      if (input.keep) keepForeign(b, input, kept);
      return;
    }
    // A slave stanza of tsprov's whose NIC is no longer the bond's (or whose bond is removed).
    const takes = input.present.get(owner);
    if (bareSlave(b) && (input.absent.has(owner) || (takes !== undefined && !takes.has(b.head.words[1] ?? '')))) drop.add(i);
  });
  return { kept, drop, blocks };
}

export interface Sorted {
  /** Per configured bond: the comment lines it keeps (of interfaces it takes over now). */
  comments: Map<string, string[]>;
  /** Per bond that held them: earlier config given back (their interface left it, or it is removed), as text. */
  restore: Map<string, string>;
}

/** Lines given back, a blank line between two interfaces' lines, as interfaces files have them. */
function restoredText(lines: KeptLine[]): string {
  return lines.map((l, i) => (i > 0 && lines[i - 1]!.iface !== l.iface ? `\n${l.text}` : l.text)).join('\n') + '\n';
}

/**
 * Every kept line goes to the configured bond that now takes its interface (a NIC moving from one
 * bond to another keeps its earlier config with it), else back into the config. A removed bond's
 * own earlier stanza is never given back: that would bring the bond back.
 */
export function sortKept(kept: Map<string, KeptLine[]>, input: ScanInput): Sorted {
  const comments = new Map<string, string[]>();
  const back = new Map<string, KeptLine[]>();
  const add = <T>(m: Map<string, T[]>, k: string, v: T): void => void m.set(k, [...(m.get(k) ?? []), v]);
  for (const [held, lines] of kept) {
    for (const l of lines) {
      const taker = [...input.present].find(([, takes]) => takes.has(l.iface))?.[0];
      if (taker !== undefined) add(comments, taker, replacedComment(taker, l.iface, l.text));
      else if (!(input.absent.has(held) && l.iface === held)) add(back, held, l);
    }
  }
  // Given back beside a bond that stays, the lines follow its block: a comment ends the block, so
  // they are never taken for tsprov's own stanzas on a later run.
  const header = (bond: string, lines: KeptLine[]): string =>
    input.absent.has(bond) ? '' : `# Given back by tsprov: ${[...new Set(lines.map((l) => l.iface))].join(', ')} left bond ${bond}.\n`;
  return { comments, restore: new Map([...back].map(([b, lines]) => [b, header(b, lines) + restoredText(lines)])) };
}
