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

/**
 * How far beyond the current epoch the deadline compiled code sees may be (2^30 ticks): compiled
 * code compares 32-bit values in serial arithmetic, so a farther deadline is armed in steps.
 */
const HORIZON = 1n << 30n;

/** A store's epoch deadline and what happens when it is reached. */
export class EpochDeadline {
  /**
   * The armed deadline compiled code imports (`wl.deadline`): the low 32 bits of
   * min(deadline, epoch + 2^30), so that `(epoch - armed)` as an i32 is negative until it is reached.
   */
  readonly global: WebAssembly.Global = new HostWebAssembly.Global({ value: 'i32', mutable: true }, 0);
  /** The deadline (an epoch value); 2^64-1: none. */
  #deadline = U64_MAX;
  #callback: EpochDeadlineCallback | null = null;

  constructor(private readonly counter: EpochCounter) {
    this.#arm(counter.get());
  }

  /** The deadline (an epoch value; 2^64-1 when none is set). */
  get(): bigint {
    return this.#deadline;
  }

  /** Sets the deadline `ticks` epochs beyond the current one (saturating at 2^64-1). */
  set(ticks: number | bigint): void {
    const now = this.counter.get();
    const d = now + toTicks(ticks, 'setEpochDeadline');
    this.#deadline = d > U64_MAX ? U64_MAX : d;
    this.#arm(now);
  }

  /** Publishes the deadline, at most `HORIZON` beyond epoch `now`, to compiled code. */
  #arm(now: bigint): void {
    const horizon = now + HORIZON;
    const armed = this.#deadline < horizon ? this.#deadline : horizon;
    this.global.value = Number(BigInt.asIntN(32, armed));
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
   * The `epoch_deadline` builtin: compiled code found the armed deadline reached (or another check
   * failed on the same cold path). Traps or asks the callback while the real deadline is reached,
   * then re-arms (a deadline beyond the horizon only needed a new step) and returns.
   */
  reached(hint: CompiledArtifact | undefined): void {
    for (;;) {
      const now = this.counter.get();
      if (now < this.#deadline) {
        this.#arm(now);
        return;
      }
      const cb = this.#callback;
      if (cb === null) throw new Trap('Interrupt', { hint });
      const ticks = toTicks(cb(), 'epoch deadline callback result');
      if (ticks === 0n) throw new RangeError('epoch deadline callback: returned 0 ticks (return at least 1, or throw to stop)');
      this.set(ticks);
    }
  }
}
