/**
 * Engine: the configuration (tunables) shared by every module compiled and every
 * store created with it, and, with `epochInterruption`, the epoch counter its stores' deadlines
 * are measured against.
 */
import { DEFAULT_TUNABLES } from '../abi/tunables.js';
import type { Tunables } from '../abi/tunables.js';
import { detectEpochSupport, EpochCounter, EpochUnsupportedError, type EpochSupport } from './epoch.js';

/** Compilation and instantiation settings. Cheap to create; holds no guest state. */
export class Engine {
  /** The effective tunables (defaults overridden by the constructor's config). */
  readonly tunables: Tunables;
  /** @internal the epoch counter (engines with `epochInterruption`). */
  readonly epochCounter: EpochCounter | undefined;
  /** What the host engine supports of epoch interruption (engines with `epochInterruption`). */
  readonly epochSupport: EpochSupport | undefined;

  /**
   * @param config tunables to override (see abi/tunables.ts); the rest take their defaults.
   * @throws EpochUnsupportedError with `epochInterruption` on a host without shared memory. (A host
   *   without multi-memory, like Node 20, still runs guests without a memory of their own; compiling
   *   one with a memory throws EpochUnsupportedError then.)
   */
  constructor(config: Partial<Tunables> = {}) {
    const tunables = { ...DEFAULT_TUNABLES, ...config };
    if (!Number.isInteger(tunables.canaryPages) || tunables.canaryPages < 0) {
      throw new RangeError(`Engine: canaryPages must be a non-negative integer, got ${String(tunables.canaryPages)}`);
    }
    this.tunables = Object.freeze(tunables);
    if (tunables.epochInterruption) {
      const support = detectEpochSupport();
      if (!support.sharedMemory) throw new EpochUnsupportedError(support.reason);
      this.epochSupport = support;
      this.epochCounter = new EpochCounter();
    }
  }

  #epoch(what: string): EpochCounter {
    if (this.epochCounter === undefined) throw new Error(`${what}: epoch interruption is not enabled (create the engine with { epochInterruption: true })`);
    return this.epochCounter;
  }

  /** Advances the epoch by one (Wasmtime's `Engine::increment_epoch`); safe from any thread via `epochBuffer`. */
  incrementEpoch(): void {
    this.#epoch('incrementEpoch').increment();
  }

  /** The current epoch. */
  get epoch(): bigint {
    return this.#epoch('epoch').get();
  }

  /**
   * The shared memory holding the epoch counter (an i64 at byte 0), for a timer on another thread
   * (see `EpochTicker`): `Atomics.add(new BigInt64Array(buffer, 0, 1), 0, 1n)` advances the epoch.
   */
  get epochBuffer(): SharedArrayBuffer {
    return this.#epoch('epochBuffer').memory.buffer as unknown as SharedArrayBuffer;
  }
}
