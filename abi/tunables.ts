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
  /**
   * Meter execution with fuel (Wasmtime's model, costs in abi/operator-cost.ts). Off: the host
   * module contains no fuel code, no fuel global and no fuel builtin import.
   */
  readonly fuel: boolean;
  /**
   * Count call depth in compiled code (a store-owned budget decremented at function entry) and
   * trap `StackOverflow` deterministically when it runs out, before the host engine's own stack
   * limit is reached for typical frames. Off (the default: it costs a global read and two writes
   * per call, up to 2-3x on tiny recursive functions): only the host's stack overflow (translated)
   * stops runaway recursion, at an engine-dependent depth.
   */
  readonly callDepthChecks: boolean;
  /**
   * Wasmtime-style epoch interruption: function entries and loop headers (fuel's checking points)
   * compare the engine's epoch counter, which `engine.incrementEpoch()` or an `EpochTicker` bumps,
   * with the store's deadline and call the `epoch_deadline` builtin once it is reached (trap
   * `Interrupt`, or the store's callback extends the deadline). The counter lives in a shared
   * memory the host module imports besides the guest's (docs/epoch.md): a guest with a memory needs
   * a host engine with multi-memory and shared memory. Off: no epoch code, import or builtin.
   */
  readonly epochInterruption: boolean;
}

export const DEFAULT_TUNABLES: Tunables = {
  boundsChecks: true,
  canaryPages: 0,
  fuel: false,
  callDepthChecks: false,
  epochInterruption: false,
};

/**
 * Default call-depth budget of a store (`callDepthChecks`), in depth units: a function whose
 * params and locals take fewer than `CALL_DEPTH_LOCALS_PER_UNIT` slots costs 1 unit per active
 * call, bigger frames cost proportionally more (see `callDepthUnits`). Chosen so that the host
 * engines' own stacks (about 1 MB on V8, more on JavaScriptCore) never overflow first for such frames.
 */
export const DEFAULT_MAX_CALL_DEPTH = 5000;
/** Local slots (params + declared locals, v128 counting 2) covered by one call-depth unit. */
export const CALL_DEPTH_LOCALS_PER_UNIT = 8;
/** Depth units one active call of a function with `localSlots` local slots costs. */
export const callDepthUnits = (localSlots: number): number => 1 + Math.floor(localSlots / CALL_DEPTH_LOCALS_PER_UNIT);

/** Wasm page size in bytes. */
export const WASM_PAGE_SIZE = 65536;
/** Largest number of pages a 32-bit memory may have (4 GiB). */
export const MAX_WASM32_PAGES = 65536;
/** Largest table size we accept at run time (host engines cap tables at 10M entries). */
export const MAX_TABLE_ELEMENTS = 10_000_000;
