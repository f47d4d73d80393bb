/**
 * Builtins (libcalls): runtime functions the host module imports from module
 * `HOST_BUILTIN_MODULE`. Hot paths are inline host code; these are the cold ones.
 * Compiler and runtime both derive from this table; the runtime checks its
 * implementation set with `satisfies Record<BuiltinName, ...>`.
 */
import type { Tunables } from './tunables.js';
import { ValType } from './types.js';

export const BUILTINS = [
  /** trap(code: TrapCode id): never returns; throws the runtime's Trap. */
  { name: 'trap', params: [ValType.i32], results: [], requires: null },
  /** memory_grow(memoryIndex, deltaPages) -> old size in pages, or -1. Updates the bound global. */
  { name: 'memory_grow', params: [ValType.i32, ValType.i32], results: [ValType.i32], requires: null },
  /**
   * out_of_fuel(): the store's fuel global reached 0 or above (none left). Refills it from the
   * store's reserve, deadline slices or out-of-fuel callback and returns, or throws Trap OutOfFuel
   * (or Interrupt when a deadline passed). Imported only when compiled with `fuel`.
   */
  { name: 'out_of_fuel', params: [], results: [], requires: 'fuel' },
  /**
   * trap_fuel(counter: i64, code: TrapCode id): stores the exact fuel counter at the trap into the
   * store's fuel global, then traps like `trap`. Trap arms of fuel-metered code call it instead of
   * writing the global themselves: a global write in every (never taken) trap arm made V8's baseline
   * compiler (Liftoff) spill and reload around each check, about 25% of fuel's cost there.
   */
  { name: 'trap_fuel', params: [ValType.i64, ValType.i32], results: [], requires: 'fuel' },
  /**
   * epoch_deadline(): the engine's epoch reached the store's deadline. Traps `Interrupt`, or the
   * store's epoch-deadline callback sets a new deadline and it returns. Imported only when compiled
   * with `epochInterruption`.
   */
  { name: 'epoch_deadline', params: [], results: [], requires: 'epochInterruption' },
] as const;

export type Builtin = (typeof BUILTINS)[number];
export type BuiltinName = Builtin['name'];

/** The builtins a host module compiled with `tunables` imports, in host index order (BUILTINS order). */
export const importedBuiltins = (tunables: Partial<Pick<Tunables, 'fuel' | 'epochInterruption'>>): readonly Builtin[] =>
  BUILTINS.filter((b) => b.requires === null || tunables[b.requires] === true);

/** Position of builtin `name` among `importedBuiltins(tunables)`, or -1 when not imported. */
export const builtinIndex = (name: BuiltinName, tunables: Partial<Pick<Tunables, 'fuel' | 'epochInterruption'>> = { fuel: true }): number =>
  importedBuiltins(tunables).findIndex((b) => b.name === name);
