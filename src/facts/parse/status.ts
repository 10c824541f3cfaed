/** The probe's `status` section: "key=value" and "group name=value" lines (yes/no flags). */
export interface ProbeStatus {
  flags: Map<string, string>;
  commands: Map<string, boolean>;
  unitsEnabled: Map<string, boolean>;
}

export function parseStatus(text: string | null): ProbeStatus {
  const st: ProbeStatus = { flags: new Map(), commands: new Map(), unitsEnabled: new Map() };
  for (const line of (text ?? '').split('\n')) {
    const grouped = /^(cmd|unit_enabled) ([^=]+)=(.*)$/.exec(line);
    if (grouped?.[1] && grouped[2]) {
      const target = grouped[1] === 'cmd' ? st.commands : st.unitsEnabled;
      target.set(grouped[2], grouped[3] === 'yes');
      continue;
    }
    const kv = /^([a-z0-9_]+)=(.*)$/.exec(line);
    if (kv?.[1]) st.flags.set(kv[1], kv[2] ?? '');
  }
  return st;
}
