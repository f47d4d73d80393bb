/**
 * Probe (bundled, run on every engine): epoch interruption of a guest with its own memory (the
 * epoch counter is a second, shared memory: multi-memory). Reports the trap, tick count, callback
 * count, fuel consumed and the guest's memory for each case, or the EpochUnsupportedError.
 */
import { detectEpochSupport, Engine, EpochUnsupportedError, Func, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import type { EpochCase, EpochOutcome, EpochOutput } from './epoch-probe-types.js';

const fromBase64 = (s: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

const engineName = (): string => {
  const g = globalThis as { navigator?: { userAgent?: string }; process?: { versions?: Record<string, string> } };
  const v = g.process?.versions;
  if (v?.['bun']) return `Bun ${v['bun']}`;
  if (v?.['node']) return `Node ${v['node']} (V8 ${v['v8']})`;
  return g.navigator?.userAgent ?? 'unknown';
};

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

/** Runs every case, or reports why this engine cannot. */
export default async function epochProbe(input: { readonly cases: readonly EpochCase[] }): Promise<EpochOutput> {
  const s = detectEpochSupport();
  const support = { sharedMemory: s.sharedMemory, multiMemory: s.multiMemory };
  try {
    return { engine: engineName(), support, unsupported: null, outcomes: input.cases.map(runCase) };
  } catch (e) {
    if (e instanceof EpochUnsupportedError) return { engine: engineName(), support, unsupported: e.message, outcomes: [] };
    throw e;
  }
}
