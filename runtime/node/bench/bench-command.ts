/**
 * `windlass bench`: parses the options, discovers the suite, runs it on each engine in fresh
 * processes (runtime/bench/orchestrate.ts), prints the tables and writes the JSON and HTML reports.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from '../../bench/format-table.js';
import { renderHtml } from '../../bench/html.js';
import { parseModes } from '../../bench/modes.js';
import { runSuite, type SuiteOptions } from '../../bench/orchestrate.js';
import { buildReport, type BenchReport } from '../../bench/report.js';
import { DEFAULT_MODES, type GuestSpec } from '../../bench/types.js';
import { childScript, type ChildScript } from './child-script.js';
import { packageRoot, resolveEngine, type BenchEngine } from './engines.js';
import { ProcessRunner } from './process-runner.js';
import { progressReporter } from './progress.js';
import { SuiteError, discoverSuite } from './suite.js';

export const BENCH_HELP = `Usage: windlass bench [GUEST.wasm | SUITE_DIR | SUITE.json]... [options]

Runs each guest natively on the host engine and through Windlass, every measurement in a fresh
process, modes interleaved round by round, and reports execution ratios to the native run of the
same round, translation throughput, compiler memory, time to first call and output size. Without
paths: the default suite (../shared/benchmarks/sightglass and test/bench/guests.bench-suite.json).
A folder holds Sightglass-style WASI commands (NAME.wasm, run in its folder with bench.start /
bench.end imports; NAME.stdout.expected / NAME.stderr.expected checked byte for byte) or a
bench-suite.json manifest. A wrong output is a failure, never a time.

Options:
  --engines LIST       node (this Node; default), node26, bun, or paths to binaries
  --modes LIST         native,checks,checks+fuel,checks+epoch (default), also nochecks
  --runs N             measured rounds per guest, at most (default 4)
  --min-runs N         measured rounds per guest, at least (default 2)
  --warmup N           warm-up rounds, checked but not timed (default 1)
  --budget SEC         time per guest the measured rounds should fit in (default 25)
  --long-round SEC     a first round longer than this is measured, not a warm-up (default 20)
  --warm-translations N  warm translations in the start-up measurement, at least (default 10;
                       they go on for 1 s, at most 200; the later half's median is the warm time)
  --no-startup         skip the start-up measurement
  --min-exec-ms MS     guests whose native run is shorter stay out of the geomeans (default 1)
  --filter REGEX       only guests whose id matches
  --quick              smoke run: 1 round, no warm-up, and (default suite) only the short guests
  --timeout SEC        kill a measurement after this long (default 900)
  --json FILE          write every measurement and the summary as JSON
  --html FILE          write a self-contained HTML report with charts
  --history FILE       append a line (date, commit, geomean per mode, ...) to a Markdown table
  --note TEXT          text for the --history line
  --keep-failures      keep the output files of failed runs
`;

/** Default-suite guests the quick smoke run skips (each takes over ~150 ms natively, seqhash ~30 s). */
const LONG_GUESTS = new Set([
  'sqlite3', 'shootout-base64', 'shootout-ctype', 'shootout-ed25519', 'shootout-fib2', 'shootout-heapsort', 'shootout-matrix',
  'shootout-minicsv', 'shootout-random', 'shootout-ratelimit', 'shootout-seqhash', 'shootout-sieve', 'shootout-switch', 'fib_rec(30)',
]);

/** The default suite's paths that exist here. */
export const defaultSuitePaths = (): string[] => {
  const root = packageRoot();
  const sightglass = process.env['WL_SIGHTGLASS'] ?? resolve(root, '..', 'shared', 'benchmarks', 'sightglass');
  return [sightglass, join(root, 'test', 'bench', 'guests.bench-suite.json')].filter((p) => existsSync(p));
};

/** A usage error (exit code 2). */
export class BenchUsageError extends Error {}

/** Hooks for `npm run bench`. */
export interface BenchHooks {
  /** Extra sections to add to the first engine's report before it is written. */
  readonly sections?: (quick: boolean) => Promise<Record<string, unknown>>;
  /** Default --json / --html when not given. */
  readonly defaultJson?: string;
  readonly defaultHtml?: string;
}

