export * from './types.ts';
export { renderers, reloaders, reloaderFor } from './registry.ts';
export { optionsNeedingDown, bondsNeedingDown } from './options-down.ts';
export { parseInterfaces, printInterfaces } from './interfaces/parse.ts';
export type { InterfacesDoc, Block, LogicalLine, PhysLine } from './interfaces/parse.ts';
export { editInterfaces, mentionsManaged } from './interfaces/edit.ts';
export { sourcesInterfacesDir, bondFileName, MAIN_INTERFACES, INTERFACES_DIR } from './interfaces/placement.ts';
export { renderIfupdown } from './ifupdown/render.ts';
export { renderLegacy, MODUTILS_ALIASES, MODUTILS_ACTIONS, MODPROBE_FILE, MAX_BONDS_FILE } from './ifupdown-legacy/render.ts';
