/**
 * Tests of runtime/raw-call.ts: exact bits (NaN payloads) through compiled guests,
 * multi-value and reference results, traps, JS-function fallback, raw global reads.
 */
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValType } from '../../abi/types.js';
import { Engine, Func, Global, Linker, Module, Store, Trap } from '../../runtime/index.js';
import type { Instance } from '../../runtime/index.js';
import { callRaw, getGlobalRaw } from '../../runtime/raw-call.js';
import type { RawValue } from '../../runtime/raw-call.js';

const GUEST = `(module
  (func (export "id_f32") (param f32) (result f32) (local.get 0))
  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "mix") (param i64 f64 i32 f32) (result f32 i32 f64 i64)
    (local.get 3) (local.get 2) (local.get 1) (local.get 0))
  (func (export "refs") (param externref i32) (result i32 externref) (local.get 1) (local.get 0))
  (func $f (export "self") (result funcref) (ref.func $f))
  (func (export "null") (result funcref) (ref.null func))
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (global (export "gnan") f32 (f32.const nan:0x200001))
  (global (export "gm") (mut f64) (f64.const -nan:0x4000000000001)))`;

let store: Store;
let inst: Instance;
const fn = (name: string): Func => {
  const f = inst.getExport(name);
  if (!(f instanceof Func)) throw new Error(`${name} is not a function`);
  return f;
};
const bits = (vs: RawValue[]): (bigint | unknown)[] => vs.map((v) => ('bits' in v ? v.bits : v.ref));

beforeAll(async () => {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('guest.wat', GUEST, { multi_value: true, reference_types: true });
  const bytes = mod.toBinary({}).buffer;
  mod.destroy();
  const engine = new Engine();
  store = new Store(engine);
  inst = new Linker(engine).instantiate(store, Module.fromBytes(engine, bytes));
});

describe('callRaw', () => {
  it('keeps f32 and f64 NaN payloads (signalling and negative)', () => {
    for (const b of [0x7fa00001n, 0xffc00000n, 0x7f800001n, 0x80000000n]) {
      expect(bits(callRaw(fn('id_f32'), [{ type: ValType.f32, bits: b }]))).toEqual([b]);
    }
    for (const b of [0x7ff0000000000001n, 0xfff4000000000000n, 0x8000000000000000n]) {
      expect(bits(callRaw(fn('id_f64'), [{ type: ValType.f64, bits: b }]))).toEqual([b]);
    }
  });

  it('passes several numeric values both ways', () => {
    const r = callRaw(fn('mix'), [
      { type: ValType.i64, bits: 0xffffffffffffffffn },
      { type: ValType.f64, bits: 0x7ff8000000000123n },
      { type: ValType.i32, bits: 0x80000000n },
      { type: ValType.f32, bits: 0x7fc00abcn },
    ]);
    expect(r).toEqual([
      { type: ValType.f32, bits: 0x7fc00abcn },
      { type: ValType.i32, bits: 0x80000000n },
      { type: ValType.f64, bits: 0x7ff8000000000123n },
      { type: ValType.i64, bits: 0xffffffffffffffffn },
    ]);
  });

  it('passes references at host level', () => {
    const host = { tag: 1 };
    expect(bits(callRaw(fn('refs'), [{ type: ValType.externref, ref: host }, { type: ValType.i32, bits: 7n }]))).toEqual([7n, host]);
    const self = callRaw(fn('self'), [])[0]!;
    expect('ref' in self && typeof self.ref).toBe('function');
    expect(bits(callRaw(fn('null'), []))).toEqual([null]);
  });

  it('throws a Trap with the code', () => {
    let caught: unknown;
    try { callRaw(fn('div'), [{ type: ValType.i32, bits: 0n }]); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(Trap);
    expect((caught as Trap).code).toBe('IntegerDivisionByZero');
    expect(bits(callRaw(fn('div'), [{ type: ValType.i32, bits: 0xffffffffn }]))).toEqual([0xffffffffn]);
  });

  it('calls JS functions', () => {
    const f = Func.fromJs(store, { params: [ValType.i32, ValType.f64], results: [ValType.i64] }, (a: number, b: number) => BigInt(a) * BigInt(b));
    expect(bits(callRaw(f, [{ type: ValType.i32, bits: 0xfffffffen }, { type: ValType.f64, bits: 0x4008000000000000n }]))).toEqual([0xfffffffffffffffan]);
  });

  it('rejects a wrong argument count', () => {
    expect(() => callRaw(fn('id_f32'), [])).toThrow(TypeError);
  });
});

describe('getGlobalRaw', () => {
  it('reads exact bits of immutable and mutable globals', () => {
    const g = inst.getExport('gnan');
    const m = inst.getExport('gm');
    expect(g).toBeInstanceOf(Global);
    expect(getGlobalRaw(g as Global)).toEqual({ type: ValType.f32, bits: 0x7fa00001n });
    expect(getGlobalRaw(m as Global)).toEqual({ type: ValType.f64, bits: 0xfff4000000000001n });
  });
});
