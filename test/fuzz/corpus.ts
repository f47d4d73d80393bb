// Seed inputs for fuzzing: the example guests, the spec test suite's binaries (with their
// expected validity from the JSON scripts) and the saved regression inputs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPECTEST_DIR as SHARED_SPECTEST_DIR } from '../shared-paths.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SPECTEST_DIR = process.env['WL_SPECTEST'] ?? SHARED_SPECTEST_DIR;
export const REGRESSIONS_DIR = join(root, 'test/fuzz/regressions');

export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** 'valid' for spec `module` commands and examples; 'invalid' for assert_invalid/assert_malformed. */
  readonly expect: 'valid' | 'invalid' | 'unknown';
}

const readSeed = (path: string, name: string, expect: Seed['expect']): Seed =>
  ({ name, bytes: new Uint8Array(readFileSync(path)), expect });

export const exampleSeeds = (): Seed[] => {
  const dir = join(root, 'examples/guests');
  return readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort()
    .map((f) => readSeed(join(dir, f), `examples/${f}`, 'valid'));
};

export const regressionSeeds = (): Seed[] => {
  if (!existsSync(REGRESSIONS_DIR)) return [];
  return readdirSync(REGRESSIONS_DIR).filter((f) => f.endsWith('.wasm')).sort()
    .map((f) => readSeed(join(REGRESSIONS_DIR, f), `regressions/${f}`, 'unknown'));
};

interface Command { readonly type: string; readonly filename?: string; readonly module_type?: string; }

/** Binary modules of the spec scripts in `folders` (e.g. 'core'), with their expected validity. */
export const spectestSeeds = (folders: readonly string[]): Seed[] => {
  const out: Seed[] = [];
  for (const folder of folders) {
    const dir = join(SPECTEST_DIR, folder);
    if (!existsSync(dir)) continue;
    for (const script of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const { commands } = JSON.parse(readFileSync(join(dir, script), 'utf8')) as { commands: Command[] };
      for (const c of commands) {
        if (!c.filename || !c.filename.endsWith('.wasm') || c.module_type === 'text') continue;
        const expect = c.type === 'module' ? 'valid'
          : c.type === 'assert_invalid' || c.type === 'assert_malformed' ? 'invalid' : 'valid';
        const path = join(dir, c.filename);
        if (existsSync(path)) out.push(readSeed(path, `${folder}/${c.filename}`, expect));
      }
    }
  }
  return out;
};

/** Spec modules whose every prefix is compiled (a few KB each, varied sections and operators). */
export const PREFIX_SEED_NAMES = [
  'address.0.wasm', 'block.0.wasm', 'br_if.0.wasm', 'call_indirect.0.wasm', 'conversions.0.wasm',
  'data.0.wasm', 'elem.0.wasm', 'global.0.wasm', 'i64.0.wasm', 'if.0.wasm', 'imports.0.wasm',
  'left-to-right.0.wasm', 'local_tee.0.wasm', 'loop.0.wasm', 'select.0.wasm',
];

export const prefixSeeds = (): Seed[] => [
  ...exampleSeeds(),
  ...PREFIX_SEED_NAMES.map((f) => join(SPECTEST_DIR, 'core', f)).filter(existsSync)
    .map((p) => readSeed(p, `core/${p.split('/').pop()!}`, 'valid')),
];
