/**
 * The array-call convention at the JS level: `ArrayEntry` calls a function (host → wasm) with
 * host-level values through its entry trampoline, and `arrayExitFunction` makes a wasm function
 * (wasm → host) whose calls reach a JS function as an array of host-level values.
 * Host-level: numbers, bigint, 16-byte Uint8Array for v128, host function or null for funcref.
 */
import type { FuncType } from '../../abi/types.js';
import { readSlots, slotArea, writeSlots } from './slots.js';
import { instantiateEntry, instantiateExit } from './trampolines.js';

/** One function's host → wasm entry: arguments and results travel through the slots. */
export class ArrayEntry {
  readonly #entry: () => void;

  /** @param callee any function of type `type` (guest, host, or another instance's) */
  constructor(readonly type: FuncType, callee: Function) {
    this.#entry = instantiateEntry(type, callee);
  }

  /** Calls with whatever the slots hold (the caller wrote them); results are left in the slots. */
  invoke(): void {
    this.#entry();
  }

  /**
   * Calls with host-level arguments already checked against the type; returns the host-level
   * results. Errors (traps) propagate untranslated.
   */
  call(args: readonly unknown[]): unknown[] {
    const a = slotArea();
    writeSlots(a, this.type.params, args);
    this.#entry();
    return readSlots(a, this.type.results);
  }
}

/**
 * A host wasm function of `type` that calls `fn` with its arguments as an array of host-level
 * values; `fn` returns the host-level results (already checked), as an array.
 */
export const arrayExitFunction = (type: FuncType, fn: (args: unknown[]) => readonly unknown[]): Function =>
  instantiateExit(type, () => {
    const args = readSlots(slotArea(), type.params);
    const results = fn(args);
    writeSlots(slotArea(), type.results, results);
  });
