/**
 * Relaxed SIMD across engines: the guest of relaxed-simd-cases.ts runs through Windlass on
 * Node 20, Node 26, Bun and Chromium; every engine must produce the same bits, and those bits
 * must be the deterministic lowering's. Natively (engines that have relaxed SIMD) the same
 * inputs give engine-specific results: the log shows where, which is why Windlass lowers them.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT, type HostEngine } from './engines.js';
import type { GuestCall, GuestRunOutput } from './probes/guest-runner-types.js';
import { matchesCase, RELAXED_CASES, relaxedGuest } from './relaxed-simd-cases.js';
import { closeBrowser, runOnEngines, type EngineRun } from './run-on-engine.js';

const available = testableEngines();

/** Two calls per case: operands from memory (host stack) and from locals. */
const variants = RELAXED_CASES.flatMap((c) => [{ c, exp: c.op }, { c, exp: `${c.op}/locals` }]);
const calls: GuestCall[] = variants.map(({ c, exp }) => ({
  guest: 'relaxed',
  export: exp,
  write: c.inputs.map((hex, k) => ({ offset: 16 * k, hex })),
  read: [{ offset: 48, length: 16 }],
}));

const runs = new Map<string, EngineRun>();

beforeAll(async () => {
  const code = await bundleProbe(join(REPO_ROOT, 'test/engines/probes/guest-runner.ts'));
  const input = { guests: [{ name: 'relaxed', wasm: Buffer.from(relaxedGuest()).toString('base64') }], calls, native: true };
  for (const r of await runOnEngines(available, code, input)) runs.set(r.engine, r);
}, 180_000);
afterAll(closeBrowser);

/** The probe output of `e`, failing the test if the engine could not run it. */
const outputOf = (e: HostEngine): GuestRunOutput => {
  const r = runs.get(e.id)!;
  if (!r.ok) throw new Error(`${e.id} failed to run the probe: ${r.error}`);
  return r.result as GuestRunOutput;
};

/** Windlass's result bytes of every call on `e`. */
const windlassResults = (e: HostEngine): string[] => {
  const w = outputOf(e).windlass;
  if (!w.calls) throw new Error(`${e.id}: Windlass could not run the guest: ${w.unsupported}`);
  return w.calls.map((c, i) => {
    if (!c.read) throw new Error(`${e.id}: ${calls[i]!.export} failed: ${c.trap ?? c.error}`);
    return c.read[0]!;
  });
};

describe('relaxed SIMD is deterministic across engines', () => {
  for (const e of available) {
    it(`${e.id}: Windlass produces the deterministic results`, () => {
      const got = windlassResults(e);
      const wrong = variants.flatMap(({ c, exp }, i) =>
        (matchesCase(c, got[i]!) ? [] : [`${exp} (${c.name}): got ${got[i]}, expected ${c.expected}`]));
      expect(wrong, `on ${outputOf(e).engine}`).toEqual([]);
    });
  }

  it(`every available engine gives bit-identical results (${available.map((e) => e.id).join(', ')})`, () => {
    expect(available.length).toBeGreaterThan(0);
    const reference = windlassResults(available[0]!);
    for (const e of available.slice(1)) {
      const got = windlassResults(e);
      const diffs = variants.flatMap(({ exp }, i) => (got[i] === reference[i] ? [] : [`${exp}: ${available[0]!.id} ${reference[i]} vs ${e.id} ${got[i]}`]));
      expect(diffs, `${e.id} vs ${available[0]!.id}`).toEqual([]);
    }
  });

  it('natively, engines with relaxed SIMD disagree with the lowering on these inputs (report)', () => {
    const lines: string[] = [];
    for (const e of available) {
      const native = outputOf(e).native;
      if (!native?.calls) {
        lines.push(`${e.id}: no native relaxed SIMD (${native?.unsupported ?? 'not run'})`);
        continue;
      }
      const differing = variants.filter(({ c }, i) => i % 2 === 0 && !matchesCase(c, native.calls![i]!.read?.[0] ?? ''))
        .map(({ c }) => c.name);
      lines.push(`${e.id}: natively ${differing.length}/${RELAXED_CASES.length} cases differ from Windlass: ${differing.join('; ')}`);
      // every native call ran (a relaxed result may differ, but the guest must not trap)
      expect(native.calls.every((c) => c.read !== undefined), `${e.id} native run`).toBe(true);
    }
    console.log(`relaxed SIMD natively vs Windlass's deterministic lowering:\n  ${lines.join('\n  ')}`);
    expect(lines.length).toBe(available.length);
  });
});
