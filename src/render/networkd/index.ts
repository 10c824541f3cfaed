/** The networkd backend: renderer, reload and option spelling (not written yet: refuses loudly). */
import { unsupportedRenderer } from '../unsupported.ts';
import type { BackendReload, OptionSpelling, Renderer } from '../types.ts';

export const render: Renderer = unsupportedRenderer('networkd');
export const reload: BackendReload | undefined = undefined;
export const spelling: OptionSpelling | undefined = undefined;
