/**
 * The report model: per guest and mode the median time and its spread, the ratio to the native
 * run of the same round, each phase, start-up figures; the suite's geomeans and the targets.
 * Built from raw measurements by a pure function; `--json` writes this object.
 */
import type { MeasurementRecord, StartupRecord, SuiteOptions, SuiteResults } from './orchestrate.js';
import { geomean, summarize } from './stats.js';
import type { Summary } from './stats.js';
import type { Failure, GuestKind, GuestSpec, ModeName, ModeStatus } from './types.js';

/** Identifies the report format. */
export const REPORT_SCHEMA = 'windlass-bench/1';

/** One mode of one guest. */
export interface ModeReport {
  readonly status: 'ok' | 'failed' | 'n/a';
  readonly failure?: Failure & { readonly round: number };
  readonly reason?: string;
  /** ms between bench.start and bench.end over the measured rounds. */
  readonly execMs?: Summary;
  /** exec / native exec of the same round, over the measured rounds (Windlass modes). */
  readonly ratio?: Summary;
  /** Fastest exec / fastest native exec: less sensitive to a busy machine than the median ratio. */
  readonly bestRatio?: number;
  readonly translateMs?: Summary;
  readonly compileMs?: Summary;
  readonly instantiateMs?: Summary;
  readonly ttfcMs?: Summary;
  /** ttfc / native ttfc of the same round (fresh processes: the compiler's JIT is cold). */
  readonly ttfcRatio?: Summary;
  readonly hostBytes?: number;
  readonly fuelConsumed?: string;
}

/** Start-up figures of one guest (one fresh process; warm = after the compiler has warmed up on this guest). */
export interface StartupReport {
  readonly mode: ModeName;
  readonly ok: boolean;
  readonly failure?: Failure;
  readonly coldTranslateMs?: number;
  readonly warmTranslateMs?: number;
  /** Guest code-section MB per second of warm / cold translation. */
  readonly warmMBps?: number;
  readonly coldMBps?: number;
  readonly translatePeakKB?: number;
  readonly hostCompileMs?: number;
  /** Warm instantiation (median after the first); the first is `coldInstantiateMs`. */
  readonly instantiateMs?: number;
  readonly coldInstantiateMs?: number;
  readonly nativeCompileMs?: number;
  readonly nativeInstantiateMs?: number;
  readonly nativeColdInstantiateMs?: number;
  /** Translations made in the start-up measurement. */
  readonly warmRuns?: number;
  /** (warm translate + host compile + instantiate) / (native compile + native instantiate). */
  readonly ttfcWarmRatio?: number;
  /** Host module bytes / guest bytes outside custom sections. */
  readonly sizeRatio?: number;
  /** Host module bytes / whole guest file. */
  readonly sizeRatioWholeFile?: number;
}

/** One guest. */
export interface GuestReport {
  readonly id: string;
  readonly group: string;
  readonly kind: GuestKind;
  readonly guestBytes?: number;
  readonly codeBytes?: number;
  readonly nonCustomBytes?: number;
  readonly hostBytes?: number;
  readonly measuredRounds: number;
  /** The guest's first round was long, so it was measured rather than discarded as warm-up. */
  readonly warmupCounted: boolean;
  /** Why the guest's ratios are left out of the geomeans (e.g. native run too short to time). */
  readonly excluded?: string;
  readonly modes: Partial<Record<ModeName, ModeReport>>;
  readonly startup?: StartupReport;
}

/** One target of the issue, measured. */
export interface TargetResult {
  readonly name: string;
  readonly goal: string;
  readonly value: number | null;
  readonly pass: boolean | null;
  readonly note?: string;
}

/** A failed measurement. */
export interface FailureRecord extends Failure {
  readonly guest: string;
  readonly mode: ModeName | 'startup';
  readonly round?: number;
}

