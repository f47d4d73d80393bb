/**
 * Names on the boundary between a compiled host module and the runtime that
 * instantiates it. Every host import comes from one of these module names and
 * every host export uses one of these field-name builders.
 *
 * Host import order (and so host index spaces):
 *  - functions: guest imported functions (host func index == guest index), then the builtins
 *    the tunables need (`importedBuiltins`, in BUILTINS order);
 *    host defined functions: guest defined functions, then compiler helpers.
 *  - globals: guest imported globals (host global index == guest index), then one global per
 *    guest memory: the mutable i64 "bound" (its current size in bytes) or, for a memory whose
 *    declared minimum is at least one page, the mutable i32 "last" (size in bytes - 1), then the
 *    store's mutable i64 `fuel` global (with `fuel`) and mutable i32 `depth` global (with
 *    `callDepthChecks`), then the store's mutable i32 `deadline` (with `epochInterruption`);
 *    host defined globals: guest defined globals, then compiler helper globals.
 *  - every guest memory and table (imported or defined) is a host import created
 *    or supplied by the runtime, in guest index order; with `epochInterruption` the engine's shared
 *    epoch memory follows the guest memories.
 */

/** Module name of guest imports (functions and globals) the runtime resolves by the linker. */
export const HOST_GUEST_IMPORT_MODULE = 'g';
/** Module name of runtime-provided imports: builtins, memories, bounds, tables. */
export const HOST_BUILTIN_MODULE = 'wl';

export const hostImportName = {
  func: (guestFuncIndex: number): string => `f${guestFuncIndex}`,
  global: (guestGlobalIndex: number): string => `g${guestGlobalIndex}`,
  memory: (guestMemoryIndex: number): string => `memory${guestMemoryIndex}`,
  memoryBound: (guestMemoryIndex: number): string => `bound${guestMemoryIndex}`,
  /** Mutable i32: the memory's size in bytes minus 1 (imported instead of the bound when the minimum is >= 1 page). */
  memoryLast: (guestMemoryIndex: number): string => `last${guestMemoryIndex}`,
  table: (guestTableIndex: number): string => `table${guestTableIndex}`,
  /** The store's fuel counter: mutable i64, consumed fuel counting up towards 0 (Wasmtime's encoding). */
  fuel: 'fuel',
  /** The store's call-depth budget: mutable i32, units left before StackOverflow. */
  depth: 'depth',
  /**
   * The engine's epoch counter (`epochInterruption`): a shared memory of one page (min 1, max 1),
   * the counter an i64 at address 0; host memory index = number of guest memories.
   */
  epoch: 'epoch',
  /**
   * The store's armed epoch deadline (`epochInterruption`): mutable i32, the low 32 bits of a deadline
   * at most 2^30 ticks beyond the epoch; reached when `(epoch - deadline)` (i32, wrapping) is >= 0.
   */
  epochDeadline: 'deadline',
} as const;

export const hostExportName = {
  /** A guest function the runtime needs a handle on (exported, or the start function). */
  func: (guestFuncIndex: number): string => `f${guestFuncIndex}`,
  /** A guest-defined global (as a WebAssembly.Global). */
  global: (guestGlobalIndex: number): string => `g${guestGlobalIndex}`,
  /** Applies active element and data segments in order; traps like the spec's instantiation. */
  init: '!init',
} as const;
