import { bondModule, bondReloadHandler } from './bond.ts';
import { commandModule, shellModule } from './command.ts';
import { copyModule, templateModule } from './copy.ts';
import { kernelModuleModule } from './kernel-module.ts';
import { packageModule } from './package.ts';
import type { HandlerModule, TaskModule } from './types.ts';

export const TASK_MODULES: Record<string, TaskModule> = {
  bond: bondModule,
  package: packageModule,
  kernel_module: kernelModuleModule,
  copy: copyModule,
  template: templateModule,
  command: commandModule,
  shell: shellModule,
};

export const HANDLER_MODULES: Record<string, HandlerModule> = {
  bond_reload: bondReloadHandler,
};
