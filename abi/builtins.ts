/**
 * Builtins (libcalls): runtime functions the host module imports from module
 * `HOST_BUILTIN_MODULE`. Hot paths are inline host code; these are the cold ones.
 * Compiler and runtime both derive from this table; the runtime checks its
 * implementation set with `satisfies Record<BuiltinName, ...>`.
 */
import { ValType } from './types.js';

export const BUILTINS = [
  /** trap(code: TrapCode id): never returns; throws the runtime's Trap. */
  { name: 'trap', params: [ValType.i32], results: [] },
  /** memory_grow(memoryIndex, deltaPages) -> old size in pages, or -1. Updates the bound global. */
  { name: 'memory_grow', params: [ValType.i32, ValType.i32], results: [ValType.i32] },
] as const;

export type BuiltinName = (typeof BUILTINS)[number]['name'];
export const builtinIndex = (name: BuiltinName): number => BUILTINS.findIndex((b) => b.name === name);
