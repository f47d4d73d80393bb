// `node test/bench/translate-ab.mjs DIST_A [DIST_B] [--filter RE] [--rounds N]`: warm translation
// throughput (MB/s of guest code section) of every Sightglass guest, in this one process, for one or
// two built compilers (`dist` directories: `npx tsc -p tsconfig.build.json` in a checkout). With two,
// both are timed in the same process, rounds alternating which goes first, so that load from other
// processes on a shared machine hits both alike: the way to compare a change with its base (the
// fresh-process `windlass bench` numbers swing with machine load). Each guest: the best per-compile
// time over the rounds. Plain JavaScript, for plain `node`: the builds are compiled already. (A copy
// of `dist` outside a checkout needs a package.json with "type": "module" beside it, or loaders
// such as tsx turn it into CommonJS, which runs several times slower.)
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const filter = new RegExp(option('--filter') ?? '.');
const rounds = Number(option('--rounds') ?? 8);
if (args.length < 1 || args.length > 2) {
  console.error('usage: node test/bench/translate-ab.mjs DIST_A [DIST_B] [--filter RE] [--rounds N]');
  process.exit(2);
}
const importFrom = async (dist, path) => import(pathToFileURL(join(resolve(dist), path)).href);
const compilers = await Promise.all(args.map(async (d) => (await importFrom(d, 'winch/index.js')).compile));
const { wasmSizes } = await importFrom(args[0], 'runtime/bench/wasm-sizes.js');

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sightglass = process.env.WL_SIGHTGLASS ?? resolve(repo, '..', 'shared', 'benchmarks', 'sightglass');
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.wasm') && filter.test(p)) files.push(p);
  }
};
walk(sightglass);
files.sort();

// warm-up: every guest through every compiler, so that the first guest measured finds the JIT warm
const inputs = files.map((f) => new Uint8Array(readFileSync(f)));
for (let r = 0; r < 2; r++) for (const c of compilers) for (const b of inputs) c(b);

const logSums = compilers.map(() => 0);
for (const [n, file] of files.entries()) {
  const bytes = inputs[n];
  const code = wasmSizes(bytes).code;
  // about 1.5 MB of input per timed batch: small guests repeat more
  const batch = Math.max(3, Math.round(1.5e6 / bytes.length));
  for (const c of compilers) for (let i = 0; i < 3; i++) c(bytes);
  const best = compilers.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < compilers.length; k++) {
      const j = r % 2 === 0 ? k : compilers.length - 1 - k;
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) compilers[j](bytes);
      best[j] = Math.min(best[j], (performance.now() - t0) / batch);
    }
  }
  const cells = best.map((ms, j) => {
    const mbps = code / 1e3 / ms;
    logSums[j] += Math.log(mbps);
    return `${ms.toFixed(3).padStart(8)} ms ${mbps.toFixed(1).padStart(6)} MB/s`;
  });
  const ratio = best.length === 2 ? `  x${(best[0] / best[1]).toFixed(3)}` : '';
  console.log(`${`${basename(dirname(file))}/${basename(file)}`.padEnd(36)}${cells.join('  |')}${ratio}`);
}
console.log(`geomean MB/s: ${logSums.map((s) => Math.exp(s / files.length).toFixed(2)).join('  |  ')}`);
