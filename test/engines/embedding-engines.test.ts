/**
 * The embedding subset on every engine (Node 20, Node 26, Bun, headless Chromium): spec smoke
 * scripts, the API's calling paths (Func.wrap / Func.new / TypedFunc / Func.call with v128,
 * reentrancy, traps, shadowing), serialize/deserialize, memory views, and the WASI example
 * programs on the in-memory file system. The runtime core is bundled for the neutral platform
 * (no Node-only import may reach it); every engine must agree with node:wasi running the same
 * WASI programs natively, and with the expected API results.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECTEST_DIR } from '../shared-paths.js';
import { example, runNodeWasi, snapshotTree, tempDir } from '../wasi/harness.js';
import type { RunResult } from '../wasi/harness.js';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT } from './engines.js';
import type { EmbeddingProbeInput, EmbeddingProbeOutput } from './probes/embedding-probe-types.js';
import { closeBrowser, runOnEngines } from './run-on-engine.js';
import type { EngineRun } from './run-on-engine.js';

/** Spec scripts with no known failures, covering numerics, memory, calls, traps and bulk memory. */
const SPEC_SMOKE = [
  'core/i32', 'core/i64', 'core/f32', 'core/conversions', 'core/address', 'core/memory', 'core/memory_grow',
  'core/call_indirect', 'core/traps', 'core/int_exprs', 'core/left-to-right', 'core/fac', 'core/call',
  'core/memory_trap', 'core/switch', 'core/unwind', 'bulk-memory/memory_fill',
];

