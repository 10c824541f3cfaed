export { collectInventory, loadInventory } from './load.ts';
export type { Inventory, GroupDef, Origin } from './model.ts';
export { resolveHost, resolveHosts, resolveVars, groupsOf, precedenceOrder } from './resolve.ts';
export { selectHosts, matchPattern } from './patterns.ts';
export { hostBonds, hostBackend } from './bonds.ts';
export { isSecretKey, maskSecrets, MASK } from './secrets.ts';
export { jumpFromSshArgs, type ConnectionDefaults } from './connection.ts';
export { mapSshArgs } from './ssh-args-map.ts';
export { checkProject, type ProjectCheck } from './validate.ts';
