/**
 * EpochTicker: a timer on another thread that advances an engine's epoch every `intervalMs`
 * milliseconds, so store epoch deadlines measure wall-clock time while guest code runs (the guest
 * thread never has to read a clock). This core uses a Web Worker made from a Blob URL where the
 * host has `Worker` (browsers: the page must be cross-origin isolated for shared memory); Node uses
 * `startNodeEpochTicker` from runtime/node/epoch-ticker.ts (worker_threads).
 */
import type { Engine } from './engine.js';

/** Options of a ticker. */
export interface EpochTickerOptions {
  /** Milliseconds between ticks (default 1; > 0). */
  readonly intervalMs?: number;
}

/**
 * The worker's loop, as text: `tick(buffer, ms)` sleeps `ms` with `Atomics.wait` (no timer
 * clamping) and adds 1 to the i64 at byte 0 of `buffer`, until the worker is terminated.
 */
export const TICKER_LOOP = `
const tick = (buffer, ms) => {
  const epoch = new BigInt64Array(buffer, 0, 1);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    Atomics.wait(nap, 0, 0, ms);
    Atomics.add(epoch, 0, 1n);
  }
};`;

/** What a ticker runs on: something that can be terminated. */
export interface TickerThread {
  terminate(): unknown;
}

/** Checks the interval option and the engine; returns the interval in ms. */
export const tickerInterval = (engine: Engine, options: EpochTickerOptions): number => {
  const ms = options.intervalMs ?? 1;
  if (!(typeof ms === 'number' && ms > 0 && Number.isFinite(ms))) throw new RangeError(`EpochTicker: intervalMs must be a positive number, got ${String(ms)}`);
  void engine.epochBuffer; // throws when the engine has no epoch interruption
  return ms;
};

/** A running ticker; `stop()` ends its thread. */
export class EpochTicker {
  #thread: TickerThread | null;

  /** @internal use `EpochTicker.start` (browsers) or `startNodeEpochTicker` (Node). */
  constructor(thread: TickerThread, readonly intervalMs: number) {
    this.#thread = thread;
  }

  /**
   * Starts a ticker on a Web Worker (hosts with a global `Worker`). Throws `Error` where there is
   * none (on Node use `startNodeEpochTicker` from the Node entry points).
   */
  static start(engine: Engine, options: EpochTickerOptions = {}): EpochTicker {
    const ms = tickerInterval(engine, options);
    const W = (globalThis as { Worker?: new (url: string) => Worker }).Worker;
    if (typeof W !== 'function' || typeof Blob === 'undefined' || typeof URL?.createObjectURL !== 'function') {
      throw new Error('EpochTicker.start: this host has no Web Worker (on Node use startNodeEpochTicker from windlass/node)');
    }
    // the worker reports back once it runs: only then is the Blob URL released (a host may load it late)
    const url = URL.createObjectURL(new Blob([`${TICKER_LOOP}\nonmessage = (e) => { postMessage(0); tick(e.data.buffer, e.data.ms); };`],
      { type: 'text/javascript' }));
    let worker: Worker;
    try {
      worker = new W(url);
    } catch (e) {
      URL.revokeObjectURL(url);
      throw e;
    }
    worker.onmessage = () => URL.revokeObjectURL(url);
    worker.postMessage({ buffer: engine.epochBuffer, ms });
    return new EpochTicker(worker, ms);
  }

  /** Whether the ticker still runs. */
  get running(): boolean {
    return this.#thread !== null;
  }

  /** Stops the ticker (idempotent). The epoch keeps its value. */
  stop(): void {
    const t = this.#thread;
    this.#thread = null;
    if (t !== null) void t.terminate();
  }
}
