import { BACKENDS } from '../config/bond-model.ts';
import { bondProblems } from '../config/bond-rules.ts';
import { BOND_LIST_SCHEMA } from '../config/bond-schema.ts';
import type { ModuleCatalog } from '../config/module-catalog.ts';
import { fileValues, kernelModuleValues, packageValues, runValues } from './value-checks.ts';

/** Argument schemas of the built-in modules; the playbook loader knows modules only through this. */
const obj = (properties: object, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
const str = { type: 'string', minLength: 1 };
// A string, or the number YAML 1.1 reads from `mode: 0644` (as Ansible takes it); see fileValues.
const mode = { type: ['string', 'integer'], pattern: '^0?[0-7]{3,4}$' };
const state = { type: 'string', enum: ['present', 'absent'] };
const fileArgs = { dest: str, mode, owner: str, group: str };
const runArgs = { creates: str, removes: str, changed_when: { type: ['string', 'boolean'] } };

export const MODULE_CATALOG: ModuleCatalog = {
  bond: {
    // `bonds` defaults to the host var `bonds` at run time; the loader never fills it in.
    schema: obj({
      bonds: BOND_LIST_SCHEMA,
      backend: { type: 'string', enum: [...BACKENDS] },
      install_packages: { type: 'boolean' },
      confirm_timeout: { type: 'integer', minimum: 1 },
      // true: ping each bond's gateway; an address or a list: ping those, over the bond.
      verify_ping: { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: '^[0-9A-Fa-f.:]+$' }, { type: 'array', items: { type: 'string', pattern: '^[0-9A-Fa-f.:]+$' } }] },
    }),
    check: (args) => bondProblems((args as { bonds?: unknown }).bonds).map((p) => ({ ...p, path: ['bonds', ...p.path] })),
    supportsCheck: true,
    supportsDiff: true,
  },
  bond_reload: { schema: obj({}), supportsCheck: true, supportsDiff: false },
  package: {
    schema: obj({ name: { type: ['string', 'array'], items: str, minLength: 1 }, state, manager: { type: 'string', enum: ['apt', 'dnf'] } }, ['name']),
    checkValues: packageValues,
    supportsCheck: true,
    supportsDiff: false,
  },
  kernel_module: {
    // The name's charset is a value rule (checkValues), so a leading "-" gets its own message.
    schema: obj({ name: str, state, params: { type: 'string' }, persist: { type: 'boolean' } }, ['name']),
    checkValues: kernelModuleValues,
    supportsCheck: true,
    supportsDiff: true,
  },
  copy: { schema: obj({ ...fileArgs, content: { type: 'string' } }, ['dest', 'content']), checkValues: fileValues, supportsCheck: true, supportsDiff: true },
  template: {
    schema: obj({ ...fileArgs, src: str, template: { type: 'string' } }, ['dest']),
    checkValues: fileValues,
    check: (a) => {
      const { src, template } = a as { src?: string; template?: string };
      return (src === undefined) === (template === undefined) ? [{ path: [], message: 'set exactly one of src or template' }] : [];
    },
    supportsCheck: true,
    supportsDiff: true,
  },
  command: {
    // A string is split into words before substitution (config/argv.ts); a list is the argv as is.
    schema: obj({ cmd: { type: ['string', 'array'], items: { type: 'string' }, minLength: 1, minItems: 1 }, argv: { type: 'array', items: { type: 'string' }, minItems: 1 }, ...runArgs }),
    check: (a) => {
      const { cmd, argv } = a as { cmd?: unknown; argv?: unknown };
      return (cmd === undefined) === (argv === undefined) ? [{ path: [], message: 'set exactly one of cmd (a string or a list) or argv (a list)' }] : [];
    },
    freeForm: 'cmd',
    words: ['cmd', 'argv'],
    checkValues: runValues,
    // A command cannot simulate itself: skipped in check mode, never run for real.
    supportsCheck: false,
    supportsDiff: false,
  },
  shell: {
    // One shell string, run by `sh -c`: pipes and redirections work, substituted values are
    // inserted as they are, so `{{ v | quote }}` is how a value stays one word.
    schema: obj({ cmd: str, ...runArgs }, ['cmd']),
    freeForm: 'cmd',
    checkValues: runValues,
    supportsCheck: false,
    supportsDiff: false,
  },
};
