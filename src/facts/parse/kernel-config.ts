import type { KconfigValue, KernelConfigSource, KernelFacts } from '../types.ts';

const SOURCES: readonly KernelConfigSource[] = ['boot-config', 'proc-config.gz', 'modules.builtin'];

/** Value of one symbol in kernel .config text; "# CONFIG_X is not set" is 'n', absent is 'n' too. */
export function kconfigSymbol(text: string, symbol: string): { value: KconfigValue; line: string | null } {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === `# ${symbol} is not set`) return { value: 'n', line };
    const m = new RegExp(`^${symbol}=(.*)$`).exec(line);
    if (m) {
      const v = m[1]?.replace(/"/g, '');
      return { value: v === 'y' || v === 'm' ? v : 'n', line };
    }
  }
  return { value: 'n', line: null };
}

/**
 * Kernel facts from the kconfig section. `arg` is "<source> <path>" as printed by the probe.
 * With only modules.builtin to go on, a listed module is 'y'; unlisted means 'm' if modinfo
 * found it, else 'unknown' (it may simply not be installed).
 */
export function parseKernelConfig(input: {
  release: string;
  arg: string;
  rc: string;
  text: string | null;
  modinfoFound: boolean;
}): KernelFacts {
  const [src = '', path = null] = input.arg.split(' ');
  const source = (SOURCES as readonly string[]).includes(src) ? (src as KernelConfigSource) : 'none';
  const base: KernelFacts = {
    release: input.release,
    configSource: source,
    configPath: source === 'none' ? null : path,
    bonding: 'unknown',
    mii: 'unknown',
    bondingLine: null,
    miiLine: null,
  };
  if (source === 'none' || input.text === null) return { ...base, configSource: 'none', configPath: null };
  if (source === 'modules.builtin') {
    const lines = input.text.split('\n');
    const b = lines.find((l) => /\/bonding\.ko/.test(l)) ?? null;
    const m = lines.find((l) => /\/mii\.ko/.test(l)) ?? null;
    return {
      ...base,
      bonding: b ? 'y' : input.modinfoFound ? 'm' : 'unknown',
      mii: m ? 'y' : 'unknown',
      bondingLine: b,
      miiLine: m,
    };
  }
  const bonding = kconfigSymbol(input.text, 'CONFIG_BONDING');
  const mii = kconfigSymbol(input.text, 'CONFIG_MII');
  return { ...base, bonding: bonding.value, bondingLine: bonding.line, mii: mii.value, miiLine: mii.line };
}
