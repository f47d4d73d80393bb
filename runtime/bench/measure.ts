/**
 * One measurement in the current realm: runs a guest natively or through Windlass and times each
 * phase (translate, host compile, instantiate, execute), checks the guest's output, or measures
 * start-up (translation throughput, compiler memory, warm time to first call). No Node-only API:
 * a Node child process and a browser page both call this with their own `MeasureEnv`.
 */
import { compile } from '../../winch/index.js';
import { UnsupportedError } from '../../winch/compile-error.js';
import { Engine } from '../engine.js';
import { assertEpochSupported, EpochUnsupportedError } from '../epoch.js';
import { EpochTicker } from '../epoch-ticker.js';
import { HostWebAssembly } from '../host-wasm.js';
import { Linker } from '../linker.js';
import { Module } from '../module.js';
import { Store } from '../store.js';
import { Wasi } from '../wasi/index.js';
import type { Instance } from '../instance.js';
import { describeMismatch } from './check-output.js';
import type { GuestOutputs, MeasureEnv } from './environment.js';
import { EPOCH_FAR_DEADLINE, EPOCH_TICK_MS, UNLIMITED_FUEL, windlassMode } from './modes.js';
import type { Failure, FailureStage, GuestSpec, MeasureJob, Measurement, RunMeasurement, StartupMeasurement } from './types.js';
import { wasmSizes } from './wasm-sizes.js';
import { median } from './stats.js';

/** A failure in `stage`; carries what the measurement will report. */
class StageError extends Error {
  constructor(readonly stage: FailureStage, message: string) { super(message); }
}

