// binaryen's translate-to-fuzz mode (`wasm-opt -ttf`): turns random bytes into a random valid
// module. The npm package's wasm-opt is an Emscripten program; it is loaded once per process and
// its `main` called per module (~50 ms each) instead of spawning a process (~800 ms).
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

let loading: Promise<EmscriptenModule> | undefined;

/** The wasm-opt program, loaded once (its main may be called many times). */
const wasmOpt = (): Promise<EmscriptenModule> => {
  loading ??= new Promise((resolveModule, reject) => {
    let src = readFileSync(WASM_OPT, 'utf8');
    if (src.startsWith('#!')) src = `//${src}`;
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
      load(mod, createRequire(WASM_OPT), WASM_OPT, dirname(WASM_OPT), process);
    } catch (e) {
      reject(e);
    }
  });
  return loading;
};

/** A generator of random valid modules from random bytes (one scratch folder per generator). */
export class TtfGenerator {
  readonly #dir = mkdtempSync(join(tmpdir(), 'windlass-ttf-'));
  #n = 0;

  private constructor(private readonly opt: EmscriptenModule) {}

  /** Loads wasm-opt (once per process). */
  static async create(): Promise<TtfGenerator> {
    return new TtfGenerator(await wasmOpt());
  }

  /** The module binaryen builds from `seed` (deterministic for the same bytes and features). */
  generate(seed: Uint8Array, features: readonly string[] = TTF_FEATURES): Uint8Array<ArrayBuffer> {
    const input = join(this.#dir, `in${this.#n}.bin`);
    const output = join(this.#dir, `out${this.#n++}.wasm`);
    writeFileSync(input, seed);
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
