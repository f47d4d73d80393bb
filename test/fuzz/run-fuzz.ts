// `npm run fuzz -- --seconds N [--first I] [--count N] [--no-save]`: a long differential campaign of
// binaryen -ttf modules (native vs Windlass in three configurations, see ttf-diff.ts), from module
// number I on. Every mismatch is saved as test/fuzz/regressions/ttf-<i>-<variant>.wasm (+ .txt),
// which ttf-fuzz.test.ts then replays in every `npm test`. Exit code 1 when anything differed.
import { parseArgs } from 'node:util';
import { TtfGenerator } from './binaryen-ttf.js';
import { runTtfCampaign, type TtfReport } from './ttf-campaign.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    first: { type: 'string', default: '0' },
    count: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const first = Number(values.first);
const count = values.count === undefined ? Number.MAX_SAFE_INTEGER : Number(values.count);
if (!(seconds > 0) || !Number.isSafeInteger(first) || first < 0 || !(count > 0)) {
  console.error('usage: npm run fuzz -- --seconds N [--first I] [--count N] [--no-save]');
  process.exit(2);
}

const line = (r: TtfReport, ms: number): string =>
  `modules ${r.first}..${r.first + r.ran + r.generatorErrors - 1}: ran ${r.ran}, agree ${r.agreed}, ` +
  `differ ${r.mismatches.length}, generator errors ${r.generatorErrors}, unsupported by Windlass ${r.unsupported}, ${(r.ran / (ms / 1000)).toFixed(0)} modules/s`;

const gen = await TtfGenerator.create();
const t0 = performance.now();
const report = await runTtfCampaign(gen, {
  first, count, budgetMs: seconds * 1000, save: !values['no-save'],
  progress: (r) => console.log(line(r, performance.now() - t0)),
});
gen.dispose();
console.log(`done: ${line(report, report.ms)}`);
for (const m of report.mismatches) console.log(`MISMATCH #${m.index}: ${m.difference}${m.file ? ` (saved ${m.file})` : ''}`);
process.exitCode = report.mismatches.length > 0 ? 1 : 0;
