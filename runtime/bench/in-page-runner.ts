/**
 * The harness in a browser page (or any realm without processes): a `MeasureRunner` that measures
 * in the current realm, over guests and their files held in memory (Windlass's WASI over an
 * in-memory file system, for the native runs too). Each measurement gets fresh instances, but the
 * realm (JIT state, host module cache) is shared: the fresh-process guarantees of the Node runner
 * do not hold, so compare its ratios with each other, not with the Node runner's.
 */
import { collectOutput, MemoryFileSystem, Wasi } from '../wasi/index.js';
import type { CollectedOutput } from '../wasi/index.js';
import type { GuestOutputs, MeasureEnv } from './environment.js';
import { measure } from './measure.js';
import { runSuite } from './orchestrate.js';
import type { MeasureRunner, ProgressEvent, RunnerResult, SuiteOptions } from './orchestrate.js';
import { buildReport } from './report.js';
import type { BenchReport } from './report.js';
import type { GuestSpec, MeasureJob } from './types.js';

/** Files by path: every guest module, expected output and input file a suite needs. */
export type FileMap = ReadonlyMap<string, Uint8Array>;

const collectedOutputs = (): GuestOutputs => {
  const out: CollectedOutput = collectOutput();
  const err: CollectedOutput = collectOutput();
  return { stdout: out, stderr: err, collect: () => ({ stdout: out.bytes(), stderr: err.bytes() }), close: () => {} };
};

/** An in-memory tree of the files under `dir` (paths are `dir/...`). */
const treeUnder = (files: FileMap, dir: string): MemoryFileSystem => {
  const fs = new MemoryFileSystem();
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  for (const [path, bytes] of files) {
    if (!path.startsWith(prefix)) continue;
    const rel = path.slice(prefix.length);
    const slash = rel.lastIndexOf('/');
    if (slash > 0) fs.mkdirs(rel.slice(0, slash));
    fs.writeFile(rel, bytes.slice());
  }
  return fs;
};

/** A measurement environment over `files`. */
export const memoryEnv = (files: FileMap): MeasureEnv => ({
  readFile: (path) => {
    const b = files.get(path);
    if (!b) throw new Error(`no file ${path}`);
    return b;
  },
  preopen: (dir) => treeUnder(files, dir),
  openOutputs: collectedOutputs,
  nativeWasi: (guest, args, outputs) => {
    const w = new Wasi({ args, env: {}, preopens: { '.': treeUnder(files, guest.dir) }, stdout: outputs.stdout, stderr: outputs.stderr });
    return { imports: w.importObject as WebAssembly.Imports, start: (instance) => w.start(instance) };
  },
  now: () => performance.now(),
});

/** Measures each job in this realm, yielding to the event loop between jobs so a page stays responsive. */
export class InPageRunner implements MeasureRunner {
  readonly #env: MeasureEnv;

  constructor(files: FileMap, readonly engine = 'this page') {
    this.#env = memoryEnv(files);
  }

  async run(job: MeasureJob): Promise<RunnerResult> {
    await new Promise((r) => setTimeout(r, 0));
    return { measurement: measure(job, this.#env), nativeWasi: 'windlass-wasi (in memory)', engine: this.engine };
  }
}

/** Options of `benchInPage`. */
export interface InPageBenchOptions {
  readonly guests: readonly GuestSpec[];
  readonly files: FileMap;
  readonly options: SuiteOptions;
  readonly minExecMs?: number;
  readonly meta?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly onProgress?: (e: ProgressEvent) => void;
}

/** Runs a suite in this realm and returns the report (render it with `renderHtml` / `formatReport`). */
export const benchInPage = async (o: InPageBenchOptions): Promise<BenchReport> => {
  const results = await runSuite(o.guests, o.options, new InPageRunner(o.files), o.onProgress);
  return buildReport({
    guests: o.guests, results, options: o.options, minExecMs: o.minExecMs ?? 1, date: new Date().toISOString(),
    meta: { runner: 'in-page', userAgent: typeof navigator === 'undefined' ? undefined : navigator.userAgent, ...o.meta },
    notes: ['measured in one realm (in-page runner): no fresh process per measurement; native runs use Windlass\'s WASI in memory'],
  });
};
