/**
 * What the preview1 function families share: the guest memory of the current call, the
 * descriptor table, arguments, environment, clocks, randomness and `proc_exit`'s error.
 */
import type { DescriptorTable } from './descriptors.js';
import type { GuestMemory } from './guest-memory.js';

/** Clocks (nanoseconds). */
export interface WasiClock {
  /** Wall-clock time since the Unix epoch. */
  realtimeNs(): bigint;
  /** A monotonic clock (any origin). */
  monotonicNs(): bigint;
}

/** State of one WASI context, as the function families see it. */
export interface WasiContext {
  /** The guest memory view for the current call; throws when no memory is bound. */
  readonly memory: () => GuestMemory;
  readonly fds: DescriptorTable;
  /** argv, program name first. */
  readonly args: readonly string[];
  /** `KEY=VALUE` strings. */
  readonly env: readonly string[];
  readonly clock: WasiClock;
  /** Fills `dst` with random bytes. */
  readonly random: (dst: Uint8Array) => void;
  /** Blocks for `ns` nanoseconds where the host can (poll_oneoff with only clock subscriptions). */
  readonly sleep: (ns: bigint) => void;
}

/** Thrown by `proc_exit` to unwind the guest; `Wasi.start` turns it into the exit code. */
export class WasiExit extends Error {
  override readonly name = 'WasiExit';
  /** @param code the guest's exit status */
  constructor(readonly code: number) {
    super(`WASI program exited with code ${code}`);
  }
}

/** A preview1 function: takes wasm values (i64 as bigint) and returns an errno (or nothing). */
export type WasiFunction = (...args: never[]) => number | void;
