// Smoke test of the benchmark harness: `windlass bench` on a tiny WASI guest (one round, child
// processes) writes the JSON report with the promised shape, and a guest whose output differs from
// its expected file is a failure, never a time. The in-page runner is checked the same way, and the
// report model on synthetic measurements (same-round ratios, geomean exclusions). No timing assertions.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchInPage } from '../../runtime/bench/in-page-runner.js';
import { parseModes } from '../../runtime/bench/modes.js';
import { measuredRoundsFor, roundOrder } from '../../runtime/bench/orchestrate.js';
import type { SuiteOptions } from '../../runtime/bench/orchestrate.js';
import { buildReport } from '../../runtime/bench/report.js';
import type { BenchReport } from '../../runtime/bench/report.js';
import { renderHtml } from '../../runtime/bench/html.js';
import { benchCommand } from '../../runtime/node/bench/bench-command.js';
import { watToWasm } from '../../runtime/wat.js';
import { GUEST } from './hello-bench-guest.js';


let dir: string;
let bytes: Uint8Array;

/** A suite folder with the guest as NAME.wasm and `expected` as its NAME.stdout.expected. */
const suiteDir = (name: string, expected: string): string => {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, `${name}.wasm`), bytes);
  writeFileSync(join(d, `${name}.stdout.expected`), expected);
  return d;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'windlass-harness-test-'));
  bytes = await watToWasm(GUEST);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODES = 'native,checks,checks+fuel,checks+epoch';

describe('windlass bench (child processes)', () => {
  let report: BenchReport;
  let exitCode: number;

  beforeAll(async () => {
    const good = suiteDir('good', 'hello\n');
    const bad = suiteDir('bad', 'goodbye\n');
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    exitCode = await benchCommand([good, bad, '--runs', '1', '--warmup', '0', '--modes', MODES, '--min-exec-ms', '0',
      '--warm-translations', '2', '--json', json, '--html', html]);
    report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
  });

  it('writes the summary fields at the top level of the JSON', () => {
    expect(report.schema).toBe('windlass-bench/1');
    expect(Object.keys(report.geomean).sort()).toEqual(['checks', 'checks+epoch', 'checks+fuel']);
    for (const m of ['checks', 'checks+fuel'] as const) {
      expect(report.geomean[m]).toBeGreaterThan(0);
      expect(report.geomeanCount[m]).toBe(1);
    }
    // checks+epoch: measured where the host has multi-memory and shared memory, else n/a for the
    // guest with the engine's reason (never a failure, never a number)
    const epoch = report.guests.find((x) => x.id === 'good')!.modes['checks+epoch']!;
    if (epoch.status === 'n/a') {
      expect(report.geomean['checks+epoch']).toBeNull();
      expect(epoch.reason).toMatch(/EpochUnsupportedError: epoch interruption needs (multi-memory|shared)/);
      expect(report.failures.filter((f) => f.mode === 'checks+epoch')).toEqual([]);
    } else {
      expect(epoch.status).toBe('ok');
      expect(report.geomean['checks+epoch']).toBeGreaterThan(0);
      expect(report.targets.find((t) => t.name === 'epoch deadline overhead')?.value).toBeGreaterThan(0);
    }
    expect(report.translateMBps).toBeGreaterThan(0);
    expect(report.sizeRatio).toBeGreaterThan(0);
    expect(report.targets.map((t) => t.name)).toContain('translation, warm');
  });

  it('reports every phase of the good guest, with ratios to native', () => {
    const g = report.guests.find((x) => x.id === 'good')!;
    expect(g.modes.native?.status).toBe('ok');
    expect(g.modes.native?.execMs?.median).toBeGreaterThan(0);
    const c = g.modes.checks!;
    expect(c.status).toBe('ok');
    for (const s of [c.translateMs, c.compileMs, c.instantiateMs, c.execMs, c.ttfcMs, c.ratio]) expect(s?.n).toBe(1);
    expect(g.modes['checks+fuel']?.fuelConsumed).toMatch(/^[1-9]\d*$/);
    expect(g.startup?.ok).toBe(true);
    expect(g.startup?.warmMBps).toBeGreaterThan(0);
    expect(g.codeBytes).toBeGreaterThan(0);
    expect(report.measurements.filter((m) => m.guest === 'good').length).toBe(4);
  });

  it('reports a wrong output as a failure, not a time', () => {
    expect(exitCode).toBe(1);
    const g = report.guests.find((x) => x.id === 'bad')!;
    // checks+epoch runs (and fails the same way) where the host engine has multi-memory, else it is n/a
    const epochRan = g.modes['checks+epoch']?.status !== 'n/a';
    const failing = ['native', 'checks', 'checks+fuel', ...(epochRan ? ['checks+epoch'] as const : [])] as const;
    for (const m of failing) {
      const mr = g.modes[m]!;
      expect(mr.status).toBe('failed');
      expect(mr.failure?.stage).toBe('output');
      expect(mr.failure?.message).toMatch(/stdout differs/);
      expect(mr.execMs).toBeUndefined();
      expect(mr.ratio).toBeUndefined();
    }
    expect(report.failures.filter((f) => f.guest === 'bad').map((f) => f.mode).sort()).toEqual([...failing].sort());
    expect(report.measurements.filter((m) => m.guest === 'bad').every((m) => !m.measurement.ok && m.measurement.phases === undefined)).toBe(true);
  });

  it('writes a self-contained HTML report', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).toContain('id="windlass-bench-data"');
  });
});