const int = (name: string, s: string | undefined, dflt: number, min = 0): number => {
  if (s === undefined) return dflt;
  const v = Number(s);
  if (!Number.isFinite(v) || v < min) throw new BenchUsageError(`--${name}: expected a number ≥ ${min}, got "${s}"`);
  return v;
};

const git = (root: string, args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

const writeFile = (file: string, text: string): void => {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, text);
};

/** Appends one Markdown table row to the history file (with a header when the file is new). */
const appendHistory = (file: string, r: BenchReport, note: string): void => {
  const modes = ['checks', 'checks+fuel', 'checks+epoch'] as const;
  const cols = ['date', 'commit', 'engine', ...modes.map((m) => `geomean ${m}`), 'translate MB/s (warm / cold)',
    'TTFC warm / cold', 'size', 'failures', 'note'];
  const x = (v: number | null | undefined, d = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
  const row = [String(r.date).slice(0, 10), String(r.meta['commit'] ?? '?'), String(r.meta['engine'] ?? '?'),
    ...modes.map((m) => x(r.geomean[m])), `${x(r.translateMBps, 1)} / ${x(r.translateColdMBps, 1)}`,
    `${x(r.ttfcRatio.warm, 2)} / ${x(r.ttfcRatio.cold, 2)}`, x(r.sizeRatio, 2), String(r.failures.length), note];
  const hasTable = existsSync(file) && readFileSync(file, 'utf8').split('\n').some((l) => l.startsWith('| date |'));
  const head = hasTable ? '' : `\n| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|\n`;
  appendFileSync(file, `${head}| ${row.join(' | ')} |\n`);
};

/** Settings of one engine's run besides the suite options. */
interface EngineRunSettings {
  readonly minExecMs: number;
  readonly timeoutMs: number;
  readonly paths: readonly string[];
  readonly quick: boolean;
  readonly keepFailures: boolean;
  readonly commit: string | undefined;
}

/** Runs the suite on one engine, prints its tables and returns its report. */
const runOnEngine = async (engine: BenchEngine, guests: readonly GuestSpec[], options: SuiteOptions, script: ChildScript,
  s: EngineRunSettings, label = ''): Promise<BenchReport> => {
  const runner = new ProcessRunner(engine, script.path, { timeoutMs: s.timeoutMs });
  const progress = progressReporter(label);
  process.stderr.write(`windlass bench: ${guests.length} guests × ${options.modes.length} modes on ${engine.label}, `
    + `${options.warmup} warm-up + up to ${options.runs} rounds each\n`);
  let results;
  try {
    results = await runSuite(guests, options, runner, progress.onProgress);
  } finally {
    progress.done();
    runner.dispose(s.keepFailures);
  }
  const report = buildReport({
    guests, results, options, minExecMs: s.minExecMs, date: new Date().toISOString(),
    meta: {
      engine: engine.label, engineId: engine.id, harnessNode: process.version, platform: `${process.platform}-${process.arch}`,
      cpu: cpus()[0]?.model, cpus: cpus().length, loadAverageAtEnd: loadavg()[0]?.toFixed(2), commit: s.commit,
      nativeWasi: results.nativeWasi, childEngine: results.engine, childScript: script.source, suite: s.paths.join(' '), quick: s.quick,
    },
    notes: [
      `native runs use ${results.nativeWasi ?? 'node:wasi'}; Windlass runs use Windlass's own WASI (runtime/wasi) over the real folder`,
      'every measurement runs in a fresh process; modes are interleaved within a round in rotating order',
      `guests whose first round takes over ${options.longRoundMs / 1000} s get that round measured (no warm-up) and as many more as fit in ${options.guestBudgetMs / 1000} s`,
    ],
  });
  process.stdout.write(`\n# ${engine.label}\n\n${formatReport(report)}\n`);
  process.stdout.write(`bench on ${engine.id} took ${(results.wallMs / 60000).toFixed(1)} min\n`);
  return report;
};

/** Runs `windlass bench ARGS`; returns the exit code (0 ok, 1 failures, 2 usage). */
export const benchCommand = async (argv: readonly string[], hooks: BenchHooks = {}): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...argv], allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' }, engines: { type: 'string' }, modes: { type: 'string' }, runs: { type: 'string' },
      'min-runs': { type: 'string' }, warmup: { type: 'string' }, budget: { type: 'string' }, 'long-round': { type: 'string' },
      'warm-translations': { type: 'string' }, 'no-startup': { type: 'boolean' }, 'min-exec-ms': { type: 'string' },
      filter: { type: 'string' }, quick: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'string' },
      html: { type: 'string' }, history: { type: 'string' }, note: { type: 'string' }, 'keep-failures': { type: 'boolean' },
    },
  });
  if (values.help) { process.stdout.write(BENCH_HELP); return 0; }
  const quick = values.quick ?? false;
  const useDefault = positionals.length === 0;
  const paths = useDefault ? defaultSuitePaths() : positionals;
  if (paths.length === 0) throw new BenchUsageError('no guests given and the default suite (../shared/benchmarks/sightglass) is not here');
  let guests: GuestSpec[];
  try {
    guests = discoverSuite(paths);
  } catch (e) {
    if (e instanceof SuiteError) throw new BenchUsageError(e.message);
    throw e;
  }
  if (quick && useDefault) guests = guests.filter((g) => !LONG_GUESTS.has(g.id));
  if (values.filter !== undefined) {
    const re = new RegExp(values.filter);
    guests = guests.filter((g) => re.test(g.id));
  }
  if (guests.length === 0) throw new BenchUsageError('no guest left to run');
  let modes;
  try {
    modes = parseModes(values.modes ?? DEFAULT_MODES.join(','));
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
  const options: SuiteOptions = {
    modes,
    runs: int('runs', values.runs, quick ? 1 : 4, 1),
    minRuns: int('min-runs', values['min-runs'], quick ? 1 : 2, 1),
    warmup: int('warmup', values.warmup, quick ? 0 : 1),
    guestBudgetMs: int('budget', values.budget, 25) * 1000,
    longRoundMs: int('long-round', values['long-round'], 20) * 1000,
    startup: !(values['no-startup'] ?? false),
    warmTranslations: int('warm-translations', values['warm-translations'], quick ? 3 : 10),
    warmBudgetMs: quick ? 200 : 1000,
    instantiations: quick ? 3 : 6,
  };
  const minExecMs = int('min-exec-ms', values['min-exec-ms'], 1);
  const timeoutMs = int('timeout', values.timeout, 900) * 1000;
  const engineIds = (values.engines ?? 'node').split(',').map((s) => s.trim()).filter((s) => s !== '');
  let engines: BenchEngine[];
  try {
    engines = engineIds.map(resolveEngine);
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
  const root = packageRoot();
  const script = await childScript();
  const commit = git(root, ['rev-parse', '--short', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']);
  const reports: BenchReport[] = [];
  try {
    for (const engine of engines) {
      reports.push(await runOnEngine(engine, guests, options, script, {
        minExecMs, timeoutMs, paths, quick, keepFailures: values['keep-failures'] ?? false,
        commit: commit === undefined ? undefined : `${commit}${dirty ? '+dirty' : ''}`,
      }, engines.length > 1 ? `${engine.id} ` : ''));
    }
  } finally {
    script.dispose();
  }

  let primary = reports[0]!;
  if (hooks.sections) primary = { ...primary, sections: await hooks.sections(quick) };
  const json = values.json ?? hooks.defaultJson;
  const html = values.html ?? hooks.defaultHtml;
  const all = [primary, ...reports.slice(1)];
  if (json !== undefined) {
    const out = reports.length > 1 ? { ...primary, otherEngines: reports.slice(1) } : primary;
    writeFile(json, `${JSON.stringify(out, null, 1)}\n`);
    process.stdout.write(`wrote ${json}\n`);
  }
  if (html !== undefined) {
    writeFile(html, renderHtml(all));
    process.stdout.write(`wrote ${html}\n`);
  }
  if (values.history !== undefined) for (const r of all) appendHistory(values.history, r, values.note ?? '');
  return reports.some((r) => r.failures.length > 0) ? 1 : 0;
};
