/**
 * The benchmark harness core runs in one realm of every engine, headless Chromium included: the
 * in-page runner measures a tiny WASI guest natively and through Windlass from in-memory files,
 * flags a wrong output as a failure, and renders the text and HTML reports (bundled for the
 * neutral platform, so no Node-only import may reach runtime/bench).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watToWasm } from '../../runtime/wat.js';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT } from './engines.js';
import type { BenchHarnessProbeInput } from './probes/bench-harness-probe.js';
import { closeBrowser, runOnEngines } from './run-on-engine.js';
import type { EngineRun } from './run-on-engine.js';

const GUEST = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "bench" "start" (func $start))
  (import "bench" "end" (func $end))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\\n")
  (func (export "_start") (local $i i32)
    (call $start)
    (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 3000000))))
    (call $end)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

const available = testableEngines();
const runs = new Map<string, EngineRun>();

beforeAll(async () => {
  const wasm = Buffer.from(await watToWasm(GUEST)).toString('base64');
  const input: BenchHarnessProbeInput = { wasm, good: 'hello\n', bad: 'hello?\n' };
  const code = await bundleProbe(join(REPO_ROOT, 'test/engines/probes/bench-harness-probe.ts'));
  for (const r of await runOnEngines(available, code, input, { timeoutMs: 120_000 })) runs.set(r.engine, r);
}, 240_000);
afterAll(closeBrowser);

describe('benchmark harness core on every engine', () => {
  for (const e of available) {
    it(`${e.label}: measures, checks the output and renders the reports`, () => {
      const r = runs.get(e.id)!;
      if (!r.ok) throw new Error(`${e.id}: ${r.error}`);
      const out = r.result as Record<string, unknown>;
      expect(out['goodStatus']).toEqual({ native: 'ok', checks: 'ok', 'checks+fuel': 'ok' });
      expect(out['goodRatiosPositive']).toBe(true);
      expect(out['measuredRounds']).toBe(2);
      expect(out['fuelConsumed']).toMatch(/^[1-9]\d*$/);
      expect(out['failures']).toEqual(['bad/checks+fuel/output', 'bad/checks/output', 'bad/native/output']);
      expect(out['geomeanKeys']).toEqual(['checks', 'checks+fuel']);
      expect(out['translatePositive']).toBe(true);
      expect(out['table']).toBe(true);
      expect(out['html']).toBe(true);
    });
  }
});
