import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-codes.ts';
import { escapeControls, showPath } from '../../core/show-path.ts';
import { CONFIG_KEYS, KNOWN_KEYS } from '../../config/defaults-keys.ts';
import { action, type CliContext } from '../context.ts';

const LOOKED = '$TSPROV_CONFIG, ./tsprov.cfg, ./tsprov.yml, ~/.tsprov.cfg, ~/.tsprov.yml, then $ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg';

/** `tsprov config`: which defaults file is used, and every setting it gives (like `ansible-config dump --only-changed`). */
export function registerConfig(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('show the defaults file in use (tsprov.cfg, tsprov.yml or ansible.cfg) and the settings it gives')
    .action(
      action(ctx, () => {
        const loaded = ctx.config;
        for (const n of loaded?.discovered.notes ?? []) ctx.out(`note: ${escapeControls(n)}`);
        const c = loaded?.config;
        if (!c) {
          ctx.out(`config file: none (looked for ${LOOKED})`);
          return ExitCode.ok;
        }
        ctx.out(`config file: ${showPath(c.file)} (${c.format === 'ansible' ? 'an ansible.cfg' : "tsprov's own"}, ${loaded!.discovered.from})`);
        for (const key of KNOWN_KEYS) {
          const s = c.settings[key];
          if (!s) continue;
          const value = Array.isArray(s.value) ? s.value.join(', ') : String(s.value);
          ctx.out(`  ${key} = ${escapeControls(value)}  (${escapeControls(s.path)}, line ${s.line}; a ${CONFIG_KEYS[key].flag} on the command line wins)`);
        }
        if (c.ignored.length) ctx.out(`  not used by tsprov, ignored: ${escapeControls(c.ignored.join(', '))}`);
        return ExitCode.ok;
      }),
    );
}
