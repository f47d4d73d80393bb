/**
 * Implementation limits of the host engine (V8's wasm-limits.h values). A valid guest
 * that would need a host module beyond one of them gets a CompileError, never an invalid host.
 */

/** Host engine limits the emitted module must respect. */
export const HOST_LIMITS = {
  maxTypes: 1_000_000,
  maxFunctions: 1_000_000,
  maxImports: 100_000,
  maxExports: 100_000,
  maxGlobals: 1_000_000,
  maxTables: 100_000,
  maxDataSegments: 100_000,
  maxElemSegments: 10_000_000,
  maxTableInitEntries: 10_000_000,
  maxFunctionParams: 1_000,
  maxFunctionResults: 1_000,
  maxFunctionLocals: 50_000,
  maxFunctionSize: 7_654_321,
  maxBrTableSize: 65_520,
  maxStringSize: 100_000,
  maxModuleSize: 1024 * 1024 * 1024,
} as const;
