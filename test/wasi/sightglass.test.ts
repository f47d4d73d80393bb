/**
 * End-to-end: Sightglass benchmark programs (WASI commands in C and Rust, ../shared/benchmarks)
 * run through Windlass with our WASI, their folder preopened as `.` and `bench.start/end` as
 * no-ops; stdout and stderr must match the expected files byte for byte. Skipped without the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, Func, Linker, Module, Store } from '../../runtime/index.js';
import { NodeFileSystem } from '../../runtime/node/wasi-fs.js';
import { Wasi, collectOutput } from '../../runtime/wasi/index.js';
import { SIGHTGLASS_DIR } from '../shared-paths.js';

/** [folder, program] pairs that finish in well under a second each. */
const PROGRAMS: readonly (readonly [string, string])[] = [
  ['noop', 'benchmark'], ['quicksort', 'benchmark'], ['blake3-scalar', 'benchmark'], ['bz2', 'benchmark'],
  ['pulldown-cmark', 'benchmark'], ['shootout', 'shootout-ackermann'], ['shootout', 'shootout-gimli'],
  ['shootout', 'shootout-keccak'], ['shootout', 'shootout-xchacha20'], ['shootout', 'shootout-memmove'],
];

const present = existsSync(SIGHTGLASS_DIR);
const noop = { params: [], results: [] };

describe.skipIf(!present)('Sightglass programs through Windlass + WASI', () => {
  const engine = new Engine();
  for (const [folder, name] of PROGRAMS) {
    it(`${folder}/${name}`, () => {
      const dir = join(SIGHTGLASS_DIR, folder);
      const module = Module.fromBytes(engine, new Uint8Array(readFileSync(join(dir, `${name}.wasm`))));
      const store = new Store(engine);
      const stdout = collectOutput();
      const stderr = collectOutput();
      let marks = 0;
      const wasi = new Wasi({ args: [name], preopens: { '.': new NodeFileSystem(dir) }, stdout, stderr });
      const linker = new Linker(engine).defineWasi(store, wasi)
        .define('bench', 'start', Func.fromJs(store, noop, () => { marks++; }))
        .define('bench', 'end', Func.fromJs(store, noop, () => { marks++; }));
      expect(wasi.start(linker.instantiate(store, module))).toBe(0);
      expect(marks).toBe(2);
      for (const [kind, out] of [['stdout', stdout], ['stderr', stderr]] as const) {
        const expected = join(dir, `${name}.${kind}.expected`);
        if (existsSync(expected)) expect(out.text()).toBe(readFileSync(expected, 'utf8'));
      }
    });
  }
});
