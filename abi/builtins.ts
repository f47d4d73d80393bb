/**
 * Builtins (libcalls): runtime functions the host module imports from module
 * `HOST_BUILTIN_MODULE`. Hot paths are inline host code; these are the cold ones.
 * Compiler and runtime both derive from this table; the runtime checks its
 * implementation set with `satisfies Record<BuiltinName, ...>`.
 */
import type { Tunables } from './tunables.js';
import { ValType } from './types.js';

export const BUILTINS = [
  /**
   * trap(guestOffset, code: TrapCode id): never returns; throws the runtime's Trap. `guestOffset` is
   * the trapping operator's guest bytecode offset: compiled code raises traps from shared trap pads
   * at the end of each function, so the host frame's own offset does not say where the trap was.
   */
  { name: 'trap', params: [ValType.i32, ValType.i32], results: [], requires: null },
  /** memory_grow(memoryIndex, deltaPages) -> old size in pages, or -1. Updates the bound global. */
  { name: 'memory_grow', params: [ValType.i32, ValType.i32], results: [ValType.i32], requires: null },
  /**
   * out_of_fuel(): the store's fuel global reached 0 or above (none left). Refills it from the
   * store's reserve, deadline slices or out-of-fuel callback and returns, or throws Trap OutOfFuel
   * (or Interrupt when a deadline passed). Imported only when compiled with `fuel`.
   */
  { name: 'out_of_fuel', params: [], results: [], requires: 'fuel' },
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
