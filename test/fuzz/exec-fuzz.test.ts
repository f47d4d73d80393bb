// Differential execution fuzzing: generated terminating modules and the example kernels run
// natively and through Windlass must agree on results, trap kinds, memory and globals.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../runtime/index.js';
import { compareRuns, randomArg, type Call } from './exec-compare.js';
import { generateFuncs } from './gen-body.js';
import { assembleModule, SIGS } from './gen-module.js';
import { BUDGET_MS, scaled, seedFor } from './harness.js';
import { hexdump } from './hexdump.js';
import { mulberry32 } from './prng.js';

const guests = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'examples/guests');

describe('differential execution (native vs Windlass)', () => {
  it('agrees on the example guests', () => {
    const engine = new Engine({ canaryPages: 1 });
    const cases: [string, Call[]][] = [
      ['fib.wasm', [0, 1, 2, 30, 90, -5].map((n) => ({ name: 'fib', args: [n] })).concat([{ name: 'fib_rec', args: [18] }])],
      ['sieve.wasm', [0, 2, 3, 100, 65536, 200_000].map((n) => ({ name: 'run', args: [n] }))],
      ['matmul.wasm', [0, 1, 7, 40].map((n) => ({ name: 'run', args: [n] }))],
      ['sort.wasm', [0, 1, 2, 1000, 20_000].map((n) => ({ name: 'run', args: [n] }))],
      ['crc32.wasm', [0, 1, 1000, 100_000].map((n) => ({ name: 'run', args: [n] }))],
    ];
    for (const [file, calls] of cases) {
      const diff = compareRuns(engine, new Uint8Array(readFileSync(join(guests, file))), calls);
      expect(diff, file).toBeNull();
    }
  });

  it('agrees on generated modules', () => {
    // with canary pages the host memory is larger than the guest's, so only Windlass's own
    // bounds checks stand between an out-of-bounds guest access and the canary bytes
    const engines = [new Engine(), new Engine({ canaryPages: 2 }), new Engine({ fuel: true, callDepthChecks: true })];
    const failures: string[] = [];
    const stats = new Map<string, number>();
    const count = scaled(3000);
    const t0 = performance.now();
    let ran = 0;
    for (let i = 0; i < count && (i === 0 || performance.now() - t0 < BUDGET_MS * 2); i++, ran++) {
      const seed = seedFor('exec', i);
      const rng = mulberry32(seed);
      const { funcTypes, bodies } = generateFuncs(rng, true);
      const bytes = assembleModule(funcTypes, bodies) as Uint8Array<ArrayBuffer>;
      const calls: Call[] = [];
      for (let k = rng.range(1, 6); k > 0; k--) {
        const f = rng.int(funcTypes.length);
        calls.push({ name: `f${f}`, args: SIGS[funcTypes[f]!]!.params.map((t) => randomArg(rng, t)) });
      }
      const engine = engines[i % engines.length]!;
      const diff = compareRuns(engine, bytes, calls, stats);
      if (diff && failures.length < 5) failures.push(`--- exec #${i} (seed 0x${seed.toString(16)}, tunables ${JSON.stringify(engine.tunables)}): ${diff}\n${hexdump(bytes)}`);
    }
    console.log(`differential execution: ${ran} generated modules; calls by Windlass outcome: ${[...stats].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (failures.length > 0) expect.fail(failures.join('\n'));
  });
});
