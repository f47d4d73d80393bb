/**
 * The benchmark harness core runs in one realm of every engine, headless Chromium included: the
 * in-page runner measures a tiny WASI guest natively and through Windlass from in-memory files,
 * flags a wrong output as a failure, and renders the text and HTML reports (bundled for the
 * neutral platform, so no Node-only import may reach runtime/bench).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watToWasm } from '../../runtime/wat.js';
import { GUEST } from '../bench/hello-bench-guest.js';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT } from './engines.js';
import type { BenchHarnessProbeInput } from './probes/bench-harness-probe.js';
import { closeBrowser, runOnEngines } from './run-on-engine.js';
import type { EngineRun } from './run-on-engine.js';


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
