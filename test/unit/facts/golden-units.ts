/**
 * The golden units of test/golden/facts/: each maps one case's input file to the parser output
 * compared against <case>.json. Inputs are real captures where we have them (see SOURCES.md).
 */
import { parseProcBonding } from '../../../src/facts/parse/proc-bonding.ts';
import { parseEthtool, parseMiiTool } from '../../../src/facts/parse/link-tools.ts';
import { parseOsRelease } from '../../../src/facts/parse/os-release.ts';
import { parseDpkg } from '../../../src/facts/parse/packages.ts';
import { parseKernelConfig } from '../../../src/facts/parse/kernel-config.ts';
import { parseModprobe } from '../../../src/facts/parse/modprobe.ts';
import { parseManagement } from '../../../src/facts/parse/management.ts';
import { detectBackend } from '../../../src/facts/parse/backend.ts';
import { assembleFacts } from '../../../src/facts/assemble.ts';
import { buildPackages } from '../../../src/facts/parse/packages.ts';

export interface GoldenUnit {
  /** Suffix of input files, e.g. ".txt" or ".input.json". */
  input: string;
  run: (text: string, caseName: string) => unknown;
}

interface BackendInput {
  files: Record<string, string | null>;
  dpkg: string;
  unitsEnabled: Record<string, boolean>;
  nmRunning: boolean;
  networkdRunning: boolean;
  ifupCommand: boolean;
}

export const GOLDEN_UNITS: Record<string, GoldenUnit> = {
  'proc-bonding': { input: '.txt', run: (t) => parseProcBonding('bond0', t) },
  'mii-tool': { input: '.txt', run: (t) => parseMiiTool(t) },
  ethtool: { input: '.txt', run: (t) => parseEthtool(t) },
  'os-release': { input: '.txt', run: (t) => parseOsRelease(t === '' ? null : t) },
  dpkg: { input: '.txt', run: (t) => parseDpkg(t) },
  management: { input: '.txt', run: (t) => parseManagement(t) },
  'kernel-config': { input: '.input.json', run: (t) => parseKernelConfig(JSON.parse(t)) },
  modprobe: {
    input: '.input.json',
    run: (t) => {
      const i = JSON.parse(t) as { files: Record<string, string | null>; cmdline: string | null };
      return parseModprobe(i.files, i.cmdline);
    },
  },
  backend: {
    input: '.input.json',
    run: (t) => {
      const i = JSON.parse(t) as BackendInput;
      return detectBackend({
        files: i.files,
        packages: buildPackages({ dpkg: i.dpkg, rpm: undefined }),
        unitsEnabled: new Map(Object.entries(i.unitsEnabled)),
        nmRunning: i.nmRunning,
        networkdRunning: i.networkdRunning,
        ifupCommand: i.ifupCommand,
      });
    },
  },
  probe: { input: '.txt', run: (t) => assembleFacts(t) },
};
