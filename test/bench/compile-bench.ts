// Section 2: compiler throughput. Compiles each guest (examples and Sightglass binaries;
// never runs them) once cold, then repeatedly for warm MB/s; reports output/input size.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { compile } from '../../winch/index.js';
import { UnsupportedError } from '../../winch/compile-error.js';
import { fmt, median, timeMs } from './stats.js';
import { printTable } from './table.js';
import { wasmSizes } from '../../runtime/bench/wasm-sizes.js';

const nonCustomBytes = (bytes: Uint8Array): number => wasmSizes(bytes).nonCustom;

export interface CompileResult {
  readonly file: string;
  readonly inBytes: number;
  readonly status: 'ok' | 'unsupported' | 'error';
  readonly detail?: string;
  readonly coldMs?: number;
  readonly warmMedianMs?: number;
  readonly warmRuns?: number;
  readonly warmMBps?: number;
  readonly outBytes?: number;
  readonly sizeRatio?: number;
  /** Host bytes / guest bytes outside custom sections (debug info is not carried over). */
  readonly codeSizeRatio?: number;
  readonly hostValid?: boolean;
  /** Host engine compile (`new WebAssembly.Module`) of the guest bytes themselves, and of the host bytes. */
  readonly nativeCompileMs?: number;
  readonly hostCompileMs?: number;
}

export interface CompileBenchOptions {
  readonly files: readonly string[];
  /** Warm repetitions stop after this much time per file (at least minRuns runs). */
  readonly perFileBudgetMs: number;
  readonly minRuns: number;
  readonly root: string;
}

/** Every .wasm under dir (recursive), sorted by path. */
export const wasmFilesUnder = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.wasm')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
};

const label = (root: string, file: string): string => {
  const rel = relative(root, file);
  return rel.startsWith('..') ? `${basename(dirname(file))}/${basename(file)}` : rel;
};

const benchFile = (file: string, o: CompileBenchOptions): CompileResult => {
  const bytes = new Uint8Array(readFileSync(file));
  const base = { file: label(o.root, file), inBytes: bytes.length };
  let cold: { ms: number; value: ReturnType<typeof compile> };
  try {
    cold = timeMs(() => compile(bytes));
  } catch (e) {
    if (e instanceof UnsupportedError) return { ...base, status: 'unsupported', detail: e.feature };
    return { ...base, status: 'error', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < o.minRuns || performance.now() - t0 < o.perFileBudgetMs) {
    times.push(timeMs(() => compile(bytes)).ms);
    if (times.length >= 200) break;
  }
  const warm = median(times);
  const host = cold.value.hostBytes;
  const hostValid = WebAssembly.validate(host);
  const hostModule = (b: Uint8Array<ArrayBuffer>): number | undefined => {
    try { return timeMs(() => new WebAssembly.Module(b)).ms; } catch { return undefined; }
  };
  return {
    ...base, status: 'ok', coldMs: cold.ms, warmMedianMs: warm, warmRuns: times.length,
    warmMBps: bytes.length / 1e6 / (warm / 1000), outBytes: host.length, sizeRatio: host.length / bytes.length,
    codeSizeRatio: host.length / nonCustomBytes(bytes),
    hostValid, nativeCompileMs: hostModule(bytes), hostCompileMs: hostValid ? hostModule(host) : undefined,
  };
};

export const runCompileBench = (o: CompileBenchOptions): CompileResult[] => {
  const results = o.files.filter((f) => statSync(f).isFile()).map((f) => benchFile(f, o));
  const ok = results.filter((r) => r.status === 'ok');
  if (results.some((r) => r.status === 'error' || r.hostValid === false)) process.exitCode = 1;
  const totalIn = ok.reduce((s, r) => s + r.inBytes, 0);
  const totalWarm = ok.reduce((s, r) => s + r.warmMedianMs!, 0);
  const totalCold = ok.reduce((s, r) => s + r.coldMs!, 0);
  const totalOut = ok.reduce((s, r) => s + r.outBytes!, 0);
  const rows = results.map((r) =>
    r.status === 'ok'
      ? [r.file, fmt(r.inBytes / 1024, 1), fmt(r.coldMs), fmt(r.warmMedianMs), String(r.warmRuns),
         fmt(r.warmMBps), fmt(r.sizeRatio), fmt(r.codeSizeRatio), fmt(r.nativeCompileMs), fmt(r.hostCompileMs), r.hostValid ? 'ok' : 'INVALID HOST MODULE']
      : [r.file, fmt(r.inBytes / 1024, 1), '-', '-', '-', '-', '-', '-', '-', '-', `${r.status}: ${(r.detail ?? '').slice(0, 50)}`],
  );
  rows.push(['TOTAL (compiled)', fmt(totalIn / 1024, 1), fmt(totalCold), fmt(totalWarm), '-',
    fmt(totalIn / 1e6 / (totalWarm / 1000)), fmt(totalOut / totalIn), '-', '-', '-', '']);
  printTable(
    'Compiler throughput: compile() of guest bytes',
    ['guest', 'KB in', 'first ms', 'warm ms', 'runs', 'warm MB/s', 'out/in', 'out/code', 'V8 guest ms', 'V8 host ms', 'status'],
    rows,
    ['first = first compile of that file in this process (the first row also pays JIT warm-up)',
     'warm = median of repeated compiles; MB/s of guest bytes; out/in = host bytes / guest bytes;',
     'out/code = host bytes / guest bytes outside custom sections (debug info and names are not carried over)',
     'V8 guest/host ms = one `new WebAssembly.Module` of the guest bytes / of the host bytes (V8 compiles lazily: mostly validation)'],
  );
  return results;
};
