/**
 * Implementation limits of host engines (the JS API's "limits" section, as V8
 * enforces them) that bound what Windlass can emit; guests beyond them are rejected.
 */

/** Largest accepted value of each count; exceeding one is a CompileError naming it. */
export const IMPL_LIMITS = {
  moduleBytes: 1_073_741_824,
  types: 1_000_000,
  /** Imported plus defined functions (host builtins count against it too). */
  funcs: 1_000_000,
  /** Host imports: guest function/global imports, builtins, every memory (+ its bound global) and table. */
  imports: 100_000,
  exports: 100_000,
  globals: 1_000_000,
  tables: 100_000,
  dataSegments: 100_000,
  elemSegmentEntries: 10_000_000,
  params: 1_000,
  results: 1_000,
  funcBodyBytes: 7_654_321,
} as const;

export type ImplLimitName = keyof typeof IMPL_LIMITS;