/** The whole report. */
export interface BenchReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly date: string;
  readonly meta: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly options: SuiteOptions & { readonly minExecMs: number };
  readonly modes: readonly ModeName[];
  readonly modeStatus: Partial<Record<ModeName, ModeStatus>>;
  /** Geomean over the guests of each Windlass mode's median ratio to native; null when the mode did not run. */
  readonly geomean: Partial<Record<ModeName, number | null>>;
  /** Guests in each geomean. */
  readonly geomeanCount: Partial<Record<ModeName, number>>;
  /** Warm translation throughput: sum of guest code-section bytes / sum of warm translate times (MB/s). */
  readonly translateMBps: number | null;
  /** The same for the first (JIT-cold) translation in a fresh process. */
  readonly translateColdMBps: number | null;
  /** Peak memory growth of one translation, largest over the suite (KB). */
  readonly translatePeakKBMax: number | null;
  /** Geomeans of time-to-first-call ratios (Windlass `checks` / host engine compile + instantiate). */
  readonly ttfcRatio: { readonly warm: number | null; readonly cold: number | null };
  /** Geomean of host module bytes / guest bytes outside custom sections. */
  readonly sizeRatio: number | null;
  readonly targets: readonly TargetResult[];
  readonly guests: readonly GuestReport[];
  readonly failures: readonly FailureRecord[];
  readonly notes: readonly string[];
  readonly measurements: readonly MeasurementRecord[];
  readonly startups: readonly StartupRecord[];
  readonly wallMs: number;
  /** Extra sections (in-process micro-benchmarks) added by `npm run bench`. */
  readonly sections?: Readonly<Record<string, unknown>>;
}

const finite = (x: number | undefined | null): x is number => x !== undefined && x !== null && Number.isFinite(x);
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Builds the report of one mode of one guest from its measured records and the native ones. */
const modeReport = (mode: ModeName, recs: readonly MeasurementRecord[], native: ReadonlyMap<number, MeasurementRecord>,
  status: ModeStatus | undefined): ModeReport => {
  if (status && !status.available) return { status: 'n/a', ...(status.reason ? { reason: status.reason } : {}) };
  const bad = recs.find((r) => !r.measurement.ok);
  // the host engine cannot run this mode for this guest (e.g. checks+epoch without multi-memory)
  if (bad?.measurement.failure?.stage === 'unavailable') return { status: 'n/a', reason: bad.measurement.failure.message };
  if (bad) return { status: 'failed', failure: { ...bad.measurement.failure!, round: bad.round } };
  const measured = recs.filter((r) => !r.warmup);
  if (measured.length === 0) return { status: 'failed', failure: { stage: 'process', message: 'no measured round', round: 0 } };
  const pick = (f: (r: MeasurementRecord) => number | undefined): Summary | undefined =>
    summarize(measured.map(f).filter(finite));
  const sameRound = (f: (r: MeasurementRecord) => number | undefined): Summary | undefined => summarize(measured.map((r) => {
    const n = native.get(r.round);
    const a = f(r);
    const b = n?.measurement.ok ? f(n) : undefined;
    return finite(a) && finite(b) && b > 0 ? a / b : NaN;
  }));
  const ph = (r: MeasurementRecord) => r.measurement.phases;
  const last = measured[measured.length - 1]!.measurement;
  const out: Record<string, unknown> = {
    status: 'ok',
    execMs: pick((r) => ph(r)?.execMs),
    translateMs: pick((r) => ph(r)?.translateMs),
    compileMs: pick((r) => ph(r)?.compileMs),
    instantiateMs: pick((r) => ph(r)?.instantiateMs),
    ttfcMs: pick((r) => ph(r)?.ttfcMs),
  };
  if (mode !== 'native') {
    out['ratio'] = sameRound((r) => ph(r)?.execMs);
    const nativeBest = summarize([...native.values()].filter((r) => !r.warmup && r.measurement.ok).map((r) => ph(r)?.execMs ?? NaN));
    const best = (out['execMs'] as Summary | undefined)?.min;
    if (nativeBest && best !== undefined && nativeBest.min > 0) out['bestRatio'] = best / nativeBest.min;
    out['ttfcRatio'] = sameRound((r) => ph(r)?.ttfcMs);
  }
  if (last.hostBytes !== undefined) out['hostBytes'] = last.hostBytes;
  if (last.fuelConsumed !== undefined) out['fuelConsumed'] = last.fuelConsumed;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as ModeReport;
};

