/**
 * `when:` conditions: a tiny, pure parser (no eval, no Jinja). Supported forms, one per string:
 *   var · not var · var == 'x' · var != 'x' · var is defined · var is not defined · 'x' in var
 * A list of conditions means all of them (Ansible's rule). Vars may be dotted (`a.b`).
 */
export type Condition =
  | { kind: 'truthy'; var: string; negate: boolean }
  | { kind: 'compare'; var: string; op: '==' | '!='; value: string | number | boolean }
  | { kind: 'defined'; var: string; negate: boolean }
  | { kind: 'in'; value: string | number; var: string };

const VAR = '([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)';
const LIT = `('(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?|true|false|True|False)`;

function literal(s: string): string | number | boolean {
  if (/^['"]/.test(s)) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^(true|True)$/.test(s)) return true;
  if (/^(false|False)$/.test(s)) return false;
  return Number(s);
}

export function parseCondition(text: string): Condition {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^${VAR}\\s+is\\s+(not\\s+)?defined$`).exec(s))) return { kind: 'defined', var: m[1]!, negate: !!m[2] };
  if ((m = new RegExp(`^${VAR}\\s*(==|!=)\\s*${LIT}$`).exec(s))) return { kind: 'compare', var: m[1]!, op: m[2] as '==' | '!=', value: literal(m[3]!) };
  if ((m = new RegExp(`^${LIT}\\s+in\\s+${VAR}$`).exec(s))) return { kind: 'in', value: literal(m[1]!) as string | number, var: m[2]! };
  if ((m = new RegExp(`^(not\\s+)?${VAR}$`).exec(s)) && !['true', 'false'].includes(m[2]!)) return { kind: 'truthy', var: m[2]!, negate: !!m[1] };
  throw new Error(
    `unsupported condition ${JSON.stringify(text)}; use one of: var, not var, var == 'x', var != 'x', var is defined, var is not defined, 'x' in var`,
  );
}

function lookup(vars: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  let v: unknown = vars;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || !(part in v)) return { found: false, value: undefined };
    v = (v as Record<string, unknown>)[part];
  }
  return { found: true, value: v };
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  if (typeof v === 'string') return v !== '' && !/^(false|no|off|0)$/i.test(v);
  return !!v;
}

export function evaluateCondition(c: Condition, vars: Record<string, unknown>): boolean {
  const { found, value } = lookup(vars, c.var);
  switch (c.kind) {
    case 'defined':
      return found !== c.negate;
    case 'truthy':
      if (!found) throw new Error(`condition uses undefined variable ${c.var}`);
      return truthy(value) !== c.negate;
    case 'compare': {
      const eq = found && value === c.value;
      return c.op === '==' ? eq : !eq;
    }
    case 'in':
      if (Array.isArray(value)) return value.includes(c.value);
      if (typeof value === 'string') return value.includes(String(c.value));
      if (value && typeof value === 'object') return String(c.value) in value;
      return false;
  }
}

/** Evaluates a `when:` (string or list, all must hold). Throws on unsupported syntax or an undefined truthy var. */
export function evaluateWhen(expr: string | boolean | readonly (string | boolean)[] | undefined, vars: Record<string, unknown>): boolean {
  if (expr === undefined) return true;
  const list = Array.isArray(expr) ? expr : [expr];
  return list.every((e) => (typeof e === 'boolean' ? e : evaluateCondition(parseCondition(e), vars)));
}
