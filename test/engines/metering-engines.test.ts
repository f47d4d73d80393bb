/**
 * Fuel, call depth, trap codes and guest backtraces on every engine (Node 20, Node 26, Bun,
 * headless Chromium): loops, recursion, bulk memory and a trap of every kind, each reached
 * through a few frames, must give the same results, trap codes, fuel consumed and backtrace
 * functions everywhere; frames carry the same guest offsets wherever the engine reports code
 * offsets (V8; JavaScriptCore's stack frames have none).
 */
import { join } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProbe } from './bundle.js';
import { testableEngines, REPO_ROOT } from './engines.js';
import type { MeteringCase, MeteringOutput } from './probes/metering-probe-types.js';
import { closeBrowser, runOnEngines } from './run-on-engine.js';
import type { EngineRun } from './run-on-engine.js';

const GUEST = `(module $metered
  (memory (export "memory") 1 4)
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table 4 funcref)
  (elem (i32.const 0) $fib $wrongsig)
  (func $count (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $bulk (export "bulk") (param $n i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 7) (local.get $n))
    (memory.copy (i32.const 100) (i32.const 0) (local.get $n))
    (i32.add (i32.load8_u (i32.const 150)) (call $count (i32.const 3))))
  (func $wrongsig (param i64))
  (func $spin (export "spin") (loop $l (br $l)))
  (func $down (export "down") (param $n i32) (result i32)
    (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func $fault (param $k i32) (result i32)
    (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 (local.get $k)))
      (unreachable))
      (return (i32.div_u (i32.const 1) (i32.sub (local.get $k) (i32.const 1)))))
      (return (i32.div_s (i32.const 0x80000000) (i32.const -1))))
      (return (i32.trunc_f64_s (f64.const nan))))
      (return (i32.load offset=4 (i32.const 262140))))
      (return (call_indirect (type $ii) (i32.const 7) (i32.const 10))))
      (return (call_indirect (type $ii) (i32.const 7) (i32.const 3))))
      (call_indirect (type $v) (i32.const 1))
      (return (i32.const 0)))
    (memory.fill (i32.const 262000) (i32.const 0) (i32.const 1000))
    (i32.const 0))
  (func $middle (param $k i32) (result i32) (i32.add (call $fault (local.get $k)) (i32.const 1)))
  (func (export "fault") (param $k i32) (result i32) (call $middle (local.get $k))))`;

const FAULTS = ['UnreachableCodeReached', 'IntegerDivisionByZero', 'IntegerOverflow', 'BadConversionToInteger',
  'MemoryOutOfBounds', 'TableOutOfBounds', 'IndirectCallToNull', 'BadSignature', 'MemoryOutOfBounds'] as const;

/** Traps the host engine raises itself: JavaScriptCore formats their stacks without wasm frames. */
const HOST_RAISED = new Set(['BadSignature']);

const available = testableEngines();
let runs: EngineRun[] = [];
let cases: MeteringCase[] = [];

beforeAll(async () => {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('metered.wat', GUEST, { bulk_memory: true, reference_types: true });
  parsed.resolveNames();
  const wasm = Buffer.from(parsed.toBinary({ write_debug_names: true }).buffer).toString('base64');
  parsed.destroy();
  const fuel = '1000000000';
  cases = [
    { name: 'count(1000) with fuel', wasm, export: 'count', args: [1000], fuel },
    { name: 'fib(18) with fuel', wasm, export: 'fib', args: [18], fuel },
    { name: 'bulk(5000) with fuel', wasm, export: 'bulk', args: [5000], fuel },
    { name: 'spin out of fuel', wasm, export: 'spin', fuel: '100000' },
    { name: 'fib(25) out of fuel', wasm, export: 'fib', args: [25], fuel: '5000' },
    { name: 'runaway recursion, depth 300', wasm, export: 'down', args: [0], maxCallDepth: 300 },
    { name: 'runaway recursion, depth 300, fuel', wasm, export: 'down', args: [0], maxCallDepth: 300, fuel },
    ...FAULTS.map((code, k) => ({ name: `fault ${k} (${code}) with fuel`, wasm, export: 'fault', args: [k], fuel })),
    ...FAULTS.map((code, k) => ({ name: `fault ${k} (${code})`, wasm, export: 'fault', args: [k] })),
  ];
  const code = await bundleProbe(join(REPO_ROOT, 'test/engines/probes/metering-probe.ts'));
  runs = await runOnEngines(available, code, { cases }, { timeoutMs: 120_000 });
}, 300_000);

afterAll(() => closeBrowser());

describe('metering on every engine', () => {

  it('every engine ran the probe', () => {
    for (const r of runs) expect(r.ok, r.ok ? r.engine : `${r.engine}: ${r.error}`).toBe(true);
    expect(runs.length).toBe(available.length);
  });

  it('gives the same results, traps, fuel consumed and backtrace functions everywhere', () => {
    const outs = runs.filter((r): r is EngineRun & { ok: true } => r.ok).map((r) => ({ id: r.engine, out: r.result as MeteringOutput }));
    expect(outs.length).toBeGreaterThan(0);
    const [ref, ...others] = outs;
    const expected = (k: number) => ref!.out.outcomes[k]!;
    // the reference itself: every fault traps with its code, two guest frames deep at least
    FAULTS.forEach((code, k) => {
      const o = ref!.out.outcomes.find((x) => x.name === `fault ${k} (${code})`)!;
      expect(o.trap, o.name).toBe(code);
      expect(o.backtrace.map((f) => f.funcName).slice(0, 2), o.name).toEqual(['fault', 'middle']);
    });
    expect(ref!.out.outcomes.find((x) => x.name === 'spin out of fuel')!.trap).toBe('OutOfFuel');
    const deep = ref!.out.outcomes.find((x) => x.name === 'runaway recursion, depth 300')!;
    expect(deep.trap).toBe('StackOverflow');
    for (const o of others) {
      o.out.outcomes.forEach((got, k) => {
        const want = expected(k);
        const where = `${o.id} vs ${ref!.id}: ${want.name}`;
        expect(got.value, where).toBe(want.value);
        expect(got.trap, where).toBe(want.trap);
        expect(got.fuelConsumed, where).toBe(want.fuelConsumed);
        if (want.trap !== null && HOST_RAISED.has(want.trap) && (got.backtrace.length === 0 || want.backtrace.length === 0)) return;
        expect(got.backtrace.map((f) => `${f.funcIndex}:${f.funcName}`), where).toEqual(want.backtrace.map((f) => `${f.funcIndex}:${f.funcName}`));
        const offsets = (bt: typeof got.backtrace) => bt.map((f) => f.guestOffset);
        if (got.backtrace.every((f) => f.guestOffset !== null) && want.backtrace.every((f) => f.guestOffset !== null)) {
          expect(offsets(got.backtrace), where).toEqual(offsets(want.backtrace));
        }
      });
    }
    console.log(`metering agrees on ${outs.map((o) => `${o.id} (${o.out.engine})`).join(', ')}`);
  });
});
