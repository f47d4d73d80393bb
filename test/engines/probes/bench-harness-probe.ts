/**
 * Probe: the benchmark harness core (runtime/bench) in one realm of any engine — the in-page
 * runner over in-memory files — on a guest whose output matches and one whose output does not;
 * returns the verdicts and whether the text and HTML reports render.
 */
import { benchInPage, formatReport, parseModes, renderHtml } from '../../../runtime/bench/index.js';
import { fromBase64 } from './probe-util.js';

/** Input: the guest (base64) and the expected stdout of the good and the bad copy. */
export interface BenchHarnessProbeInput {
  readonly wasm: string;
  readonly good: string;
  readonly bad: string;
}

export default async (input: BenchHarnessProbeInput) => {
  const bytes = fromBase64(input.wasm);
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>([
    ['/good/g.wasm', bytes], ['/good/g.stdout.expected', enc.encode(input.good)],
    ['/bad/g.wasm', bytes], ['/bad/g.stdout.expected', enc.encode(input.bad)],
  ]);
  const report = await benchInPage({
    guests: [
      { id: 'good', group: 'probe', kind: 'command', wasm: '/good/g.wasm', dir: '/good', expectedStdout: '/good/g.stdout.expected' },
      { id: 'bad', group: 'probe', kind: 'command', wasm: '/bad/g.wasm', dir: '/bad', expectedStdout: '/bad/g.stdout.expected' },
    ],
    files,
    options: {
      modes: parseModes('checks,checks+fuel'), runs: 2, minRuns: 1, warmup: 1, guestBudgetMs: 5000, longRoundMs: 20_000,
      startup: true, warmTranslations: 2, warmBudgetMs: 0, instantiations: 2,
    },
    minExecMs: 0,
  });
  const good = report.guests[0]!;
  return {
    goodStatus: Object.fromEntries(Object.entries(good.modes).map(([m, r]) => [m, r?.status ?? '-'])),
    goodRatiosPositive: ['checks', 'checks+fuel'].every((m) => (good.modes[m as 'checks']?.ratio?.median ?? 0) > 0),
    measuredRounds: good.measuredRounds,
    fuelConsumed: good.modes['checks+fuel']?.fuelConsumed ?? null,
    failures: report.failures.map((f) => `${f.guest}/${f.mode}/${f.stage}`).sort(),
    geomeanKeys: Object.keys(report.geomean).sort(),
    translatePositive: (report.translateMBps ?? 0) > 0,
    table: formatReport(report).includes('geomean'),
    html: renderHtml([report]).includes('<svg'),
  };
};