const API_GUEST = `(module
  (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result i64 f64)))
  (import "env" "dyn" (func $dyn (param i64 v128) (result v128 i32)))
  (import "env" "reenter" (func $re (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "mix") (result i64 f64) (call $mix (i32.const -3) (i64.const 0x123456789) (f32.const 1.5) (f64.const -2)))
  (func (export "dyn") (param i64) (result v128 i32) (call $dyn (local.get 0) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))
  (func (export "splat") (param i32) (result v128) (i8x16.splat (local.get 0)))
  (func (export "down") (param i32) (result i32) (call $re (local.get 0)))
  (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

const TEXT = 'one two three\nfour five\n\nsix\n';

/** WASI programs and their inputs (the same for every engine and for node:wasi). */
const WASI_PROGRAMS = [
  { name: 'transform', args: ['/data/in.txt', '/data/out.txt'], env: {}, stdin: '', preopen: '/data', files: { 'in.txt': TEXT } },
  { name: 'fsops', args: ['/sandbox'], env: {}, stdin: '', preopen: '/sandbox', files: { 'keep.txt': 'keep\n' } },
  { name: 'envargs', args: ['3', 'x y'], env: { HOME: '/home/guest', LANG: 'C' }, stdin: '' },
  { name: 'stdin-wc', args: [], env: {}, stdin: TEXT.repeat(7) },
] as const;

const toBase64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

const specInput = (id: string): EmbeddingProbeInput['spec'][number] => {
  const json = join(SPECTEST_DIR, `${id}.json`);
  const script = JSON.parse(readFileSync(json, 'utf8')) as { commands: { filename?: string }[] };
  const dir = join(SPECTEST_DIR, id.split('/')[0]!);
  const modules: Record<string, string> = {};
  for (const c of script.commands) {
    if (c.filename !== undefined && existsSync(join(dir, c.filename))) modules[c.filename] = toBase64(readFileSync(join(dir, c.filename)));
  }
  return { id, commands: script.commands, modules };
};

const available = testableEngines();
const runs = new Map<string, EngineRun>();
const reference = new Map<string, RunResult & { files: Record<string, string> }>();
const specPresent = existsSync(SPECTEST_DIR);

beforeAll(async () => {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('api.wat', API_GUEST, { simd: true, multi_value: true });
  parsed.resolveNames();
  const guest = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
  parsed.destroy();
  const input: EmbeddingProbeInput = {
    spec: specPresent ? SPEC_SMOKE.map(specInput) : [],
    wasi: WASI_PROGRAMS.map((p) => ({ ...p, args: [example(p.name), ...p.args], wasm: toBase64(readFileSync(example(p.name))) })),
    api: { guest: toBase64(guest) },
  };
  // node:wasi, natively, on real directories: the reference for every engine's WASI output
  for (const p of WASI_PROGRAMS) {
    const dir = tempDir('files' in p ? p.files : {});
    try {
      const r = await runNodeWasi(example(p.name), { args: p.args, env: p.env, stdin: p.stdin }, 'preopen' in p ? { [p.preopen]: dir } : {});
      const files = Object.fromEntries(Object.entries(snapshotTree(dir)).filter(([k]) => !k.endsWith('/'))
        .map(([k, hex]) => [k, Buffer.from(hex, 'hex').toString('utf8')]));
      reference.set(p.name, { ...r, files });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const code = await bundleProbe(join(REPO_ROOT, 'test/engines/probes/embedding-probe.ts'));
  for (const r of await runOnEngines(available, code, input, { timeoutMs: 150_000 })) runs.set(r.engine, r);
}, 300_000);
afterAll(closeBrowser);

const outputOf = (id: string): EmbeddingProbeOutput => {
  const r = runs.get(id)!;
  if (!r.ok) throw new Error(`${id} failed to run the probe: ${r.error}`);
  return r.result as EmbeddingProbeOutput;
};

const hex = (...b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');

/** What every engine must report for the API checks (see the probe). */
const EXPECTED_API: Record<string, string> = {
  typedAdd: `${(1n << 40n) - 5n}n`,
  wrapMix: JSON.stringify([[`${0x123456789n * 3n - 3n}n`, -3], [-3, `${0x123456789n}n`, 1.5, -2]]),
  newDynV128: JSON.stringify([hex(...Array.from({ length: 16 }, (_, i) => i ^ 7)), 15]),
  callV128: hex(...new Array(16).fill(0xf2)),
  typedV128: hex(...new Array(16).fill(3)),
  reentrant: '1023',
  trapDynamic: 'threw Trap IntegerDivisionByZero',
  trapTyped: 'threw Trap IntegerDivisionByZero',
  typeMismatch: 'threw TypeError: function `div` has type [i32 i32] -> [i32], not [i32] -> [i32]',
  memoryViews: JSON.stringify([65536, false, 131072, 131072, true]),
};

describe('embedding subset on every engine', () => {
  for (const e of available) {
    describe(e.label, () => {
      it.skipIf(!specPresent)('spec smoke scripts pass', () => {
        const spec = outputOf(e.id).spec;
        expect(spec.map((s) => s.id)).toEqual(SPEC_SMOKE);
        for (const s of spec) {
          expect(s.failures, s.id).toEqual([]);
          expect(s.passed, s.id).toBeGreaterThan(0);
        }
      });

      it('WASI programs behave as they do natively under node:wasi', () => {
        for (const w of outputOf(e.id).wasi) {
          const ref = reference.get(w.name)!;
          expect(w.error, w.name).toBeUndefined();
          expect({ code: w.code, stdout: w.stdout, stderr: w.stderr }, w.name).toEqual({ code: ref.code, stdout: ref.stdout, stderr: ref.stderr });
          if (w.name === 'transform' || w.name === 'fsops') expect(w.files, w.name).toEqual(ref.files);
        }
      });

      it('API calls, traps, views and the artifact cache give the expected results', () => {
        const api = outputOf(e.id).api;
        for (const [k, v] of Object.entries(EXPECTED_API)) expect(api[k], k).toBe(v);
        expect(api['shadowing']).toMatch(/^threw LinkError: `env`.`mix` is defined twice/);
        expect(api['deserializeOtherConfig']).toMatch(/^threw DeserializeError: cannot deserialize module: compiled with engine configuration/);
        expect(JSON.parse(api['serialize']!)[2]).toBe('42n');
      });
    });
  }

  it('every engine produces the same serialized artifact and spec counts as the first', () => {
    const outs = available.map((e) => outputOf(e.id));
    for (const o of outs.slice(1)) {
      expect(o.api['serialize']).toBe(outs[0]!.api['serialize']);
      expect(o.spec.map((s) => [s.id, s.passed, s.skipped])).toEqual(outs[0]!.spec.map((s) => [s.id, s.passed, s.skipped]));
    }
  });
});

// Keep the list honest: every smoke script exists in the corpus.
it.skipIf(!specPresent)('the smoke scripts exist', () => {
  const have = new Set(readdirSync(join(SPECTEST_DIR, 'core')).map((f) => `core/${f}`));
  for (const id of SPEC_SMOKE.filter((s) => s.startsWith('core/'))) expect(have.has(`${id}.json`), id).toBe(true);
});
