/**
 * Epoch interruption (Wasmtime's model): the engine's epoch counter, which compiled code reads at
 * function entries and loop headers, and each store's deadline with its behaviour when reached.
 * The counter is an i64 in a one-page shared memory the host module imports besides the guest's
 * memories, so a timer on another thread (`EpochTicker`) can bump it while guest code runs.
 */
import type { CompiledArtifact } from '../abi/artifact.js';
import { HostWebAssembly } from './host-wasm.js';
import { Trap } from './trap.js';

/** The host engine cannot run epoch interruption for a module (or at all); the message says why. */
export class EpochUnsupportedError extends Error {
  override readonly name = 'EpochUnsupportedError';
}

/** What the host engine supports of what epoch interruption needs. */
export interface EpochSupport {
  /** Shared memories (SharedArrayBuffer): needed at all. */
  readonly sharedMemory: boolean;
  /** A module with two memories, one shared: needed for guests with a memory of their own. */
  readonly multiMemory: boolean;
  /** Why not, when something is missing. */
  readonly reason?: string;
}

/** A module importing a plain memory and a shared one-page memory (multi-memory + threads). */
const TWO_MEMORIES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x02, 0x10, 0x02, // import section, 2 imports
  0x01, 0x61, 0x01, 0x6d, 0x02, 0x00, 0x00, // "a" "m" memory, min 0
  0x01, 0x61, 0x01, 0x65, 0x02, 0x03, 0x01, 0x01, // "a" "e" memory, shared, min 1 max 1
]);

const MULTI_MEMORY_MISSING =
  'epoch interruption needs multi-memory and shared memory support in the host WebAssembly engine for a guest ' +
  'with its own memory (the epoch counter is a second, shared memory); this engine has no multi-memory ' +
  '(e.g. Node 20\'s V8 11.3: use Node 22+ or current Chromium, or a guest without memory)';

/** Probes the host engine `wasm` (default: the captured host `WebAssembly`). */
export const detectEpochSupport = (wasm: typeof WebAssembly = HostWebAssembly): EpochSupport => {
  try {
    const m = new wasm.Memory({ initial: 1, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor);
    if (typeof SharedArrayBuffer === 'undefined' || !(m.buffer instanceof SharedArrayBuffer)) throw new Error('no SharedArrayBuffer');
  } catch (e) {
    return {
      sharedMemory: false, multiMemory: false,
      reason: `epoch interruption needs shared WebAssembly memory (SharedArrayBuffer; in browsers a cross-origin ` +
        `isolated page), which this host engine does not provide (${(e as Error).message})`,
    };
  }
  let multi = false;
  try {
    multi = wasm.validate(TWO_MEMORIES);
  } catch { /* not supported */ }
  return multi ? { sharedMemory: true, multiMemory: true } : { sharedMemory: true, multiMemory: false, reason: MULTI_MEMORY_MISSING };
};

/** Throws `EpochUnsupportedError` when `artifact` needs more than the engine's `support` gives. */
export const assertEpochSupported = (support: EpochSupport | undefined, artifact: CompiledArtifact): void => {
  if (!artifact.tunables.epochInterruption) return;
  if (support === undefined) {
    throw new EpochUnsupportedError('module compiled with epochInterruption, but the engine was created without it');
  }
  if (artifact.guest.memories.length > 0 && !support.multiMemory) throw new EpochUnsupportedError(MULTI_MEMORY_MISSING);
};

/** The engine's epoch counter, in its own shared memory. */
export class EpochCounter {
  /** The memory compiled code imports (`wl.epoch`): one shared page, the counter an i64 at address 0. */
  readonly memory: WebAssembly.Memory;
  /** The counter as seen by Atomics (index 0). */
  readonly cells: BigInt64Array;

  constructor(wasm: typeof WebAssembly = HostWebAssembly) {
    this.memory = new wasm.Memory({ initial: 1, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor);
    this.cells = new BigInt64Array(this.memory.buffer, 0, 1);
  }

  /** The current epoch. */
  get(): bigint {
    return BigInt.asUintN(64, Atomics.load(this.cells, 0));
  }

  /** Adds 1 to the epoch (any thread holding `memory.buffer` may do the same). */
  increment(): void {
    Atomics.add(this.cells, 0, 1n);
  }
}

/**
 * Called when the epoch reaches the store's deadline. Return how many epoch ticks beyond the
 * current epoch the next deadline is (> 0) to continue; throw (e.g. a `Trap`) to stop the guest.
 */
export type EpochDeadlineCallback = () => number | bigint;

const U64_MAX = (1n << 64n) - 1n;

/** Converts a tick count argument to a bigint in [0, 2^64). */
const toTicks = (n: number | bigint, what: string): bigint => {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`${what}: ${n} is not a safe integer`);
  const v = BigInt(n);
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what}: ${v} is outside [0, 2^64)`);
  return v;
};

/** A store's epoch deadline and what happens when it is reached. */
export class EpochDeadline {
  /** The deadline compiled code imports (`wl.deadline`), unsigned; all ones: none. */
  readonly global: WebAssembly.Global = new HostWebAssembly.Global({ value: 'i64', mutable: true }, -1n);
  #callback: EpochDeadlineCallback | null = null;

  constructor(private readonly counter: EpochCounter) {}

  /** The deadline (an epoch value; 2^64-1 when none is set). */
  get(): bigint {
    return BigInt.asUintN(64, this.global.value as bigint);
  }

  /** Sets the deadline `ticks` epochs beyond the current one (saturating at 2^64-1). */
  set(ticks: number | bigint): void {
    const d = this.counter.get() + toTicks(ticks, 'setEpochDeadline');
    this.global.value = BigInt.asIntN(64, d > U64_MAX ? U64_MAX : d);
  }

  /** Reaching the deadline traps `Interrupt` (the default). */
  trapOnDeadline(): void {
    this.#callback = null;
  }

  /** Reaching the deadline calls `cb`, which returns the next deadline's distance in ticks. */
  callbackOnDeadline(cb: EpochDeadlineCallback): void {
    if (typeof cb !== 'function') throw new TypeError('epochDeadlineCallback: expected a function');
    this.#callback = cb;
  }

  /**
   * The `epoch_deadline` builtin: compiled code found the epoch at or past the deadline (or another
   * check failed on the same cold path). Returns when the deadline is not reached (any more).
   */
  reached(hint: CompiledArtifact | undefined): void {
    while (this.counter.get() >= this.get()) {
      const cb = this.#callback;
      if (cb === null) throw new Trap('Interrupt', { hint });
      const ticks = toTicks(cb(), 'epoch deadline callback result');
      if (ticks === 0n) throw new RangeError('epoch deadline callback: returned 0 ticks (return at least 1, or throw to stop)');
      this.set(ticks);
    }
  }
}
