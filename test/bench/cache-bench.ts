// Compiled-artifact cache: Module.deserialize (+ instantiate) against Module.fromBytes
// (+ instantiate) of the same guest, median ms, and the speed-ups.
// V8 caches host compilations of identical bytes in-process, so both paths pay the host engine's
// compile only once: the comparison is Windlass's compiler against the artifact decoder.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Engine, Func, Linker, Module, Store, Wasi } from '../../runtime/index.js';
import { fmt, median } from './stats.js';
import { printTable } from './table.js';

export interface CacheBenchRow {
  readonly guest: string;
  readonly guestKiB: number;
  readonly artifactKiB: number;
  readonly compileMs: number;
  readonly deserializeMs: number;
  readonly speedup: number;
  /** The module alone (`fromBytes` vs `deserialize`), without instantiation. */
  readonly compileOnlyMs: number;
  readonly deserializeOnlyMs: number;
  readonly moduleSpeedup: number;
  readonly error?: string;
}

export interface CacheBenchOptions {
  readonly files: readonly string[];
  readonly rounds: number;
}

const noop = { params: [], results: [] } as const;

/**
 * A fresh store and a linker with WASI (nothing preopened) and no-op `bench` imports: prepared
 * outside the timed region, since a WASI context is per-run work that does not depend on how
 * the module was obtained.
 */
const prepare = (engine: Engine): { store: Store; linker: Linker } => {
  const store = new Store(engine);
  const linker = new Linker(engine).defineWasi(store, new Wasi());
  linker.define('bench', 'start', Func.wrap(store, noop, () => {})).define('bench', 'end', Func.wrap(store, noop, () => {}));
  return { store, linker };
};

const geomean = (xs: readonly number[]): number =>
  Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / Math.max(1, xs.length));

export const runCacheBench = (o: CacheBenchOptions): CacheBenchRow[] => {
  const engine = new Engine();
  const rows: CacheBenchRow[] = [];
  for (const file of o.files) {
    const guest = `${basename(dirname(file))}/${basename(file)}`;
    const bytes = new Uint8Array(readFileSync(file));
    try {
      const artifact = Module.fromBytes(engine, bytes).serialize();
      const samples = { compile: [] as number[], deserialize: [] as number[], compileOnly: [] as number[], deserializeOnly: [] as number[] };
      for (let r = 0; r < o.rounds; r++) {
        for (const which of r % 2 === 0 ? ['c', 'd'] : ['d', 'c']) {
          const { store, linker } = prepare(engine);
          const t0 = performance.now();
          const module = which === 'c' ? Module.fromBytes(engine, bytes) : Module.deserialize(engine, artifact);
          const t1 = performance.now();
          linker.instantiate(store, module);
          const t2 = performance.now();
          (which === 'c' ? samples.compile : samples.deserialize).push(t2 - t0);
          (which === 'c' ? samples.compileOnly : samples.deserializeOnly).push(t1 - t0);
        }
      }
      const c = median(samples.compile);
      const d = median(samples.deserialize);
      const co = median(samples.compileOnly);
      const dO = median(samples.deserializeOnly);
      rows.push({
        guest, guestKiB: bytes.length / 1024, artifactKiB: artifact.length / 1024, compileMs: c, deserializeMs: d, speedup: c / d,
        compileOnlyMs: co, deserializeOnlyMs: dO, moduleSpeedup: co / dO,
      });
    } catch (e) {
      rows.push({
        guest, guestKiB: bytes.length / 1024, artifactKiB: NaN, compileMs: NaN, deserializeMs: NaN, speedup: NaN,
        compileOnlyMs: NaN, deserializeOnlyMs: NaN, moduleSpeedup: NaN, error: String(e),
      });
    }
  }
  const ok = rows.filter((r) => r.error === undefined);
  printTable(
    'Module cache: compile vs deserialize, alone and followed by instantiation (ms, median)',
    ['guest', 'guest KiB', 'artifact KiB', 'compile', 'deser', 'speed-up', 'compile+inst', 'deser+inst', 'speed-up'],
    [
      ...rows.map((r) => [r.guest, fmt(r.guestKiB, 0), fmt(r.artifactKiB, 0), fmt(r.compileOnlyMs, 2), fmt(r.deserializeOnlyMs, 2),
        `${fmt(r.moduleSpeedup, 1)}x`, fmt(r.compileMs, 2), fmt(r.deserializeMs, 2), r.error ? r.error.slice(0, 40) : `${fmt(r.speedup, 1)}x`]),
      ['geomean', '', '', '', '', `${fmt(geomean(ok.map((r) => r.moduleSpeedup)), 1)}x`, '', '', `${fmt(geomean(ok.map((r) => r.speedup)), 1)}x`],
    ],
    [`${o.rounds} rounds each, alternating order. Instantiation: linker.instantiate with WASI and no-op bench`,
      'imports defined beforehand (outside the timing). Bar: deserialize + instantiate >= 5x faster than compile + instantiate.',
      'Both paths hit V8\'s in-process cache of host compilations; a cold process pays the host compile on both.'],
  );
  return rows;
};
