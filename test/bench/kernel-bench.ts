// Section 1: run each kernel natively and through Windlass, interleaved, check the results
// agree, and report median times and the Windlass/native ratio.
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
  readonly ratio: number;
  /** Windlass min / native min: less sensitive to a busy machine than the median ratio. */
  readonly minRatio: number;
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

const nativeCall = async (bytes: Uint8Array<ArrayBuffer>, k: Kernel): Promise<Call> => {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const f = instance.exports[k.entry];
  if (typeof f !== 'function') throw new Error(`${k.file}: no export ${k.entry}`);
  return f as Call;
};

const windlassCall = (engine: Engine, bytes: Uint8Array<ArrayBuffer>, k: Kernel): Call => {
  const module = Module.fromBytes(engine, bytes);
  const instance = new Instance(new Store(engine), module, []);
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

const benchOne = async (engine: Engine, k: Kernel, o: KernelBenchOptions): Promise<KernelResult> => {
  const bytes = new Uint8Array(readFileSync(`${o.guestDir}/${k.file}`));
  const native = await nativeCall(bytes, k);
  const windlass = windlassCall(engine, bytes, k);
  const expected = native(k.arg);
  check(k, expected, windlass(k.arg), 'Windlass');
  for (let i = 0; i < o.warmup; i++) {
    check(k, expected, native(k.arg), 'native (warm-up)');
    check(k, expected, windlass(k.arg), 'Windlass (warm-up)');
  }
  const n: number[] = [];
  const w: number[] = [];
  const start = performance.now();
  for (let r = 0; r < o.rounds && (r < 3 || performance.now() - start < o.budgetMs); r++) {
    // alternate which one goes first so neither always runs on a freshly collected heap
    const order = r % 2 === 0 ? ['n', 'w'] : ['w', 'n'];
    for (const who of order) {
      const t = timeMs(() => (who === 'n' ? native : windlass)(k.arg));
      check(k, expected, t.value, who === 'n' ? 'native' : 'Windlass');
      (who === 'n' ? n : w).push(t.ms);
    }
  }
  const nm = median(n);
  const wm = median(w);
  return {
    kernel: k.name, result: show(expected), rounds: n.length,
    nativeMedianMs: nm, nativeMinMs: min(n), windlassMedianMs: wm, windlassMinMs: min(w), ratio: wm / nm, minRatio: min(w) / min(n),
  };
};

export const runKernelBench = async (o: KernelBenchOptions): Promise<KernelResult[]> => {
  const engine = new Engine();
  const results: KernelResult[] = [];
  for (const k of KERNELS) {
    try {
      results.push(await benchOne(engine, k, o));
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      results.push({ kernel: k.name, result: '-', rounds: 0, nativeMedianMs: NaN, nativeMinMs: NaN,
        windlassMedianMs: NaN, windlassMinMs: NaN, ratio: NaN, minRatio: NaN, error });
      process.exitCode = 1;
    }
  }
  printTable(
    'Kernels: native host WebAssembly vs Windlass (ms per run)',
    ['kernel', 'result', 'rounds', 'native med', 'native min', 'windlass med', 'windlass min', 'ratio', 'min ratio'],
    results.map((r) => [
      r.kernel, r.result, String(r.rounds), fmt(r.nativeMedianMs), fmt(r.nativeMinMs),
      fmt(r.windlassMedianMs), fmt(r.windlassMinMs), r.error ? 'ERROR' : `${fmt(r.ratio)}x`, r.error ? '-' : `${fmt(r.minRatio)}x`,
    ]),
    [`ratio = Windlass median / native median; min ratio = Windlass min / native min; ${o.warmup} warm-up runs each, native and Windlass interleaved`,
     ...results.flatMap((r) => (r.error ? [`ERROR ${r.kernel}: ${r.error}`] : []))],
  );
  return results;
};
