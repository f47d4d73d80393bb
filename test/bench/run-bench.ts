// `npm run bench`: the comparison harness (`windlass bench`, runtime/node/bench/) over the default
// suite — Sightglass guests and our kernels, every measurement in a fresh process — then the
// in-process sections: compiler throughput over every guest file, kernels with fuel and a deadline,
// host<->guest call overhead and the artifact cache. Writes test/bench/last-run.json and
// last-run.html. Options: those of `windlass bench` (e.g. --quick, --runs N, --filter RE, --history
// test/bench/history.md) plus --no-sections.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, benchCommand } from '../../runtime/node/bench/bench-command.js';
import { SIGHTGLASS_DIR } from '../shared-paths.js';
import { runCacheBench } from './cache-bench.js';
import { runCallBench } from './call-bench.js';
import { runCompileBench, wasmFilesUnder } from './compile-bench.js';
import { runKernelBench } from './kernel-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const guestDir = join(root, 'examples/guests');
const sightglass = process.env['WL_SIGHTGLASS'] ?? SIGHTGLASS_DIR;

/** The in-process micro-benchmarks (one process, JIT warm), printed as tables and returned for the JSON report. */
const sections = async (quick: boolean): Promise<Record<string, unknown>> => {
  const started = performance.now();
  const compile = runCompileBench({
    files: [...wasmFilesUnder(guestDir), ...wasmFilesUnder(sightglass)],
    perFileBudgetMs: quick ? 100 : 700,
    minRuns: 3,
    root,
  });
  const kernels = await runKernelBench({ guestDir, warmup: quick ? 1 : 3, rounds: quick ? 3 : 21, budgetMs: quick ? 1000 : 10_000 });
  const calls = await runCallBench({ calls: quick ? 20_000 : 100_000, rounds: quick ? 5 : 15 });
  const cache = runCacheBench({
    files: [
      ...['sqlite3/sqlite3.wasm', 'regex/benchmark.wasm', 'pulldown-cmark/benchmark.wasm', 'rust-json/benchmark.wasm',
        'bz2/benchmark.wasm', 'quicksort/benchmark.wasm'].map((f) => join(sightglass, f)).filter((f) => existsSync(f)),
      join(root, 'examples/wasi/transform.wasm'), join(guestDir, 'sieve.wasm'),
    ],
    rounds: quick ? 3 : 9,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nin-process sections took ${seconds.toFixed(1)} s`);
  return { note: 'in-process micro-benchmarks (one process, JIT warm)', seconds, compile, kernels, calls, cache };
};

const argv = process.argv.slice(2);
const withSections = !argv.includes('--no-sections');
try {
  process.exitCode = await benchCommand(argv.filter((a) => a !== '--no-sections'), {
    defaultJson: join(here, 'last-run.json'),
    defaultHtml: join(here, 'last-run.html'),
    ...(withSections ? { sections } : {}),
  });
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = e instanceof BenchUsageError ? 2 : 1;
}
