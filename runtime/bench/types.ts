/**
 * The benchmark harness's data model: modes, guests, the jobs one measurement runs, what a
 * measurement returns and the report built from them. Plain JSON-able data, no Node-only API.
 */

/** Every mode the harness knows; `native` is the host engine's own WebAssembly. */
export const ALL_MODES = ['native', 'checks', 'checks+fuel', 'checks+epoch', 'nochecks'] as const;
/** A way of running a guest. */
export type ModeName = (typeof ALL_MODES)[number];
/** The modes `windlass bench` runs unless told otherwise. */
export const DEFAULT_MODES: readonly ModeName[] = ['native', 'checks', 'checks+fuel', 'checks+epoch'];

/** How a guest is run: a WASI command (`_start`, bench.start/bench.end markers) or one exported call. */
export type GuestKind = 'command' | 'invoke';

/** An exported function call (an `invoke` guest): its arguments and the expected result text. */
export interface InvokeSpec {
  readonly export: string;
  /** Arguments: numbers for i32/f32/f64, decimal strings for i64. */
  readonly args: readonly (number | string)[];
  /** Expected result as `String(result)` (bigint without `n`); absent: compared with the native run of the same round. */
  readonly expected?: string;
}

/** One guest of a suite. Paths are resolved by the environment that runs it (file system or a page's file map). */
export interface GuestSpec {
  /** Unique id shown in tables, e.g. `sightglass/bz2` or `shootout/ackermann`. */
  readonly id: string;
  /** Suite group, e.g. `sightglass`, `kernels`. */
  readonly group: string;
  readonly kind: GuestKind;
  /** The guest module. */
  readonly wasm: string;
  /** Working directory, preopened as `.` (command guests). */
  readonly dir: string;
  /** argv after the program name (command guests). */
  readonly args?: readonly string[];
  /** The call to make (invoke guests). */
  readonly invoke?: InvokeSpec;
  /** Files the output must equal byte for byte (command guests); absent: not checked. */
  readonly expectedStdout?: string;
  readonly expectedStderr?: string;
}

/** What one measurement process (or in-page run) does. */
export type MeasureJob =
  | { readonly kind: 'run'; readonly guest: GuestSpec; readonly mode: ModeName; readonly outDir?: string }
  | {
    readonly kind: 'startup'; readonly guest: GuestSpec; readonly mode: ModeName;
    /** Warm translations: at least this many, and for at least `warmBudgetMs`. */
    readonly warmTranslations: number;
    readonly warmBudgetMs: number;
    /** Instantiations of each side (the first is cold, the median of the others is warm). */
    readonly instantiations: number;
  };

/** Where a measurement failed. A failure is never reported as a time. */
export type FailureStage =
  | 'load' | 'unavailable' | 'unsupported' | 'translate' | 'compile' | 'instantiate' | 'run' | 'exit' | 'output' | 'process';

/** Why a measurement is not a time. */
export interface Failure {
  readonly stage: FailureStage;
  readonly message: string;
}

/** Milliseconds of each phase of one run, in a fresh process. */
export interface RunPhases {
  /** Windlass: winch's translation of the guest (the process's first, so JIT-cold). */
  readonly translateMs?: number;
  /** Host engine compile: of the guest (native) or of the host module Windlass produced. */
  readonly compileMs: number;
  readonly instantiateMs: number;
  /** Between bench.start and bench.end (command guests; summed when called more than once), or the call (invoke guests). */
  readonly execMs: number;
  /** translate + compile + instantiate. */
  readonly ttfcMs: number;
}

/** The result of a `run` job. */
export interface RunMeasurement {
  readonly kind: 'run';
  readonly ok: boolean;
  readonly failure?: Failure;
  readonly phases?: RunPhases;
  /** bench.start/bench.end pairs seen (command guests). */
  readonly benchPairs?: number;
  readonly exitCode?: number;
  /** Fuel consumed (checks+fuel), decimal. */
  readonly fuelConsumed?: string;
  /** Host module size in bytes (Windlass modes). */
  readonly hostBytes?: number;
  /** Result text of an invoke guest. */
  readonly result?: string;
  /** Wall time of the whole measurement inside the runner, ms. */
  readonly wallMs: number;
}

/** The result of a `startup` job: translation throughput, compiler memory and warm time to first call. */
export interface StartupMeasurement {
  readonly kind: 'startup';
  readonly ok: boolean;
  readonly failure?: Failure;
  readonly guestBytes?: number;
  /** Bytes of the guest's code section payload (function bodies). */
  readonly codeBytes?: number;
  /** Guest bytes outside custom sections (debug info and names are not translated). */
  readonly nonCustomBytes?: number;
  readonly hostBytes?: number;
  /** First translation in a fresh process (compiler JIT-cold). */
  readonly coldTranslateMs?: number;
  /** Median of the later half of the following translations (compiler warm). */
  readonly warmTranslateMs?: number;
  readonly warmRuns?: number;
  /** Growth of the process's peak resident memory during the first translation, KB (when the environment can tell). */
  readonly translatePeakKB?: number;
  /** Host compile of the host module / of the guest itself (each the first of those bytes in the process). */
  readonly hostCompileMs?: number;
  readonly nativeCompileMs?: number;
  /** Instantiation of the Windlass module / of the native one (no code run): first, and median of the later ones. */
  readonly coldInstantiateMs?: number;
  readonly instantiateMs?: number;
  readonly nativeColdInstantiateMs?: number;
  readonly nativeInstantiateMs?: number;
  readonly wallMs: number;
}

/** Either measurement. */
export type Measurement = RunMeasurement | StartupMeasurement;

/** Whether a mode can run here, and why not. */
export interface ModeStatus {
  readonly available: boolean;
  readonly reason?: string;
}
