// Section 1: run each kernel natively, through Windlass with checks, and with checks + fuel
// (and a deadline on top of fuel), interleaved; check the results agree and report median times,
// the ratios to native and the geomean overhead of fuel on top of checks.
import { readFileSync } from 'node:fs';
import { Engine, Instance, Module, Store } from '../../runtime/index.js';
import { KERNELS, type Kernel } from './kernels.js';
import { fmt, median, min, timeMs } from './stats.js';
import { printTable } from './table.js';

export interface KernelResult {
  readonly kernel: string;
  readonly result: string;
  readonly rounds: number;
  readonly nativeMedianMs: number;
  readonly nativeMinMs: number;
  readonly windlassMedianMs: number;
  readonly windlassMinMs: number;
  /** Checks + fuel (unlimited fuel). */
  readonly fuelMedianMs: number;
  /** Checks + fuel with a (never reached) deadline: fuel handed out in slices, clock read per slice. */
  readonly deadlineMedianMs: number;
  /** Fuel consumed by one run (the same on every engine). */
  readonly fuelPerRun: string;
  readonly ratio: number;
  /** Windlass min / native min: less sensitive to a busy machine than the median ratio. */
  readonly minRatio: number;
  /** Checks + fuel median / native median. */
  readonly fuelRatio: number;
  /** Checks + fuel median / checks median: what fuel adds. */
  readonly fuelOverhead: number;
  /** Deadline median / checks median. */
  readonly deadlineOverhead: number;
  /** Set when the kernel could not be compared (compile/instantiate failure or result mismatch). */
  readonly error?: string;
}

export interface KernelBenchOptions {
  readonly guestDir: string;
  readonly warmup: number;
  readonly rounds: number;
  /** Stop adding rounds to one kernel after this much wall time (ms). */
  readonly budgetMs: number;
}

type Call = (n: number) => unknown;

const ALL_FUEL = (1n << 64n) - 1n;

const nativeCall = async (bytes: Uint8Array<ArrayBuffer>, k: Kernel): Promise<Call> => {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const f = instance.exports[k.entry];
  if (typeof f !== 'function') throw new Error(`${k.file}: no export ${k.entry}`);
  return f as Call;
};

const windlassCall = (engine: Engine, bytes: Uint8Array<ArrayBuffer>, k: Kernel, store = new Store(engine)): Call => {
  const module = Module.fromBytes(engine, bytes);
  const instance = new Instance(store, module, []);
  const f = instance.getFunc(k.entry);
  if (!f) throw new Error(`${k.file}: Windlass instance has no export ${k.entry}`);
  return (n) => f.call(n);
};

const show = (v: unknown): string => (typeof v === 'bigint' ? `${v}n` : String(v));

const check = (k: Kernel, expected: unknown, got: unknown, who: string): void => {
  if (!Object.is(expected, got)) {
    throw new Error(`${k.name}: result mismatch: native ${show(expected)}, ${who} ${show(got)}`);
  }
};

const RUNNERS = ['native', 'Windlass', 'Windlass+fuel', 'Windlass+deadline'] as const;

