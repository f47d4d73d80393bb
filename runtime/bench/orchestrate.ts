/**
 * Runs a suite: per guest, rounds of one measurement per mode (the order rotated every round so
 * no mode always goes first), a warm-up round first, then as many measured rounds as the options
 * and the guest's time budget allow; plus one start-up measurement per guest. Where a measurement
 * runs (a fresh child process, the current page) is the runner's business.
 */
import { modeStatus } from './modes.js';
import type { GuestSpec, MeasureJob, Measurement, ModeName, ModeStatus, RunMeasurement, StartupMeasurement } from './types.js';

/** Runs one job somewhere and returns its measurement (never throws for what the guest does). */
export interface MeasureRunner {
  run(job: MeasureJob): Promise<RunnerResult>;
}

/** A measurement plus facts the runner learnt about where it ran. */
export interface RunnerResult {
  readonly measurement: Measurement;
  /** Which WASI the native runs used (e.g. `node:wasi`). */
  readonly nativeWasi?: string;
  /** The engine that ran it (e.g. `node v20.20.2 (V8 11.3…)`). */
  readonly engine?: string;
}

/** How many rounds to run and what to measure. */
export interface SuiteOptions {
  /** Modes to run; `native` first (every ratio is taken against it). */
  readonly modes: readonly ModeName[];
  /** Measured rounds per guest (at most). */
  readonly runs: number;
  /** Measured rounds per guest at least, however long a round takes. */
  readonly minRuns: number;
  /** Warm-up rounds (results checked, times discarded). */
  readonly warmup: number;
  /** Wall time per guest (ms) the measured rounds should fit in; fewer rounds for long guests. */
  readonly guestBudgetMs: number;
  /**
   * A first round longer than this (ms) is measured, not a warm-up, and the guest gets as many
   * rounds as fit in `guestBudgetMs` (at least that one; `minRuns` does not apply).
   */
  readonly longRoundMs: number;
  /** Run the start-up measurement (translation, compiler memory, warm time to first call). */
  readonly startup: boolean;
  /** Warm translations in the start-up measurement: at least this many, for at least `warmBudgetMs`. */
  readonly warmTranslations: number;
  readonly warmBudgetMs: number;
  /** Instantiations per side in the start-up measurement. */
  readonly instantiations: number;
}

/** One measurement in the order it was made. */
export interface MeasurementRecord {
  readonly guest: string;
  readonly mode: ModeName;
  /** 0-based round; rounds with `warmup` set are not used for statistics. */
  readonly round: number;
  readonly warmup: boolean;
  /** Position of this mode in its round. */
  readonly order: number;
  readonly measurement: RunMeasurement;
}

/** Start-up measurement of one guest. */
export interface StartupRecord {
  readonly guest: string;
  readonly mode: ModeName;
  readonly measurement: StartupMeasurement;
}

/** Everything a suite run produced, before statistics. */
export interface SuiteResults {
  readonly records: MeasurementRecord[];
  readonly startups: StartupRecord[];
  readonly modeStatus: Partial<Record<ModeName, ModeStatus>>;
  /** Measured rounds per guest, and whether its warm-up round was counted (long guest). */
  readonly plan: Record<string, { readonly measuredRounds: number; readonly warmupCounted: boolean }>;
  readonly nativeWasi?: string;
  readonly engine?: string;
  readonly wallMs: number;
}

/** Progress of a suite run. */
export interface ProgressEvent {
  readonly done: number;
  /** Current estimate of the number of measurements (it shrinks when long guests get fewer rounds). */
  readonly total: number;
  readonly guest: string;
  readonly guestIndex: number;
  readonly guests: number;
  readonly what: string;
  readonly elapsedMs: number;
  /** Set when a measurement failed. */
  readonly failure?: string;
}

/** Mode order of `round`: `modes` rotated by the round number. */
export const roundOrder = <T>(modes: readonly T[], round: number): T[] =>
  modes.map((_, i) => modes[(i + round) % modes.length]!);

/** Measured rounds for a guest whose first round took `roundMs`: what fits the budget, within [minRuns, runs]. */
export const measuredRoundsFor = (o: SuiteOptions, roundMs: number): number =>
  Math.min(o.runs, Math.max(o.minRuns, Math.floor(o.guestBudgetMs / Math.max(roundMs, 1))));

const now = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** The Windlass mode start-up is measured in: `checks` when it runs, else the first Windlass mode. */
const startupMode = (modes: readonly ModeName[]): ModeName | undefined =>
  (modes.includes('checks') ? 'checks' : modes.find((m) => m !== 'native'));

/**
 * An invoke guest without an expected result: each mode's result must equal the native run's of
 * the same round; a mode that differs becomes a failed measurement.
 */
