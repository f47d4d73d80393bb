// Differential fuzzing against the host engine with binaryen's translate-to-fuzz modules: a seeded
// few hundred per `npm test`, plus every saved ttf reproducer in test/fuzz/regressions/ (all variants).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TtfGenerator } from './binaryen-ttf.js';
import { REGRESSIONS_DIR } from './corpus.js';
import { BUDGET_MS, scaled } from './harness.js';
import { runTtfCampaign } from './ttf-campaign.js';
import { diffModule, VARIANTS } from './ttf-diff.js';

const gen = await TtfGenerator.create();
afterAll(() => gen.dispose());

describe('differential execution of binaryen -ttf modules (native vs Windlass)', () => {
  it('agrees on a seeded campaign', async () => {
    const first = Number(process.env['WL_TTF_FIRST'] ?? '0');
    const r = await runTtfCampaign(gen, { first, count: scaled(300), budgetMs: BUDGET_MS * 3, save: false });
    console.log(`ttf differential: modules ${first}..${first + r.ran - 1}: ${r.agreed} agree, ${r.mismatches.length} differ, ` +
      `${r.generatorErrors} generator errors, ${r.unsupported} unsupported by Windlass, ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.ran).toBeGreaterThan(0);
    expect(r.mismatches.map((m) => `#${m.index}: ${m.difference}`)).toEqual([]);
  });

  it('agrees on every saved reproducer', () => {
    const files = readdirSync(REGRESSIONS_DIR).filter((f) => /^ttf-.*\.wasm$/.test(f)).sort();
    const problems: string[] = [];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(join(REGRESSIONS_DIR, f)));
      for (const v of VARIANTS) {
        const d = diffModule(bytes, v);
        if (d !== null) problems.push(`${f}: ${d}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
