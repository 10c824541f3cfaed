export { buildApplyScript } from './build-apply-script.ts';
export { buildConfirmScript, rollbackUnit } from './confirm.ts';
export { buildRestoreScript, buildStatusScript, buildListRunsScript } from './admin-scripts.ts';
export type { HostScriptOptions } from './admin-scripts.ts';
export { parseApplyOutput, summarizeApply } from './parse-output.ts';
export type { ApplyEvent, ApplySummary } from './parse-output.ts';
export { encodeField, decodeField } from './encode.ts';
export { ApplyInputError } from './validate.ts';
export * from './types.ts';
