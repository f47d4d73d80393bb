// `npm run bench`: kernel run times (native vs Windlass), compiler throughput, host<->guest call
// overhead and the compiled-artifact cache,
// printed as tables and written to test/bench/last-run.json. Takes about 1–2 minutes.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGHTGLASS_DIR } from '../shared-paths.js';
import { runCompileBench, wasmFilesUnder } from './compile-bench.js';
import { runKernelBench } from './kernel-bench.js';
import { runCallBench } from './call-bench.js';
import { runCacheBench } from './cache-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const guestDir = join(root, 'examples/guests');
const sightglass = process.env['WL_SIGHTGLASS'] ?? SIGHTGLASS_DIR;
const quick = process.argv.includes('--quick');

const started = performance.now();
// compile section first, so its first compile is as cold as it gets in this process
const compileResults = runCompileBench({
  files: [...wasmFilesUnder(guestDir), ...wasmFilesUnder(sightglass)],
  perFileBudgetMs: quick ? 100 : 700,
  minRuns: 3,
  root,
});
const kernelResults = await runKernelBench({
  guestDir, warmup: quick ? 1 : 3, rounds: quick ? 3 : 21, budgetMs: quick ? 1000 : 10_000,
});
const callResults = await runCallBench({ calls: quick ? 20_000 : 100_000, rounds: quick ? 5 : 15 });
const cacheResults = runCacheBench({
  files: [
    ...['sqlite3/sqlite3.wasm', 'regex/benchmark.wasm', 'pulldown-cmark/benchmark.wasm', 'rust-json/benchmark.wasm',
      'bz2/benchmark.wasm', 'quicksort/benchmark.wasm'].map((f) => join(sightglass, f)).filter((f) => existsSync(f)),
    join(root, 'examples/wasi/transform.wasm'), join(guestDir, 'sieve.wasm'),
  ],
  rounds: quick ? 3 : 9,
});
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\nbench finished in ${totalSeconds.toFixed(1)} s`);

const report = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform}-${process.arch}`,
  totalSeconds,
  kernels: kernelResults,
  compile: compileResults,
  calls: callResults,
  cache: cacheResults,
};
writeFileSync(join(here, 'last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
