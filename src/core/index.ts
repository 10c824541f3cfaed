export * from './status.ts';
export * from './exit-codes.ts';
export * from './errors.ts';
export * from './quote.ts';
export * from './change.ts';
export * from './host.ts';
export * from './events.ts';
export * from './secrets.ts';
