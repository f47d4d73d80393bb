/**
 * The array-call convention at the JS level: `ArrayEntry` calls a function (host → wasm) with
 * host-level values through its entry trampoline, and `arrayExitFunction` makes a wasm function
 * (wasm → host) whose calls reach a JS function as an array of host-level values.
 * Host-level: numbers, bigint, 16-byte Uint8Array for v128, host function or null for funcref.
 */
import type { FuncType } from '../../abi/types.js';
import { slotArea, slotReader, slotWriter } from './slots.js';
import type { SlotReader, SlotWriter } from './slots.js';
import { instantiateEntry, instantiateExit } from './trampolines.js';

/** Per-signature slot codecs. */
interface Codecs {
  readonly writeParams: readonly SlotWriter[];
  readonly readParams: readonly SlotReader[];
  readonly writeResults: readonly SlotWriter[];
  readonly readResults: readonly SlotReader[];
}

const codecCache = new Map<string, Codecs>();

const codecsFor = (type: FuncType): Codecs => {
  const key = `${type.params.join(',')}>${type.results.join(',')}`;
  let c = codecCache.get(key);
  if (!c) {
    c = {
      writeParams: type.params.map(slotWriter),
      readParams: type.params.map(slotReader),
      writeResults: type.results.map(slotWriter),
      readResults: type.results.map(slotReader),
    };
    codecCache.set(key, c);
  }
  return c;
};

/** One function's host → wasm entry: arguments and results travel through the slots. */
export class ArrayEntry {
  readonly #entry: () => void;
  readonly #writers: readonly SlotWriter[];
  readonly #readers: readonly SlotReader[];

  /** @param callee any function of type `type` (guest, host, or another instance's) */
  constructor(readonly type: FuncType, callee: Function) {
    const c = codecsFor(type);
    this.#writers = c.writeParams;
    this.#readers = c.readResults;
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
    const w = this.#writers;
    for (let i = 0; i < w.length; i++) w[i]!(a, args[i]);
    this.#entry();
    const r = this.#readers;
    const out = new Array<unknown>(r.length);
    for (let j = 0; j < r.length; j++) out[j] = r[j]!(a);
    return out;
  }
}

/**
 * A host wasm function of `type` that calls `fn` with its arguments as an array of host-level
 * values; `fn` returns the host-level results (already checked), as an array.
 */
export const arrayExitFunction = (type: FuncType, fn: (args: unknown[]) => readonly unknown[]): Function => {
  const c = codecsFor(type);
  const readers = c.readParams;
  const writers = c.writeResults;
  return instantiateExit(type, () => {
    const a = slotArea();
    const args = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i++) args[i] = readers[i]!(a);
    const results = fn(args);
    const b = slotArea();
    for (let j = 0; j < writers.length; j++) writers[j]!(b, results[j]);
  });
};
