/**
 * Tunables: compile-time and instantiation-time settings shared by compiler
 * and runtime. A compiled artifact records the tunables it was built with.
 */
export interface Tunables {
  /** Emit explicit bounds checks on every guest memory/table access (never off in production). */
  readonly boundsChecks: boolean;
  /**
   * Test/hardening aid: the runtime allocates this many extra host pages after each
   * guest memory's bound, filled with a canary pattern. Guest code must never see them;
   * the host engine's own bounds check would not catch an access there, only ours.
   */
  readonly canaryPages: number;
}

export const DEFAULT_TUNABLES: Tunables = {
  boundsChecks: true,
  canaryPages: 0,
};

/** Wasm page size in bytes. */
export const WASM_PAGE_SIZE = 65536;
/** Largest number of pages a 32-bit memory may have (4 GiB). */
export const MAX_WASM32_PAGES = 65536;
/** Largest table size we accept at run time (host engines cap tables at 10M entries). */
export const MAX_TABLE_ELEMENTS = 10_000_000;