const startupReport = (rec: StartupRecord): StartupReport => {
  const m = rec.measurement;
  if (!m.ok) return { mode: rec.mode, ok: false, ...(m.failure ? { failure: m.failure } : {}) };
  const mbps = (ms: number | undefined): number | undefined =>
    (finite(ms) && ms > 0 && m.codeBytes !== undefined ? m.codeBytes / 1e6 / (ms / 1000) : undefined);
  const windlass = (m.warmTranslateMs ?? NaN) + (m.hostCompileMs ?? NaN) + (m.instantiateMs ?? NaN);
  const native = (m.nativeCompileMs ?? NaN) + (m.nativeInstantiateMs ?? NaN);
  const out: Record<string, unknown> = {
    mode: rec.mode, ok: true, coldTranslateMs: m.coldTranslateMs, warmTranslateMs: m.warmTranslateMs,
    warmMBps: mbps(m.warmTranslateMs), coldMBps: mbps(m.coldTranslateMs), translatePeakKB: m.translatePeakKB,
    hostCompileMs: m.hostCompileMs, instantiateMs: m.instantiateMs, coldInstantiateMs: m.coldInstantiateMs,
    nativeCompileMs: m.nativeCompileMs, nativeInstantiateMs: m.nativeInstantiateMs, nativeColdInstantiateMs: m.nativeColdInstantiateMs,
    warmRuns: m.warmRuns,
    ttfcWarmRatio: finite(windlass) && native > 0 ? windlass / native : undefined,
    sizeRatio: m.hostBytes !== undefined && m.nonCustomBytes ? m.hostBytes / m.nonCustomBytes : undefined,
    sizeRatioWholeFile: m.hostBytes !== undefined && m.guestBytes ? m.hostBytes / m.guestBytes : undefined,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as StartupReport;
};

/** A target row; `pass` null: reported without a goal. */
const target = (name: string, goal: string, value: number | null, pass: ((v: number) => boolean) | null, note?: string): TargetResult =>
  ({ name, goal, value, pass: value === null || pass === null ? null : pass(value), ...(note !== undefined ? { note } : {}) });

/** Input of `buildReport` besides the suite results. */
export interface ReportInput {
  readonly guests: readonly GuestSpec[];
  readonly results: SuiteResults;
  readonly options: SuiteOptions;
  /** Native medians below this (ms) are too short to time: the guest stays out of the geomeans. */
  readonly minExecMs: number;
  readonly meta: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly date: string;
  readonly notes?: readonly string[];
}

/** Geomean over the guests measured in both modes of (checks+epoch ratio / checks ratio), or null. */
const epochOverhead = (guests: readonly GuestReport[]): number | null => {
  const xs = guests.filter((g) => !g.excluded).map((g) => {
    const e = g.modes['checks+epoch']?.ratio?.median;
    const c = g.modes.checks?.ratio?.median;
    return finite(e) && finite(c) && c > 0 ? e / c : NaN;
  }).filter(finite);
  return xs.length > 0 ? orNull(geomean(xs)) : null;
};

/** Builds the report (pure: the same input gives the same report). */
export const buildReport = (input: ReportInput): BenchReport => {
  const { results, options } = input;
  const modes = options.modes;
  const failures: FailureRecord[] = [];
  const guests: GuestReport[] = input.guests.map((g) => {
    const recs = results.records.filter((r) => r.guest === g.id);
    const native = new Map(recs.filter((r) => r.mode === 'native').map((r) => [r.round, r]));
    const reports: Partial<Record<ModeName, ModeReport>> = {};
    for (const mode of modes) {
      const rep = modeReport(mode, recs.filter((r) => r.mode === mode), native, results.modeStatus[mode]);
      reports[mode] = rep;
      if (rep.status === 'failed' && rep.failure) {
        const { round, ...f } = rep.failure;
        failures.push({ guest: g.id, mode, round, ...f });
      }
    }
    const s = results.startups.find((r) => r.guest === g.id);
    if (s && !s.measurement.ok && s.measurement.failure) failures.push({ guest: g.id, mode: 'startup', ...s.measurement.failure });
    const nativeExec = reports.native?.execMs?.median;
    const excluded = reports.native?.status !== 'ok' ? 'the native run failed'
      : finite(nativeExec) && nativeExec < input.minExecMs ? `native run ${nativeExec.toFixed(3)} ms < ${input.minExecMs} ms: too short to time` : undefined;
    const plan = results.plan[g.id] ?? { measuredRounds: 0, warmupCounted: false };
    const sm = s?.measurement;
    const hostBytes = reports.checks?.hostBytes ?? sm?.hostBytes;
    return {
      id: g.id, group: g.group, kind: g.kind,
      ...(sm?.guestBytes !== undefined ? { guestBytes: sm.guestBytes, codeBytes: sm.codeBytes, nonCustomBytes: sm.nonCustomBytes } : {}),
      ...(hostBytes !== undefined ? { hostBytes } : {}),
      measuredRounds: plan.measuredRounds, warmupCounted: plan.warmupCounted,
      ...(excluded ? { excluded } : {}),
      modes: reports,
      ...(s ? { startup: startupReport(s) } : {}),
    };
  });

  const windlassModes = modes.filter((m) => m !== 'native');
  const geo: Partial<Record<ModeName, number | null>> = {};
  const geoCount: Partial<Record<ModeName, number>> = {};
  for (const m of windlassModes) {
    if (results.modeStatus[m]?.available === false) { geo[m] = null; geoCount[m] = 0; continue; }
    const xs = guests.filter((g) => !g.excluded).map((g) => g.modes[m]?.ratio?.median).filter(finite);
    geo[m] = xs.length > 0 ? orNull(geomean(xs)) : null;
    geoCount[m] = xs.length;
  }
  const ups = guests.map((g) => g.startup).filter((s): s is StartupReport => s?.ok === true);
  const code = guests.filter((g) => g.startup?.ok).reduce((a, g) => a + (g.codeBytes ?? 0), 0);
  const sumMs = (f: (s: StartupReport) => number | undefined): number => ups.reduce((a, s) => a + (f(s) ?? NaN), 0);
  const warmMs = sumMs((s) => s.warmTranslateMs);
  const coldMs = sumMs((s) => s.coldTranslateMs);
  const translateMBps = ups.length > 0 && warmMs > 0 ? orNull(code / 1e6 / (warmMs / 1000)) : null;
  const translateColdMBps = ups.length > 0 && coldMs > 0 ? orNull(code / 1e6 / (coldMs / 1000)) : null;
  const peaks = ups.map((s) => s.translatePeakKB).filter(finite);
  const ttfcWarm = ups.map((s) => s.ttfcWarmRatio).filter(finite);
  const ttfcCold = guests.map((g) => g.modes.checks?.ttfcRatio?.median).filter(finite);
  const sizes = ups.map((s) => s.sizeRatio).filter(finite);
  const ttfc = { warm: ttfcWarm.length ? orNull(geomean(ttfcWarm)) : null, cold: ttfcCold.length ? orNull(geomean(ttfcCold)) : null };
  const sizeRatio = sizes.length ? orNull(geomean(sizes)) : null;
  const na = (m: ModeName): string | undefined => (results.modeStatus[m]?.available === false ? `n/a: ${results.modeStatus[m]?.reason}` : undefined);
  const targets: TargetResult[] = [
    target('execution, checks', 'geomean ≤ 1.15× native (stretch 1.05×)', geo.checks ?? null, (v) => v <= 1.15, na('checks')),
    target('execution, checks + fuel', 'geomean ≤ 1.35× native', geo['checks+fuel'] ?? null, (v) => v <= 1.35, na('checks+fuel')),
    target('execution, checks + epoch', 'reported (no target)', geo['checks+epoch'] ?? null, null, na('checks+epoch')),
    target('epoch deadline overhead', 'checks+epoch ≤ 1.05× checks (geomean over guests with both)', epochOverhead(guests), (v) => v <= 1.05,
      na('checks+epoch')),
    target('translation, warm', '≥ 40 MB/s of guest code', translateMBps, (v) => v >= 40,
      translateColdMBps !== null ? `cold first compile: ${translateColdMBps.toFixed(1)} MB/s` : undefined),
    target('time to first call, warm compiler', '≤ 2× host compile + instantiate (geomean)', ttfc.warm, (v) => v <= 2),
    target('time to first call, fresh process', '≤ 2× host compile + instantiate (geomean)', ttfc.cold, (v) => v <= 2,
      'the compiler\'s own JavaScript is JIT-cold in a fresh process'),
    target('output size', '≤ 2× guest size outside custom sections (geomean)', sizeRatio, (v) => v <= 2),
    target('correct output', 'every guest\'s output matches its expected files', failures.length, (v) => v === 0),
  ];
  return {
    schema: REPORT_SCHEMA, date: input.date, meta: input.meta, options: { ...options, minExecMs: input.minExecMs },
    modes, modeStatus: results.modeStatus, geomean: geo, geomeanCount: geoCount, translateMBps, translateColdMBps,
    translatePeakKBMax: peaks.length ? Math.max(...peaks) : null, ttfcRatio: ttfc, sizeRatio, targets, guests, failures,
    notes: input.notes ?? [], measurements: results.records, startups: results.startups, wallMs: results.wallMs,
  };
};
