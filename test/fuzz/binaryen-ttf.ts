// binaryen's translate-to-fuzz mode (`wasm-opt -ttf`): turns random bytes into a random valid
// module. The npm package's wasm-opt is an Emscripten program; it is loaded once per process and
// its `main` called per module (~50 ms each) instead of spawning a process (~800 ms).
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WASM_OPT = join(root, 'node_modules/binaryen/bin/wasm-opt');

/**
 * Features of the generated modules: what Node 20 runs natively (the differential's reference),
 * SIMD included. `--fuzz-exec`-style instrumentation (hang limits) is part of -ttf itself.
 */
export const TTF_FEATURES = [
  '--mvp-features', '--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
  '--enable-multivalue', '--enable-reference-types', '--enable-mutable-globals', '--enable-simd',
] as const;

interface EmscriptenModule {
  noInitialRun: boolean;
  quit: (status: number, e: unknown) => never;
  print: (s: string) => void;
  printErr: (s: string) => void;
  onRuntimeInitialized?: () => void;
  callMain?: (args: string[]) => number;
}

let source: string | undefined;

/** `require` for wasm-opt whose `fs` drops writes to stdout/stderr (it warns on every run). */
const quietRequire = (req: NodeJS.Require): ((id: string) => unknown) => {
  const quietFs = {
    ...fs,
    writeSync: (fd: number, data: NodeJS.ArrayBufferView | string, ...rest: unknown[]): number =>
      fd === 1 || fd === 2
        ? (typeof data === 'string' ? Buffer.byteLength(data) : (rest[1] as number | undefined) ?? data.byteLength)
        : (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest),
  };
  return (id: string) => (id === 'fs' || id === 'node:fs' ? quietFs : req(id));
};

/** A fresh instance of the wasm-opt program (its main may be called many times). */
const wasmOpt = (): Promise<EmscriptenModule> =>
  new Promise((resolveModule, reject) => {
    if (source === undefined) {
      source = readFileSync(WASM_OPT, 'utf8');
      if (source.startsWith('#!')) source = `//${source}`;
    }
    const src = source;
    const mod: EmscriptenModule = {
      noInitialRun: true,
      quit: (_status, e) => { throw e; },
      print: () => {},
      printErr: () => {},
    };
    mod.onRuntimeInitialized = () => resolveModule(mod);
    try {
      // the program is a script expecting `Module`, `require` and friends in scope
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const load = new Function('Module', 'require', '__filename', '__dirname', 'process',
        `${src}\n;Module.callMain = callMain;`) as (...a: unknown[]) => void;
      load(mod, quietRequire(createRequire(WASM_OPT)), WASM_OPT, dirname(WASM_OPT), process);
    } catch (e) {
      reject(e);
    }
  });

/**
 * wasm-opt's heap wears out after about 1,300 calls of its main (it then crashes), so a generator
 * starts a fresh instance every this many modules.
 */
export const TTF_RECYCLE = 400;

/** A generator of random valid modules from random bytes (one scratch folder per generator). */
export class TtfGenerator {
  readonly #dir = mkdtempSync(join(tmpdir(), 'windlass-ttf-'));
  #n = 0;
  #uses = 0;

  private constructor(private opt: EmscriptenModule) {}

  /** Loads wasm-opt. */
  static async create(): Promise<TtfGenerator> {
    return new TtfGenerator(await wasmOpt());
  }

  /** Whether the next `generate` needs a fresh wasm-opt (call `refresh` first). */
  get worn(): boolean {
    return this.#uses >= TTF_RECYCLE;
  }

  /** Starts a fresh wasm-opt instance (after `worn`, or after a crash). */
  async refresh(): Promise<void> {
    this.opt = await wasmOpt();
    this.#uses = 0;
  }

  /** The module binaryen builds from `seed` (deterministic for the same bytes and features). */
  generate(seed: Uint8Array, features: readonly string[] = TTF_FEATURES): Uint8Array<ArrayBuffer> {
    const input = join(this.#dir, `in${this.#n}.bin`);
    const output = join(this.#dir, `out${this.#n++}.wasm`);
    writeFileSync(input, seed);
    this.#uses++;
    this.opt.callMain!(['-ttf', input, ...features, '-o', output]);
    const bytes = new Uint8Array(readFileSync(output));
    rmSync(input);
    rmSync(output);
    return bytes;
  }

  /** Removes the scratch folder. */
  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