const benchOne = async (engines: { checks: Engine; fuel: Engine }, k: Kernel, o: KernelBenchOptions): Promise<KernelResult> => {
  const bytes = new Uint8Array(readFileSync(`${o.guestDir}/${k.file}`));
  const fuelStore = new Store(engines.fuel, { fuel: ALL_FUEL });
  const deadlineStore = new Store(engines.fuel, { fuel: ALL_FUEL });
  deadlineStore.setDeadline(24 * 3600 * 1000);
  const calls: Call[] = [
    await nativeCall(bytes, k),
    windlassCall(engines.checks, bytes, k),
    windlassCall(engines.fuel, bytes, k, fuelStore),
    windlassCall(engines.fuel, bytes, k, deadlineStore),
  ];
  const expected = calls[0]!(k.arg);
  const before = fuelStore.getFuel();
  for (let j = 1; j < calls.length; j++) check(k, expected, calls[j]!(k.arg), RUNNERS[j]!);
  const fuelPerRun = before - fuelStore.getFuel();
  for (let i = 0; i < o.warmup; i++) {
    calls.forEach((c, j) => check(k, expected, c(k.arg), `${RUNNERS[j]} (warm-up)`));
  }
  const times: number[][] = calls.map(() => []);
  const start = performance.now();
  for (let r = 0; r < o.rounds && (r < 3 || performance.now() - start < o.budgetMs); r++) {
    // rotate the order so that no runner always goes first (fresh heap, warm caches)
    for (let s = 0; s < calls.length; s++) {
      const j = (r + s) % calls.length;
      const t = timeMs(() => calls[j]!(k.arg));
      check(k, expected, t.value, RUNNERS[j]!);
      times[j]!.push(t.ms);
    }
  }
  const [n, w, f, d] = times.map(median) as [number, number, number, number];
  return {
    kernel: k.name, result: show(expected), rounds: times[0]!.length,
    nativeMedianMs: n, nativeMinMs: min(times[0]!), windlassMedianMs: w, windlassMinMs: min(times[1]!),
    fuelMedianMs: f, deadlineMedianMs: d, fuelPerRun: String(fuelPerRun),
    ratio: w / n, minRatio: min(times[1]!) / min(times[0]!), fuelRatio: f / n, fuelOverhead: f / w, deadlineOverhead: d / w,
  };
};

const geomean = (xs: readonly number[]): number => {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length === 0 ? NaN : Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length);
};

const pct = (x: number): string => (Number.isNaN(x) ? '-' : `${((x - 1) * 100).toFixed(1)}%`);

export const runKernelBench = async (o: KernelBenchOptions): Promise<KernelResult[]> => {
  const engines = { checks: new Engine(), fuel: new Engine({ fuel: true }) };
  const results: KernelResult[] = [];
  for (const k of KERNELS) {
    try {
      results.push(await benchOne(engines, k, o));
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      results.push({ kernel: k.name, result: '-', rounds: 0, nativeMedianMs: NaN, nativeMinMs: NaN,
        windlassMedianMs: NaN, windlassMinMs: NaN, fuelMedianMs: NaN, deadlineMedianMs: NaN, fuelPerRun: '-',
        ratio: NaN, minRatio: NaN, fuelRatio: NaN, fuelOverhead: NaN, deadlineOverhead: NaN, error });
      process.exitCode = 1;
    }
  }
  const ok = results.filter((r) => !r.error);
  const g = {
    ratio: geomean(ok.map((r) => r.ratio)), fuelRatio: geomean(ok.map((r) => r.fuelRatio)),
    fuelOverhead: geomean(ok.map((r) => r.fuelOverhead)), deadlineOverhead: geomean(ok.map((r) => r.deadlineOverhead)),
  };
  printTable(
    'Kernels: native host WebAssembly vs Windlass with checks, and with checks + fuel (ms per run)',
    ['kernel', 'result', 'rounds', 'native med', 'checks med', 'ratio', 'min ratio', '+fuel med', 'fuel ratio',
      'fuel adds', '+deadline adds', 'fuel/run'],
    [
      ...results.map((r) => [
        r.kernel, r.result, String(r.rounds), fmt(r.nativeMedianMs), fmt(r.windlassMedianMs),
        r.error ? 'ERROR' : `${fmt(r.ratio)}x`, r.error ? '-' : `${fmt(r.minRatio)}x`, fmt(r.fuelMedianMs),
        r.error ? '-' : `${fmt(r.fuelRatio)}x`, pct(r.fuelOverhead), pct(r.deadlineOverhead), r.fuelPerRun,
      ]),
      ['geomean', '', '', '', '', `${fmt(g.ratio)}x`, '', '', `${fmt(g.fuelRatio)}x`, pct(g.fuelOverhead), pct(g.deadlineOverhead), ''],
    ],
    [`ratio = Windlass (checks) median / native median; fuel ratio = checks + fuel median / native median`,
     'fuel adds = checks + fuel / checks; +deadline adds = checks + fuel + a far deadline (fuel in ~1 ms slices) / checks',
     `${o.warmup} warm-up runs each; the four runners interleaved in rotating order`,
     ...results.flatMap((r) => (r.error ? [`ERROR ${r.kernel}: ${r.error}`] : []))],
  );
  return results;
};
