// Fuzzes winch compile(): every input must compile to a host module that validates, or throw
// CompileError (UnsupportedError is counted). Scale with WL_FUZZ_SCALE, reseed with WL_FUZZ_SEED.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSeeds, prefixSeeds, regressionSeeds, spectestSeeds, type Seed } from './corpus.js';
import { generateFuncs } from './gen-body.js';
import { assembleModule } from './gen-module.js';
import { BASE_SEED, failureReport, runCampaign, scaled, summaryLine, type CampaignReport } from './harness.js';
import { hexdump } from './hexdump.js';
import { flipBits, mutateBody, mutateMany, mutateSection, randomBytes, randomWithHeader } from './mutators.js';
import { classify } from './oracle.js';
import { mulberry32, type Rng } from './prng.js';
import { initSecondOpinion } from './second-opinion.js';
import { CONFIRMED, validatorCheck } from './agreement.js';
import { HEADER, concat, encodeSection } from './wasm-bytes.js';
import { LIMIT_CASES } from './limits.js';

const reports: CampaignReport[] = [];

const assertClean = (r: CampaignReport): void => {
  reports.push(r);
  if (r.tally.counts.failure > 0) expect.fail(`${summaryLine(r)}\n${failureReport(r)}`);
  assertAgreement(r);
};

const assertAgreement = (r: CampaignReport): void => {
  const confirmed = r.tally.disagreements.filter((d) => d.note.startsWith(CONFIRMED));
  if (confirmed.length > 0) {
    expect.fail(`${confirmed.length} confirmed validation disagreements:\n` +
      confirmed.slice(0, 5).map((d) => `--- ${d.label}: ${d.note}\n${hexdump(d.input)}`).join('\n'));
  }
};

const specFolders = ['core', 'bulk-memory', 'multi-memory', 'exceptions', 'gc', 'relaxed-simd', 'simd', 'memory64'];

const generated = (rng: Rng, exec = false): Uint8Array => {
  const { funcTypes, bodies } = generateFuncs(rng, exec);
  return assembleModule(funcTypes, bodies);
};

/** Valid modules to mutate: the examples, the prefix seeds, small spec modules, generated ones. */
const mutationPool = ((): Uint8Array[] => {
  const small = spectestSeeds(['core']).filter((s) => s.expect === 'valid' && s.bytes.length <= 4096);
  const every = Math.max(1, Math.floor(small.length / 60));
  const gen = Array.from({ length: 20 }, (_, i) => generated(mulberry32(BASE_SEED + i)));
  return [...prefixSeeds(), ...small.filter((_, i) => i % every === 0)].map((s) => s.bytes).concat(gen);
})();
const pick = (rng: Rng): Uint8Array => rng.pick(mutationPool);

