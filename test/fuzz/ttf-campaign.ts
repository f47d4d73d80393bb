// A seeded campaign of binaryen -ttf modules run differentially (ttf-diff.ts): module number i is
// built from the random bytes of seed i and runs in Windlass variant i mod 3. Shared by the
// `npm test` smoke run (ttf-fuzz.test.ts) and the long runs of `run-fuzz.ts`.
import { compile, UnsupportedError } from '../../winch/index.js';
import type { TtfGenerator } from './binaryen-ttf.js';
import { mulberry32 } from './prng.js';
import { diffModule, saveReproducer, VARIANTS } from './ttf-diff.js';

/** The random input of module `i` (256 to 4095 bytes): binaryen turns it into a module. */
export const ttfSeedBytes = (i: number): Uint8Array => {
  const rng = mulberry32(Math.imul(i, 0x9e3779b1) ^ 0x77a11a55);
  return rng.bytes(256 + rng.int(3840));
};

/** Outcome counts of a campaign. */
export interface TtfReport {
  readonly first: number;
  ran: number;
  agreed: number;
  /** Modules the host engine itself could not instantiate or that only trapped at instantiation. */
  mismatches: { readonly index: number; readonly difference: string; readonly file?: string }[];
  generatorErrors: number;
  /**
   * Modules the host engine runs but Windlass refuses with UnsupportedError (a feature it does not
   * compile yet, e.g. typed function references, which binaryen emits and Node 26 runs): not run.
   */
  unsupported: number;
  ms: number;
}

export interface TtfCampaignOptions {
  readonly first: number;
  readonly count: number;
  /** Stop starting new modules after this many milliseconds. */
  readonly budgetMs: number;
  /** Save every mismatch under test/fuzz/regressions/ (long runs). */
  readonly save: boolean;
  readonly progress?: (r: TtfReport) => void;
}

/** Runs modules first .. first+count-1 (or until the budget is spent). */
/** Whether Windlass's compiler refuses `bytes` as using a feature it does not support yet. */
const unsupportedByWindlass = (bytes: Uint8Array): boolean => {
  try {
    compile(bytes);
    return false;
  } catch (e) {
    return e instanceof UnsupportedError;
  }
};

export const runTtfCampaign = async (gen: TtfGenerator, o: TtfCampaignOptions): Promise<TtfReport> => {
  const r: TtfReport = { first: o.first, ran: 0, agreed: 0, mismatches: [], generatorErrors: 0, unsupported: 0, ms: 0 };
  const t0 = performance.now();
  for (let k = 0; k < o.count; k++) {
    if (k > 0 && performance.now() - t0 > o.budgetMs) break;
    const i = o.first + k;
    if (gen.worn) await gen.refresh();
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = gen.generate(ttfSeedBytes(i));
    } catch {
      r.generatorErrors++; // wasm-opt crashed: its instance is unusable from here on
      await gen.refresh();
      continue;
    }
    const variant = VARIANTS[i % VARIANTS.length]!;
    const difference = diffModule(bytes, variant);
    if (difference !== null && unsupportedByWindlass(bytes)) {
      r.unsupported++;
      continue;
    }
    r.ran++;
    if (difference === null) {
      r.agreed++;
    } else {
      const file = o.save ? saveReproducer(`${i}-${variant.name}`, bytes, difference) : undefined;
      r.mismatches.push({ index: i, difference, ...(file ? { file } : {}) });
    }
    if (o.progress && r.ran % 500 === 0) o.progress(r);
  }
  r.ms = performance.now() - t0;
  return r;
};