const describe = (e: unknown): string => {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${e.name}${typeof code === 'string' ? ` ${code}` : ''}: ${e.message}`;
  }
  return String(e);
};

/**
 * Runs `f`, turning what it throws into a failure of `stage` (UnsupportedError into `unsupported`;
 * EpochUnsupportedError, a host engine that cannot run the mode, into `unavailable`: reported n/a).
 */
const stage = <T>(s: FailureStage, f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof StageError) throw e;
    throw new StageError(e instanceof UnsupportedError ? 'unsupported' : e instanceof EpochUnsupportedError ? 'unavailable' : s, describe(e));
  }
};

const failureOf = (e: unknown): Failure =>
  (e instanceof StageError ? { stage: e.stage, message: e.message } : { stage: 'run', message: describe(e) });

/** bench.start / bench.end: sums the time between each pair. */
const benchMarkers = (now: () => number) => {
  let started: number | undefined;
  let total = 0;
  let pairs = 0;
  return {
    start: (): void => {
      if (started !== undefined) throw new Error('bench.start called twice without bench.end');
      started = now();
    },
    end: (): void => {
      const t = now();
      if (started === undefined) throw new Error('bench.end called without bench.start');
      total += t - started;
      started = undefined;
      pairs++;
    },
    result: () => ({ total, pairs }),
  };
};

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const argsOf = (guest: GuestSpec): string[] => [baseName(guest.wasm), ...(guest.args ?? [])];

/** Invoke-guest arguments: decimal strings are i64 (bigint). */
const invokeArgs = (guest: GuestSpec): unknown[] => (guest.invoke?.args ?? []).map((a) => (typeof a === 'string' ? BigInt(a) : a));

const resultText = (r: unknown): string => (Array.isArray(r) ? r.map(resultText).join(' ') : String(r));

/** Checks stdout/stderr against the expected files and the invoke result against its expected text. */
const checkOutput = (guest: GuestSpec, env: MeasureEnv, outputs: GuestOutputs, result: string | undefined): void => {
  if (guest.kind === 'invoke') {
    const want = guest.invoke?.expected;
    if (want !== undefined && result !== want) throw new StageError('output', `result ${result} differs from the expected ${want}`);
    return;
  }
  const got = outputs.collect();
  for (const [what, path, actual] of [['stdout', guest.expectedStdout, got.stdout], ['stderr', guest.expectedStderr, got.stderr]] as const) {
    if (path === undefined) continue;
    const expected = stage('load', () => env.readFile(path));
    const diff = describeMismatch(what, actual, expected);
    if (diff !== undefined) throw new StageError('output', diff);
  }
};

interface RunParts {
  compileMs: number;
  instantiateMs: number;
  translateMs?: number;
  hostBytes?: number;
  execMs: number;
  pairs?: number;
  exitCode?: number;
  result?: string;
  fuelConsumed?: string;
}

/** Exit code 0 or a failure. */
const checkExit = (code: number): number => {
  if (code !== 0) throw new StageError('exit', `the guest exited with code ${code}`);
  return code;
};

const runNative = (guest: GuestSpec, bytes: Uint8Array, env: MeasureEnv, outputs: GuestOutputs): RunParts => {
  const t0 = env.now();
  const module = stage('compile', () => new HostWebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  const t1 = env.now();
  if (guest.kind === 'invoke') {
    const instance = stage('instantiate', () => new HostWebAssembly.Instance(module, {}));
    const t2 = env.now();
    const f = instance.exports[guest.invoke!.export];
    if (typeof f !== 'function') throw new StageError('instantiate', `no exported function "${guest.invoke!.export}"`);
    const args = invokeArgs(guest);
    const r = stage('run', () => (f as (...a: unknown[]) => unknown)(...args));
    const t3 = env.now();
    return { compileMs: t1 - t0, instantiateMs: t2 - t1, execMs: t3 - t2, result: resultText(r) };
  }
  const bench = benchMarkers(() => env.now());
  const wasi = stage('instantiate', () => env.nativeWasi(guest, argsOf(guest), outputs));
  const t2 = env.now();
  const instance = stage('instantiate', () => new HostWebAssembly.Instance(module, { ...wasi.imports, bench: { start: bench.start, end: bench.end } }));
  const t3 = env.now();
  const exitCode = checkExit(stage('run', () => wasi.start(instance)));
  const t4 = env.now();
  const { total, pairs } = bench.result();
  return { compileMs: t1 - t0, instantiateMs: t3 - t2, execMs: pairs > 0 ? total : t4 - t3, pairs, exitCode };
};

/** Translates and host-compiles `bytes` for `engine`; returns the module and the two times. */
const translateAndCompile = (engine: Engine, bytes: Uint8Array, env: MeasureEnv) => {
  const t0 = env.now();
  const artifact = stage('translate', () => compile(bytes, engine.tunables));
  stage('compile', () => assertEpochSupported(engine.epochSupport, artifact));
  const t1 = env.now();
  const host = stage('compile', () => new HostWebAssembly.Module(artifact.hostBytes));
  const t2 = env.now();
  return { module: Module.fromArtifact(engine, artifact, host), translateMs: t1 - t0, compileMs: t2 - t1 };
};

/** A Windlass instance of a command guest with WASI and the bench markers linked. */
const instantiateCommand = (guest: GuestSpec, module: Module, store: Store, env: MeasureEnv, outputs: GuestOutputs,
  bench: ReturnType<typeof benchMarkers>): { instance: Instance; wasi: Wasi } => {
  const wasi = new Wasi({
    args: argsOf(guest), env: {}, preopens: { '.': env.preopen(guest.dir) }, stdout: outputs.stdout, stderr: outputs.stderr,
  });
  const linker = new Linker(store.engine).defineWasi(store, wasi);
  linker.func(store, 'bench', 'start', { params: [], results: [] }, bench.start);
  linker.func(store, 'bench', 'end', { params: [], results: [] }, bench.end);
  return { instance: linker.instantiate(store, module), wasi };
};

/** How long `checks+epoch` waits for its ticker thread's first tick before measuring anyway. */
const TICKER_START_WAIT_MS = 2000;

const runWindlass = (job: MeasureJob, bytes: Uint8Array, env: MeasureEnv, outputs: GuestOutputs): RunParts => {
  const mode = windlassMode(job.mode);
  const engine = stage('compile', () => new Engine(mode.tunables));
  const { module, translateMs, compileMs } = translateAndCompile(engine, bytes, env);
  const store = new Store(engine, mode.store);
  if (!mode.epoch) return runWindlassIn(job, module, store, mode.meterFuel, env, outputs, translateMs, compileMs);
  // checks+epoch: a ticker advances the epoch during the run; the deadline is never reached
  const ticker = env.startEpochTicker ? env.startEpochTicker(engine, EPOCH_TICK_MS) : EpochTicker.start(engine, { intervalMs: EPOCH_TICK_MS });
  try {
    // the thread's start-up (a whole worker environment) stays out of the measured run
    const t0 = env.now();
    while (engine.epoch === 0n && env.now() - t0 < TICKER_START_WAIT_MS) { /* wait for the first tick */ }
    store.setEpochDeadline(EPOCH_FAR_DEADLINE);
    return runWindlassIn(job, module, store, mode.meterFuel, env, outputs, translateMs, compileMs);
  } finally {
    ticker.stop();
  }
};

const runWindlassIn = (job: MeasureJob, module: Module, store: Store, meterFuel: boolean, env: MeasureEnv, outputs: GuestOutputs,
  translateMs: number, compileMs: number): RunParts => {
  const guest = job.guest;
  const engine = store.engine;
  const fuel = (): string | undefined => (meterFuel ? String(UNLIMITED_FUEL - store.getFuel()) : undefined);
  const hostBytes = module.artifact.hostBytes.length;
  if (guest.kind === 'invoke') {
    const t0 = env.now();
    const instance = stage('instantiate', () => new Linker(engine).instantiate(store, module));
    const t1 = env.now();
    const f = instance.getFunc(guest.invoke!.export);
    if (!f) throw new StageError('instantiate', `no exported function "${guest.invoke!.export}"`);
    const args = invokeArgs(guest);
    const r = stage('run', () => f.call(...args));
    const t2 = env.now();
    const fc = fuel();
    return { translateMs, compileMs, hostBytes, instantiateMs: t1 - t0, execMs: t2 - t1, result: resultText(r), ...(fc ? { fuelConsumed: fc } : {}) };
  }
  const bench = benchMarkers(() => env.now());
  const t0 = env.now();
  const { instance, wasi } = stage('instantiate', () => instantiateCommand(guest, module, store, env, outputs, bench));
  const t1 = env.now();
  const exitCode = checkExit(stage('run', () => wasi.start(instance)));
  const t2 = env.now();
  const { total, pairs } = bench.result();
  const fc = fuel();
  return {
    translateMs, compileMs, hostBytes, instantiateMs: t1 - t0, execMs: pairs > 0 ? total : t2 - t1, pairs, exitCode,
    ...(fc ? { fuelConsumed: fc } : {}),
  };
};

/** Runs a `run` job: one execution of the guest in `job.mode`, with every phase timed and the output checked. */
export const measureRun = (job: MeasureJob & { kind: 'run' }, env: MeasureEnv): RunMeasurement => {
  const w0 = env.now();
  let outputs: GuestOutputs | undefined;
  let failed = true;
  try {
    const bytes = stage('load', () => env.readFile(job.guest.wasm));
    outputs = env.openOutputs();
    const p = job.mode === 'native' ? runNative(job.guest, bytes, env, outputs) : runWindlass(job, bytes, env, outputs);
    checkOutput(job.guest, env, outputs, p.result);
    failed = false;
    const ttfcMs = (p.translateMs ?? 0) + p.compileMs + p.instantiateMs;
    return {
      kind: 'run', ok: true,
      phases: { ...(p.translateMs !== undefined ? { translateMs: p.translateMs } : {}), compileMs: p.compileMs, instantiateMs: p.instantiateMs, execMs: p.execMs, ttfcMs },
      ...(p.pairs !== undefined ? { benchPairs: p.pairs } : {}),
      ...(p.exitCode !== undefined ? { exitCode: p.exitCode } : {}),
      ...(p.fuelConsumed !== undefined ? { fuelConsumed: p.fuelConsumed } : {}),
      ...(p.hostBytes !== undefined ? { hostBytes: p.hostBytes } : {}),
      ...(p.result !== undefined ? { result: p.result } : {}),
      wallMs: env.now() - w0,
    };
  } catch (e) {
    return { kind: 'run', ok: false, failure: failureOf(e), wallMs: env.now() - w0 };
  } finally {
    outputs?.close(failed);
  }
};

/** Times `f` `n` times; returns the first time and the median of the others. */
const repeat = (n: number, env: MeasureEnv, f: () => unknown): { first: number; warm: number } => {
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, n); i++) {
    const t = env.now();
    f();
    times.push(env.now() - t);
  }
  return { first: times[0]!, warm: times.length > 1 ? median(times.slice(1)) : times[0]! };
};

/** `(module (func (export "f") (param i32) (result i32) local.get 0))`: warms the host engine's compiler. */
const ENGINE_WARMUP_MODULE = Uint8Array.of(
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version
  1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, // type section: (i32) -> i32
  3, 2, 1, 0, // function section
  7, 5, 1, 1, 0x66, 0, 0, // export "f"
  10, 6, 1, 4, 0, 0x20, 0, 0x0b, // code: local.get 0, end
);

/** Most translations a start-up measurement makes. */
const MAX_WARM_TRANSLATIONS = 200;

/**
 * Runs a `startup` job in a fresh process: the first translation (cold) and its peak memory
 * growth; translations repeated until at least `warmTranslations` and `warmBudgetMs` are spent,
 * the median of the later half being the warm time; the first host compile of the output and of
 * the guest (the host engine caches a module by its bytes, so only a first compile is real);
 * instantiations without running code, the later ones' median being the warm time.
 */
export const measureStartup = (job: MeasureJob & { kind: 'startup' }, env: MeasureEnv): StartupMeasurement => {
  const w0 = env.now();
  const guest = job.guest;
  try {
    const bytes = stage('load', () => env.readFile(guest.wasm));
    const sizes = wasmSizes(bytes);
    const mode = windlassMode(job.mode);
    const engine = new Engine(mode.tunables);
    const rss0 = env.peakMemoryKB?.();
    const c0 = env.now();
    const artifact = stage('translate', () => compile(bytes, engine.tunables));
    const coldTranslateMs = env.now() - c0;
    const rss1 = env.peakMemoryKB?.();
    const warm: number[] = [];
    const warmStart = env.now();
    while (warm.length < MAX_WARM_TRANSLATIONS && (warm.length < job.warmTranslations || env.now() - warmStart < job.warmBudgetMs)) {
      const t = env.now();
      compile(bytes, engine.tunables);
      warm.push(env.now() - t);
    }
    // The first wasm compile of a process also sets up the host engine's wasm machinery (several ms
    // on V8): pay it on a module of neither side, so that neither compile measured below carries it.
    new HostWebAssembly.Module(ENGINE_WARMUP_MODULE);
    const h0 = env.now();
    const host = stage('compile', () => new HostWebAssembly.Module(artifact.hostBytes));
    const hostCompileMs = env.now() - h0;
    const module = Module.fromArtifact(engine, artifact, host);
    const outputs = env.openOutputs();
    let inst: { first: number; warm: number };
    let nativeInst: { first: number; warm: number };
    let nativeCompileMs: number;
    try {
      inst = stage('instantiate', () => repeat(job.instantiations, env, () => {
        const store = new Store(engine, mode.store);
        if (guest.kind === 'invoke') new Linker(engine).instantiate(store, module);
        else instantiateCommand(guest, module, store, env, outputs, benchMarkers(() => env.now()));
      }));
      const n0 = env.now();
      const native = stage('compile', () => new HostWebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
      nativeCompileMs = env.now() - n0;
      nativeInst = stage('instantiate', () => repeat(job.instantiations, env, () => {
        const imports = guest.kind === 'invoke' ? {}
          : { ...env.nativeWasi(guest, argsOf(guest), outputs).imports, bench: { start: () => {}, end: () => {} } };
        new HostWebAssembly.Instance(native, imports);
      }));
    } finally {
      outputs.close(false);
    }
    const later = warm.slice(Math.floor(warm.length / 2));
    return {
      kind: 'startup', ok: true, guestBytes: sizes.total, codeBytes: sizes.code, nonCustomBytes: sizes.nonCustom,
      hostBytes: artifact.hostBytes.length, coldTranslateMs,
      ...(later.length > 0 ? { warmTranslateMs: median(later), warmRuns: warm.length } : {}),
      ...(rss0 !== undefined && rss1 !== undefined ? { translatePeakKB: rss1 - rss0 } : {}),
      hostCompileMs, nativeCompileMs, coldInstantiateMs: inst.first, instantiateMs: inst.warm,
      nativeColdInstantiateMs: nativeInst.first, nativeInstantiateMs: nativeInst.warm, wallMs: env.now() - w0,
    };
  } catch (e) {
    return { kind: 'startup', ok: false, failure: failureOf(e), wallMs: env.now() - w0 };
  }
};

/** Runs either job. */
export const measure = (job: MeasureJob, env: MeasureEnv): Measurement =>
  (job.kind === 'run' ? measureRun(job, env) : measureStartup(job, env));