const checkAgainstNative = (records: MeasurementRecord[], guest: string, round: number, failed: Set<ModeName>): void => {
  const native = records.find((r) => r.guest === guest && r.round === round && r.mode === 'native')?.measurement;
  if (!native?.ok) return;
  for (const [i, r] of records.entries()) {
    if (r.guest !== guest || r.round !== round || r.mode === 'native' || !r.measurement.ok) continue;
    if (r.measurement.result === native.result) continue;
    const message = `result ${r.measurement.result} differs from the native run's ${native.result}`;
    records[i] = { ...r, measurement: { kind: 'run', ok: false, failure: { stage: 'output', message }, wallMs: r.measurement.wallMs } };
    failed.add(r.mode);
  }
};

/** Runs `guests` with `options` through `runner`. */
export const runSuite = async (guests: readonly GuestSpec[], o: SuiteOptions, runner: MeasureRunner,
  onProgress: (e: ProgressEvent) => void = () => {}): Promise<SuiteResults> => {
  const t0 = now();
  const status: Partial<Record<ModeName, ModeStatus>> = {};
  for (const m of o.modes) status[m] = modeStatus(m);
  const modes = o.modes.filter((m) => status[m]!.available);
  const sMode = o.startup ? startupMode(modes) : undefined;
  const perGuestPlanned = (rounds: number): number => rounds * modes.length + (sMode ? 1 : 0);
  const planned = guests.map(() => perGuestPlanned(o.warmup + o.runs));
  const records: MeasurementRecord[] = [];
  const startups: StartupRecord[] = [];
  const plan: SuiteResults['plan'] = {};
  let done = 0;
  let nativeWasi: string | undefined;
  let engine: string | undefined;
  const progress = (gi: number, what: string, failure?: string): void => onProgress({
    done, total: planned.reduce((a, b) => a + b, 0), guest: guests[gi]!.id, guestIndex: gi, guests: guests.length, what,
    elapsedMs: now() - t0, ...(failure !== undefined ? { failure } : {}),
  });
  const note = (r: RunnerResult): void => {
    nativeWasi ??= r.nativeWasi;
    engine ??= r.engine;
  };

  for (const [gi, guest] of guests.entries()) {
    if (sMode) {
      progress(gi, `start-up (${sMode})`);
      const r = await runner.run({
        kind: 'startup', guest, mode: sMode, warmTranslations: o.warmTranslations, warmBudgetMs: o.warmBudgetMs, instantiations: o.instantiations,
      });
      note(r);
      done++;
      const m = r.measurement as StartupMeasurement;
      startups.push({ guest: guest.id, mode: sMode, measurement: m });
      if (!m.ok) progress(gi, `start-up (${sMode})`, `${m.failure?.stage}: ${m.failure?.message}`);
    }
    const failed = new Set<ModeName>();
    let warmupRounds = o.warmup;
    let rounds = o.warmup + o.runs;
    for (let round = 0; round < rounds; round++) {
      const roundStart = now();
      const order = roundOrder(modes, round);
      const warmup = round < warmupRounds;
      for (const [pos, mode] of order.entries()) {
        if (failed.has(mode)) { done++; continue; }
        progress(gi, `${mode}, round ${round + 1}/${rounds}${warmup ? ' (warm-up)' : ''}`);
        const r = await runner.run({ kind: 'run', guest, mode });
        note(r);
        done++;
        const m = r.measurement as RunMeasurement;
        records.push({ guest: guest.id, mode, round, warmup, order: pos, measurement: m });
        if (!m.ok) {
          failed.add(mode);
          progress(gi, mode, `${m.failure?.stage}: ${m.failure?.message}`);
        }
      }
      if (guest.kind === 'invoke' && guest.invoke?.expected === undefined) checkAgainstNative(records, guest.id, round, failed);
      if (failed.size === modes.length) break;
      if (round === 0) {
        const roundMs = now() - roundStart;
        if (warmupRounds > 0 && roundMs > o.longRoundMs) {
          // a long guest: its first round counts and no more warm-up follows (every measurement
          // runs in a fresh process anyway, so a warm-up buys little next to a round this long)
          warmupRounds = 0;
          for (const rec of records) if (rec.guest === guest.id) (rec as { warmup: boolean }).warmup = false;
          rounds = Math.max(1, Math.min(o.runs, Math.floor(o.guestBudgetMs / roundMs)));
        } else {
          rounds = warmupRounds + measuredRoundsFor(o, roundMs);
        }
        planned[gi] = perGuestPlanned(rounds);
      }
    }
    plan[guest.id] = { measuredRounds: Math.max(0, rounds - warmupRounds), warmupCounted: warmupRounds < o.warmup };
    planned[gi] = done - planned.slice(0, gi).reduce((a, b) => a + b, 0);
  }
  return {
    records, startups, modeStatus: status, plan, wallMs: now() - t0,
    ...(nativeWasi !== undefined ? { nativeWasi } : {}), ...(engine !== undefined ? { engine } : {}),
  };
};
