/**
 * What a measurement needs from the place it runs in (a Node child process, a browser page):
 * files, the guest's output sinks, the host's own WASI for native runs, a clock and, where the
 * platform can tell, the process's peak memory.
 */
import type { Engine } from '../engine.js';
import type { WasiFileSystem, WasiStream } from '../wasi/index.js';
import type { GuestSpec } from './types.js';

/** Where a guest's stdout and stderr go during one run. */
export interface GuestOutputs {
  readonly stdout: WasiStream;
  readonly stderr: WasiStream;
  /** Host file descriptors behind the streams, for a host WASI that writes to descriptors (node:wasi). */
  readonly fds?: { readonly stdout: number; readonly stderr: number };
  /** Everything written, once the run is over. */
  collect(): { readonly stdout: Uint8Array; readonly stderr: Uint8Array };
  /** Releases the sinks (`keep`: leave files behind for inspection). */
  close(keep: boolean): void;
}

/** A WASI implementation for a guest the host engine runs natively. */
export interface NativeWasi {
  /** Import object entries (`wasi_snapshot_preview1`). */
  readonly imports: WebAssembly.Imports;
  /** Runs `_start` and returns the exit code. */
  start(instance: WebAssembly.Instance): number;
}

/** The environment of one measurement. */
export interface MeasureEnv {
  /** Reads a whole file (guest module, expected output). */
  readFile(path: string): Uint8Array;
  /** The directory a command guest gets preopened as `.` (Windlass's own WASI). */
  preopen(dir: string): WasiFileSystem;
  /** Fresh sinks for one run's output. */
  openOutputs(): GuestOutputs;
  /** The host's WASI for a native run of `guest` with `args` (argv, program name first). */
  nativeWasi(guest: GuestSpec, args: readonly string[], outputs: GuestOutputs): NativeWasi;
  /** Monotonic milliseconds. */
  now(): number;
  /** Peak resident memory of the process so far in KB, when the platform can tell. */
  peakMemoryKB?(): number;
  /**
   * Starts a thread advancing `engine`'s epoch every `intervalMs` (the `checks+epoch` mode); absent:
   * the runtime's Web Worker ticker (`EpochTicker.start`).
   */
  startEpochTicker?(engine: Engine, intervalMs: number): { stop(): void };
}
