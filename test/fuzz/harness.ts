// Runs seeded fuzz campaigns against the oracle, with a per-campaign time cap, and formats
// failures (label with seed, reason, hex dump; input saved under the OS temp folder).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexdump } from './hexdump.js';
import { classify, Tally, type Outcome } from './oracle.js';
import { mulberry32, type Rng } from './prng.js';

export const SCALE = Number(process.env['WL_FUZZ_SCALE'] ?? '1');
export const BASE_SEED = Number(process.env['WL_FUZZ_SEED'] ?? '0x5eed') >>> 0;
/** Per-campaign wall-clock cap in ms (campaigns stop early, and say so, when they hit it). */
export const BUDGET_MS = Number(process.env['WL_FUZZ_BUDGET_MS'] ?? '7000');
export const FAILURE_DIR = join(tmpdir(), 'windlass-fuzz');

export const scaled = (n: number): number => Math.max(1, Math.round(n * SCALE));

/** Input seed for item i of a campaign: distinct per campaign so campaigns do not overlap. */
export const seedFor = (campaign: string, i: number): number => {
  let h = BASE_SEED ^ 0x9e3779b9;
  for (let k = 0; k < campaign.length; k++) h = Math.imul(h ^ campaign.charCodeAt(k), 0x01000193);
  return (h + i) >>> 0;
};

export interface CampaignReport { readonly name: string; readonly tally: Tally; readonly ran: number; readonly capped: boolean; readonly ms: number; }

export const hostValid = (bytes: Uint8Array): boolean => {
  try { return WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>); } catch { return false; }
};

/**
 * Runs `count` inputs. `gen(rng, i)` makes input i from its own seeded PRNG; `check`, if
 * given, can flag disagreements on top of the oracle (it returns a note or null).
 */
export const runCampaign = (
  name: string,
  count: number,
  gen: (rng: Rng, i: number) => Uint8Array,
  check?: (input: Uint8Array, o: Outcome, i: number) => string | null,
  budgetMs = BUDGET_MS,
  labelOf: (i: number, seed: number) => string = (i, seed) => `${name} #${i} (seed 0x${seed.toString(16)})`,
): CampaignReport => {
  const tally = new Tally();
  const t0 = performance.now();
  let ran = 0;
  for (let i = 0; i < count; i++) {
    if (ran > 0 && performance.now() - t0 > budgetMs) break;
    const seed = seedFor(name, i);
    const input = gen(mulberry32(seed), i);
    const label = labelOf(i, seed);
    const o = tally.record(label, input, classify(input));
    const note = check?.(input, o, i);
    if (note && tally.disagreements.length < 200) tally.disagreements.push({ label, input, note });
    ran++;
  }
  return { name, tally, ran, capped: ran < count, ms: performance.now() - t0 };
};

/** The failure message for a campaign: every recorded failure with a hex dump. */
export const failureReport = (r: CampaignReport): string => {
  mkdirSync(FAILURE_DIR, { recursive: true });
  return r.tally.failures.map((f, k) => {
    const file = join(FAILURE_DIR, `${r.name}-${k}.wasm`);
    writeFileSync(file, f.input);
    return `--- ${f.label}: ${f.input.length} bytes, saved to ${file}\n${f.reason}\n${hexdump(f.input)}`;
  }).join('\n');
};

export const summaryLine = (r: CampaignReport): string => {
  const c = r.tally.counts;
  const uns = [...r.tally.unsupportedFeatures].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([f, n]) => `${f}×${n}`).join(', ');
  return `${r.name.padEnd(22)} ${String(r.ran).padStart(6)} inputs${r.capped ? ' (time-capped)' : ''} in ${(r.ms / 1000).toFixed(1)}s: ` +
    `compiled ${c.compiled}, CompileError ${c.compileError}, unsupported ${c.unsupported}${uns ? ` [${uns}]` : ''}, ` +
    `FAILED ${c.failure}, host-validator disagreements ${r.tally.disagreements.length}`;
};
