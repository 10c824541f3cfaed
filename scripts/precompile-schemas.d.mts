/** Types for the tests that import scripts/precompile-schemas.mjs. */
export function precompiledModule(cwd?: string): Promise<string>;
