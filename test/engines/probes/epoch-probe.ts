/**
 * Probe (bundled, run on every engine): epoch interruption of a guest with its own memory (the
 * epoch counter is a second, shared memory: multi-memory). Reports the trap, tick count, callback
 * count, fuel consumed and the guest's memory for each case, or the EpochUnsupportedError.
 */
import { detectEpochSupport, Engine, EpochTicker, EpochUnsupportedError, Func, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import { TICKER_LOOP } from '../../../runtime/epoch-ticker.js';
import type { EpochCase, EpochOutcome, EpochOutput } from './epoch-probe-types.js';
import { engineName, fromBase64 } from './probe-util.js';

const runCase = (c: EpochCase): EpochOutcome => {
  const fuel = c.fuel === undefined ? undefined : BigInt(c.fuel);
  const engine = new Engine({ epochInterruption: true, fuel: fuel !== undefined });
  const store = new Store(engine, fuel !== undefined ? { fuel } : {});
  let ticks = 0;
  let callbacks = 0;
  const tick = Func.wrap(store, { params: [], results: [] }, () => { ticks++; engine.incrementEpoch(); });
  const instance = new Instance(store, Module.fromBytes(engine, fromBase64(c.wasm)), [tick]);
  if ((c.extensions ?? 0) > 0) {
    store.epochDeadlineCallback(() => {
      callbacks++;
      if (callbacks > c.extensions!) throw new Trap('Interrupt');
      return c.deadline;
    });
  }
  store.setEpochDeadline(c.deadline);
  let trap: string | null = null;
  try {
    instance.getFunc(c.export)!.call();
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    trap = e.code;
  }
  const memory0 = new DataView(instance.getMemory('memory')!.buffer).getInt32(0, true);
  return { name: c.name, trap, ticks, callbacks, fuelConsumed: fuel === undefined ? null : String(fuel - store.getFuel()), memory0 };
};

type NodeWorker = new (code: string, options: { eval: true; workerData: unknown }) => { terminate(): unknown };

/** A ticker thread: the runtime's Web Worker core where there is `Worker` (Bun, browsers), else Node's worker_threads. */
const startTicker = (engine: Engine): { stop(): void; kind: string } => {
  if (typeof (globalThis as { Worker?: unknown }).Worker === 'function') {
    const t = EpochTicker.start(engine, { intervalMs: 1 });
    return { stop: () => t.stop(), kind: 'EpochTicker.start (Web Worker)' };
  }
  const gbm = (globalThis as { process?: { getBuiltinModule?: (id: string) => { Worker: NodeWorker } } }).process?.getBuiltinModule;
  if (gbm === undefined) throw new Error('no Worker and no process.getBuiltinModule');
  const { Worker } = gbm('node:worker_threads');
  const w = new Worker(`${TICKER_LOOP}\nconst { workerData } = require('node:worker_threads');\ntick(workerData, 1);`,
    { eval: true, workerData: engine.epochBuffer });
  return { stop: () => void w.terminate(), kind: 'worker_threads' };
};

/** `spin` (an empty loop) interrupted by a ticker-driven deadline of 200 ticks. */
const tickerSpin = async (wasm: string): Promise<EpochOutput['tickerSpin']> => {
  const engine = new Engine({ epochInterruption: true });
  const store = new Store(engine);
  const tick = Func.wrap(store, { params: [], results: [] }, () => {});
  const instance = new Instance(store, Module.fromBytes(engine, fromBase64(wasm)), [tick]);
  const ticker = startTicker(engine);
  try {
    // let the thread start before the main thread spins
    for (let i = 0; i < 200 && engine.epoch === 0n; i++) await new Promise((r) => setTimeout(r, 5));
    const start = engine.epoch;
    store.setEpochDeadline(200);
    let trap: string | null = null;
    try {
      instance.getFunc('spin')!.call();
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      trap = e.code;
    }
    return { trap, ticks: String(engine.epoch - start), ticker: ticker.kind };
  } finally {
    ticker.stop();
  }
};

/** Runs every case, or reports why this engine cannot. */
export default async function epochProbe(input: { readonly cases: readonly EpochCase[] }): Promise<EpochOutput> {
  const s = detectEpochSupport();
  const support = { sharedMemory: s.sharedMemory, multiMemory: s.multiMemory };
  try {
    const outcomes = input.cases.map(runCase);
    return { engine: engineName(), support, unsupported: null, outcomes, tickerSpin: await tickerSpin(input.cases[0]!.wasm) };
  } catch (e) {
    if (e instanceof EpochUnsupportedError) return { engine: engineName(), support, unsupported: e.message, outcomes: [], tickerSpin: null };
    throw e;
  }
}
