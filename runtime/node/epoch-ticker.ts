/** The Node version of `EpochTicker.start`: the ticker loop on a `worker_threads` worker. */
import { Worker } from 'node:worker_threads';
import type { Engine } from '../engine.js';
import { EpochTicker, TICKER_LOOP, tickerInterval, type EpochTickerOptions } from '../epoch-ticker.js';

/**
 * Starts a thread that advances `engine`'s epoch every `intervalMs` ms (default 1). The worker is
 * unref'd: it never keeps the process alive. Stop it with `ticker.stop()`.
 */
export const startNodeEpochTicker = (engine: Engine, options: EpochTickerOptions = {}): EpochTicker => {
  const ms = tickerInterval(engine, options);
  const worker = new Worker(`${TICKER_LOOP}\nconst { workerData } = require('node:worker_threads');\ntick(workerData.buffer, workerData.ms);`, {
    eval: true,
    workerData: { buffer: engine.epochBuffer, ms },
  });
  worker.unref();
  return new EpochTicker(worker, ms);
};
