/**
 * The benchmark harness core (no Node-only API): measurement, orchestration, statistics, the
 * report model, text tables and the HTML report. `runtime/node/bench/` adds processes and files.
 */
export { ALL_MODES, DEFAULT_MODES } from './types.js';
export type {
  Failure, FailureStage, GuestKind, GuestSpec, InvokeSpec, MeasureJob, Measurement, ModeName, ModeStatus, RunMeasurement,
  RunPhases, StartupMeasurement,
} from './types.js';
export { modeStatus, parseModes, windlassMode, UNLIMITED_FUEL } from './modes.js';
export type { WindlassMode } from './modes.js';
export type { GuestOutputs, MeasureEnv, NativeWasi } from './environment.js';
export { measure, measureRun, measureStartup } from './measure.js';
export { measuredRoundsFor, roundOrder, runSuite } from './orchestrate.js';
export type { MeasureRunner, MeasurementRecord, ProgressEvent, RunnerResult, StartupRecord, SuiteOptions, SuiteResults } from './orchestrate.js';
export { REPORT_SCHEMA, buildReport } from './report.js';
export type { BenchReport, FailureRecord, GuestReport, ModeReport, ReportInput, StartupReport, TargetResult } from './report.js';
export { formatReport, textTable } from './format-table.js';
export { renderHtml } from './html.js';
export { geomean, median, quantile, summarize } from './stats.js';
export type { Summary } from './stats.js';
export { describeMismatch } from './check-output.js';
export { wasmSizes } from './wasm-sizes.js';
export type { WasmSizes } from './wasm-sizes.js';
export { InPageRunner, benchInPage, memoryEnv } from './in-page-runner.js';
export type { FileMap, InPageBenchOptions } from './in-page-runner.js';