describe('compile() fuzz', () => {
  beforeAll(initSecondOpinion);
  afterAll(() => {
    console.log(['compile() fuzz summary:', ...reports.map(summaryLine)].join('\n'));
    const dis = reports.flatMap((r) => r.tally.disagreements);
    if (dis.length > 0) {
      const groups = new Map<string, typeof dis>();
      for (const d of dis) {
        const key = d.note.replace(/0x[0-9a-f]+|\d+/g, 'N');
        groups.set(key, [...(groups.get(key) ?? []), d]);
      }
      console.log(`host-validator disagreements (${dis.length}), by kind, with one example each:\n` + [...groups]
        .map(([key, ds]) => `--- ${ds.length}× ${key}\n    e.g. ${ds[0]!.label}\n${hexdump(ds[0]!.input, 96)}`).join('\n'));
    }
  });

  it('replays saved regression inputs', () => {
    // `*.valid.wasm` must compile (or be unsupported), `*.invalid.wasm` must throw CompileError
    const seeds = regressionSeeds();
    assertClean(runCampaign('regressions', seeds.length, (_, i) => seeds[i]!.bytes, (_input, o, i) => {
      const name = seeds[i]!.name;
      if (name.endsWith('.valid.wasm') && o.kind === 'compile-error') return `${CONFIRMED}: ${name}: valid module rejected: ${o.error.message}`;
      if (name.endsWith('.invalid.wasm') && o.kind === 'compiled') return `${CONFIRMED}: ${name}: invalid module compiled`;
      return null;
    }));
  });

  it('compiles the example guests', () => {
    const seeds = exampleSeeds();
    const r = runCampaign('examples', seeds.length, (_, i) => seeds[i]!.bytes);
    assertClean(r);
    expect(r.tally.counts.compiled).toBe(seeds.length);
  });

  it('handles every spec test binary', () => {
    const seeds: Seed[] = spectestSeeds(specFolders);
    assertClean(runCampaign('spectest', seeds.length, (_, i) => seeds[i]!.bytes, (input, o, i) => {
      const s = seeds[i]!;
      if (s.expect === 'valid' && o.kind === 'compile-error') return `${CONFIRMED}: ${s.name}: valid spec module rejected: ${o.error.message}`;
      if (s.expect === 'invalid' && o.kind === 'compiled') return `${CONFIRMED}: ${s.name}: invalid/malformed spec module compiled`;
      return null;
    }));
  });

  it('handles every prefix of valid modules', () => {
    const cuts = prefixSeeds().flatMap((s) => Array.from({ length: s.bytes.length }, (_, len) => s.bytes.subarray(0, len)));
    assertClean(runCampaign('prefixes', cuts.length, (_, i) => cuts[i]!.slice()));
  });

  it('handles bit flips', () => {
    assertClean(runCampaign('bitflips', scaled(15000), (rng) => flipBits(rng, pick(rng), rng.range(1, 4)), validatorCheck));
  });

  it('handles random bytes', () => {
    assertClean(runCampaign('random-bytes', scaled(5000), randomBytes));
  });

  it('handles random sections after a valid header', () => {
    assertClean(runCampaign('random-header', scaled(15000), randomWithHeader, validatorCheck));
  });

  it('handles byte-level mutations', () => {
    assertClean(runCampaign('mutations', scaled(15000), (rng) => mutateMany(rng, pick(rng), pick(rng)), validatorCheck));
  });

  it('handles section-aware mutations', () => {
    assertClean(runCampaign('section-mutations', scaled(15000), (rng) => mutateSection(rng, pick(rng), pick(rng)), validatorCheck));
  });

  it('handles function-body mutations', () => {
    assertClean(runCampaign('body-mutations', scaled(15000), (rng) => mutateBody(rng, pick(rng), pick(rng)), validatorCheck));
  });

  it('compiles generated well-typed modules', () => {
    const r = runCampaign('generated', scaled(3000), (rng) => generated(rng), validatorCheck);
    assertClean(r);
    // the generator only emits valid code (the host engine agrees): rejecting it is a compiler bug
    const rejected = r.tally.disagreements.filter((d) => d.note.includes('Windlass rejects'));
    expect(r.tally.counts.unsupported, 'generated modules use only Wasm 2.0 features').toBe(0);
    if (rejected.length > 0) {
      expect.fail(`${rejected.length} generated valid modules rejected with CompileError:\n` +
        rejected.slice(0, 5).map((d) => `--- ${d.label}: ${d.note}\n${hexdump(d.input)}`).join('\n'));
    }
  });

  it('handles mutations of generated modules', () => {
    assertClean(runCampaign('generated-mutations', scaled(8000), (rng) => mutateBody(rng, generated(rng)), validatorCheck));
  });

  it('handles modules at the host engine limits', () => {
    const r = runCampaign('limits', LIMIT_CASES.length, (_, i) => LIMIT_CASES[i]!.bytes(), undefined, Infinity,
      (i) => `limits: ${LIMIT_CASES[i]!.name}`);
    assertClean(r);
  });

  it('satisfies the oracle for fast-check byte arrays', () => {
    const sections = fc.array(fc.record({ id: fc.integer({ min: 0, max: 13 }), payload: fc.uint8Array({ maxLength: 48 }) }), { maxLength: 6 });
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => concat([HEADER, b])),
      sections.map((ss) => concat([HEADER, ...ss.map(encodeSection)])),
    );
    let runs = 0;
    fc.assert(fc.property(input, (bytes) => {
      runs++;
      const o = classify(bytes);
      if (o.kind === 'failure') throw new Error(`${o.reason}\n${hexdump(bytes)}`);
    }), { numRuns: scaled(3000), seed: BASE_SEED | 0 });
    expect(runs).toBeGreaterThan(0);
  });
});
