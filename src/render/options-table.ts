/** docs/backends.md's option table, made from the backends' own spelling maps so it cannot drift. */
import { BACKENDS } from '../config/bond-model.ts';
import { BOND_OPTION_NAMES } from '../config/bond-schema.ts';
import { spellings } from './registry.ts';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function optionsTable(): string {
  const lines = [`| option | ${BACKENDS.map((b) => `\`${b}\``).join(' | ')} |`, `|---|${BACKENDS.map(() => '---|').join('')}`];
  for (const o of BOND_OPTION_NAMES) {
    const row = BACKENDS.map((b) => {
      const sp = spellings[b];
      if (!sp) return 'not yet';
      const v = sp[o];
      return v === null ? '**cannot**' : `\`${cell(v)}\``;
    });
    lines.push(`| \`${o}\` | ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}