describe('in-page runner', () => {
  it('measures in this realm from files in memory and flags a wrong output', async () => {
    const files = new Map<string, Uint8Array>([
      ['/g/good.wasm', bytes], ['/g/good.stdout.expected', new TextEncoder().encode('hello\n')],
      ['/b/bad.wasm', bytes], ['/b/bad.stdout.expected', new TextEncoder().encode('hello!\n')],
    ]);
    const options: SuiteOptions = {
      modes: parseModes('checks'), runs: 1, minRuns: 1, warmup: 0, guestBudgetMs: 1000, longRoundMs: 10_000,
      startup: true, warmTranslations: 2, warmBudgetMs: 0, instantiations: 2,
    };
    const report = await benchInPage({
      guests: [
        { id: 'good', group: 'mem', kind: 'command', wasm: '/g/good.wasm', dir: '/g', expectedStdout: '/g/good.stdout.expected' },
        { id: 'bad', group: 'mem', kind: 'command', wasm: '/b/bad.wasm', dir: '/b', expectedStdout: '/b/bad.stdout.expected' },
      ],
      files, options, minExecMs: 0,
    });
    expect(report.guests[0]!.modes.checks?.ratio?.median).toBeGreaterThan(0);
    expect(report.guests[1]!.modes.native?.failure?.stage).toBe('output');
    expect(report.failures.length).toBe(2);
    expect(renderHtml([report])).toContain('<svg');
  });
});

describe('report model', () => {
  const options: SuiteOptions = {
    modes: ['native', 'checks'], runs: 3, minRuns: 1, warmup: 1, guestBudgetMs: 1000, longRoundMs: 10_000,
    startup: false, warmTranslations: 1, warmBudgetMs: 0, instantiations: 1,
  };
  const run = (execMs: number) => ({
    kind: 'run' as const, ok: true, phases: { compileMs: 1, instantiateMs: 1, execMs, ttfcMs: 2 }, wallMs: execMs,
  });
  /** Records of `guest`: per round [native, checks] exec times; round 0 is the warm-up. */
  const records = (guest: string, rounds: readonly (readonly [number, number])[]) => rounds.flatMap(([n, c], round) => [
    { guest, mode: 'native' as const, round, warmup: round === 0, order: 0, measurement: run(n) },
    { guest, mode: 'checks' as const, round, warmup: round === 0, order: 1, measurement: run(c) },
  ]);
  const spec = (id: string) => ({ id, group: 't', kind: 'command' as const, wasm: `${id}.wasm`, dir: '.' });

  it('takes each ratio against the native run of the same round and leaves out warm-up and too-short guests', () => {
    const report = buildReport({
      guests: [spec('a'), spec('b'), spec('tiny')],
      results: {
        records: [
          // same-round ratios 2, 1.5, 2.5 -> median 2 (the ratio of the medians would be 30 / 20 = 1.5)
          ...records('a', [[100, 500], [10, 20], [20, 30], [40, 100]]),
          ...records('b', [[1, 1], [10, 80], [10, 80], [10, 80]]),
          ...records('tiny', [[0.01, 1], [0.01, 1], [0.01, 1], [0.01, 1]]),
        ],
        startups: [], modeStatus: { native: { available: true }, checks: { available: true } },
        plan: { a: { measuredRounds: 3, warmupCounted: false }, b: { measuredRounds: 3, warmupCounted: false } }, wallMs: 0,
      },
      options, minExecMs: 1, meta: {}, date: '2026-01-01T00:00:00.000Z',
    });
    const a = report.guests[0]!;
    expect(a.modes.checks?.ratio?.median).toBeCloseTo(2);
    expect(a.modes.checks?.execMs?.median).toBe(30);
    expect(a.modes.native?.execMs).toMatchObject({ n: 3, min: 10, max: 40 });
    expect(report.guests[2]!.excluded).toMatch(/too short/);
    // geomean of 2 and 8, without the excluded guest
    expect(report.geomean.checks).toBeCloseTo(4);
    expect(report.geomeanCount.checks).toBe(2);
  });

  it('rotates the mode order every round and fits rounds into the budget', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['a', 'b', 'c'], r).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
    const o = { ...options, runs: 5, minRuns: 2, guestBudgetMs: 10_000 };
    expect(measuredRoundsFor(o, 1000)).toBe(5);
    expect(measuredRoundsFor(o, 4000)).toBe(2);
    expect(measuredRoundsFor(o, 60_000)).toBe(2);
    expect(measuredRoundsFor({ ...o, runs: 1 }, 10)).toBe(1);
  });
});
