/**
 * Probe (bundled, run on every engine): calls guest exports through the runtime API with fuel
 * and call-depth checks, and reports results, trap codes, fuel consumed and guest backtraces.
 */
import { Engine, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import type { MeteringCase, MeteringOutcome, MeteringOutput } from './metering-probe-types.js';
import { engineName, fromBase64 } from './probe-util.js';

const show = (v: unknown): string =>
  typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && Object.is(v, -0) ? '-0' : v === undefined ? 'undefined' : String(v);
const arg = (a: number | string): number | bigint => (typeof a === 'string' && a.endsWith('n') ? BigInt(a.slice(0, -1)) : Number(a));

const runCase = (c: MeteringCase): MeteringOutcome => {
  const fuel = c.fuel === undefined ? undefined : BigInt(c.fuel);
  const engine = new Engine({ fuel: fuel !== undefined, callDepthChecks: c.maxCallDepth !== undefined });
  const store = new Store(engine, {
    ...(fuel !== undefined ? { fuel } : {}),
    ...(c.maxCallDepth !== undefined ? { limits: { maxCallDepth: c.maxCallDepth } } : {}),
  });
  const consumed = (): string | null => (fuel === undefined ? null : String(fuel - store.getFuel()));
  let value: string | null = null;
  let trap: string | null = null;
  let backtrace: MeteringOutcome['backtrace'] = [];
  try {
    const instance = new Instance(store, Module.fromBytes(engine, fromBase64(c.wasm)), []);
    const f = instance.getFunc(c.export);
    if (!f) throw new Error(`no export ${c.export}`);
    value = show(f.call(...(c.args ?? []).map(arg)));
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    trap = e.code;
    backtrace = e.backtrace.map((fr) => ({ funcIndex: fr.funcIndex, funcName: fr.funcName ?? null, guestOffset: fr.guestOffset ?? null }));
  }
  return { name: c.name, value, trap, fuelConsumed: consumed(), backtrace };
};

/** Runs every case in a fresh engine and store. */
export default async function meteringProbe(input: { readonly cases: readonly MeteringCase[] }): Promise<MeteringOutput> {
  return { engine: engineName(), outcomes: input.cases.map(runCase) };
}
