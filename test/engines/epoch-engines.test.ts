/**
 * Epoch interruption on every engine, with a guest that has its own memory (so the epoch memory is
 * a second memory: multi-memory). Engines with multi-memory and shared memory (Node 26, Bun) must
 * interrupt at the same checking points with the same fuel consumed and memory contents; Node 20
 * (no multi-memory) must refuse the guest with EpochUnsupportedError naming multi-memory; Chromium
 * either runs it like the others or refuses it with that error (a page that is not cross-origin
 * isolated has no shared memory).
 */
import { join } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT } from './engines.js';
import type { EpochCase, EpochOutput } from './probes/epoch-probe-types.js';
import { closeBrowser, runOnEngines } from './run-on-engine.js';
import type { EngineRun } from './run-on-engine.js';

const GUEST = `(module
  (import "host" "tick" (func $tick))
  (memory (export "memory") 1)
  (func $bump (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
  (func (export "loop") (loop $l (call $bump) (call $tick) (br $l)))
  (func (export "loop_brif") (loop $l (call $bump) (call $tick) (br_if $l (i32.const 1))))
  (func $f (call $bump) (call $tick))
  (func (export "calls") (call $f) (call $f) (call $f) (call $f) (call $f) (call $f))
  (func (export "spin") (loop $l (br $l))))`;

const available = testableEngines();
let runs: EngineRun[] = [];
let cases: EpochCase[] = [];

beforeAll(async () => {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('epoch.wat', GUEST);
  const wasm = Buffer.from(parsed.toBinary({}).buffer).toString('base64');
  parsed.destroy();
  cases = [
    { name: 'loop, deadline 3', wasm, export: 'loop', deadline: 3 },
    { name: 'loop closed by br_if, deadline 3, fuel', wasm, export: 'loop_brif', deadline: 3, fuel: '1000000' },
    { name: 'function entries, deadline 2', wasm, export: 'calls', deadline: 2 },
    { name: 'function entries, deadline 2, fuel', wasm, export: 'calls', deadline: 2, fuel: '1000000' },
    { name: 'loop, callback extends 3 times by 4', wasm, export: 'loop', deadline: 4, extensions: 3 },
    { name: 'loop, fuel runs out first', wasm, export: 'loop', deadline: 1000, fuel: '40' },
  ];
  const code = await bundleProbe(join(REPO_ROOT, 'test/engines/probes/epoch-probe.ts'));
  runs = await runOnEngines(available, code, { cases }, { timeoutMs: 120_000 });
}, 300_000);

afterAll(() => closeBrowser());

/** What every engine that runs the guest must report. */
const EXPECTED = [
  { trap: 'Interrupt', ticks: 3, callbacks: 0, memory0: 3 },
  { trap: 'Interrupt', ticks: 3, callbacks: 0, memory0: 3 },
  { trap: 'Interrupt', ticks: 2, callbacks: 0, memory0: 2 },
  { trap: 'Interrupt', ticks: 2, callbacks: 0, memory0: 2 },
  { trap: 'Interrupt', ticks: 16, callbacks: 4, memory0: 16 },
  { trap: 'OutOfFuel', callbacks: 0 },
];

describe('epoch interruption on every engine', () => {

  it('every engine ran the probe', () => {
    for (const r of runs) expect(r.ok, r.ok ? r.engine : `${r.engine}: ${r.error}`).toBe(true);
    expect(runs.length).toBe(available.length);
  });

  it('interrupts at the same points with the same fuel where supported, refuses with the reason elsewhere', () => {
    const outs = runs.filter((r): r is EngineRun & { ok: true } => r.ok).map((r) => ({ id: r.engine, out: r.result as EpochOutput }));
    const ran = outs.filter((o) => o.out.unsupported === null);
    for (const o of outs) {
      if (o.id === 'node26' || o.id === 'bun') expect(o.out.unsupported, o.id).toBeNull();
      if (o.id === 'node20') {
        expect(o.out.support.multiMemory).toBe(false);
        expect(o.out.unsupported).toMatch(/multi-memory/);
      }
      if (o.out.unsupported !== null) {
        expect(o.out.support.sharedMemory && o.out.support.multiMemory, o.id).toBe(false);
        expect(o.out.unsupported, o.id).toMatch(o.out.support.sharedMemory ? /multi-memory/ : /shared WebAssembly memory/);
      }
    }
    for (const o of ran) {
      o.out.outcomes.forEach((got, k) => expect(got, `${o.id}: ${got.name}`).toMatchObject(EXPECTED[k]!));
      const oof = o.out.outcomes[5]!;
      expect(oof.fuelConsumed).toBe('40');
      expect(oof.ticks).toBe(oof.memory0);
      // an empty loop, with nothing but the epoch check in it, is interrupted by a ticker thread
      expect(o.out.tickerSpin?.trap, `${o.id} (${o.out.tickerSpin?.ticker})`).toBe('Interrupt');
      expect(BigInt(o.out.tickerSpin!.ticks)).toBeGreaterThanOrEqual(200n);
    }
    const [ref, ...others] = ran;
    for (const o of others) expect(o.out.outcomes, `${o.id} vs ${ref!.id}`).toEqual(ref!.out.outcomes);
    expect(ran.length).toBeGreaterThan(0);
    console.log(`epoch interruption: ran on ${ran.map((o) => o.id).join(', ') || 'none'}; refused on ${
      outs.filter((o) => o.out.unsupported !== null).map((o) => o.id).join(', ') || 'none'}`);
  });
});
