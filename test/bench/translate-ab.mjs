// `node test/bench/translate-ab.mjs DIST_A [DIST_B] [--filter RE] [--rounds N]`: warm translation
// throughput (MB/s of guest code section) of every Sightglass guest for one or two built compilers
// (`dist` directories: `npx tsc -p tsconfig.build.json` in a checkout). Each round runs every build
// once, in a fresh process of its own (one heap per build: a build that allocates more must not
// slow the other), the builds' order alternating from round to round, so that load from other
// processes on a shared machine hits both alike: the way to compare a change with its base (the
// fresh-process `windlass bench` numbers swing with machine load). Per guest: the best time of a
// compile over every batch of every round. Plain JavaScript, for plain `node`: the builds are
// compiled already. (A copy of `dist` outside a checkout needs a package.json with "type": "module"
// beside it, or loaders such as tsx turn it into CommonJS, which runs several times slower.)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const importFrom = async (dist, path) => import(pathToFileURL(join(resolve(dist), path)).href);

/** Worker: `--worker DIST FILE...` prints the best per-compile time (ms) of each file, as JSON. */
const worker = async (dist, files) => {
  const { compile } = await importFrom(dist, 'winch/index.js');
  const inputs = files.map((f) => new Uint8Array(readFileSync(f)));
  // warm-up: every guest twice, so that the first guest measured finds the JIT warm
  for (let r = 0; r < 2; r++) for (const b of inputs) compile(b);
  const best = inputs.map((bytes) => {
    // about 1.5 MB of input per timed batch: small guests repeat more
    const batch = Math.max(3, Math.round(1.5e6 / bytes.length));
    let ms = Infinity;
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) compile(bytes);
      ms = Math.min(ms, (performance.now() - t0) / batch);
    }
    return ms;
  });
  process.stdout.write(JSON.stringify(best));
};

const args = process.argv.slice(2);
if (args[0] === '--worker') {
  await worker(args[1], args.slice(2));
} else {
  const option = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const filter = new RegExp(option('--filter') ?? '.');
  const rounds = Number(option('--rounds') ?? 3);
  if (args.length < 1 || args.length > 2) {
    console.error('usage: node test/bench/translate-ab.mjs DIST_A [DIST_B] [--filter RE] [--rounds N]');
    process.exit(2);
  }
  const repo = resolve(dirname(self), '../..');
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
  const { wasmSizes } = await importFrom(args[0], 'runtime/bench/wasm-sizes.js');
  const best = args.map(() => files.map(() => Infinity));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < args.length; k++) {
      const j = r % 2 === 0 ? k : args.length - 1 - k;
      const out = execFileSync(process.execPath, [self, '--worker', args[j], ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
      JSON.parse(out).forEach((ms, n) => { best[j][n] = Math.min(best[j][n], ms); });
    }
  }
  const logSums = args.map(() => 0);
  files.forEach((file, n) => {
    const code = wasmSizes(new Uint8Array(readFileSync(file))).code;
    const cells = best.map((b, j) => {
      const mbps = code / 1e3 / b[n];
      logSums[j] += Math.log(mbps);
      return `${b[n].toFixed(3).padStart(8)} ms ${mbps.toFixed(1).padStart(6)} MB/s`;
    });
    const ratio = best.length === 2 ? `  x${(best[0][n] / best[1][n]).toFixed(3)}` : '';
    console.log(`${`${basename(dirname(file))}/${basename(file)}`.padEnd(36)}${cells.join('  |')}${ratio}`);
  });
  console.log(`geomean MB/s: ${logSums.map((s) => Math.exp(s / files.length).toFixed(2)).join('  |  ')}`);
}
