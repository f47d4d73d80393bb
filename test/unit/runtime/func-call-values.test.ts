/** Func.call: every value type in and out, i64 as bigint, multi-value results, argument checks. */
import { describe, expect, it } from 'vitest';
import { Func, Trap } from '../../../runtime/index.js';
import { ValType } from '../../../abi/types.js';
import { instantiateWat, setup } from './helpers.js';

const GUEST = `(module
  (func (export "i32") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "i64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)
  (func (export "f32") (param f32) (result f32) local.get 0 f32.const 0.5 f32.add)
  (func (export "f64") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)
  (func (export "swap") (param i32 i64 f64) (result f64 i64 i32) local.get 2 local.get 1 local.get 0)
  (func (export "none"))
  (func $id (export "ext") (param externref) (result externref) local.get 0)
  (func (export "fref") (param funcref) (result funcref) local.get 0)
  (func (export "self") (result funcref) ref.func $id)
  (func (export "isnull") (param externref) (result i32) local.get 0 ref.is_null)
)`;

describe('Func.call values', () => {
  const s = setup();
  const inst = instantiateWat(s, GUEST);
  const f = (name: string): Func => inst.getFunc(name)!;

  it('passes i32 (wrapping) and returns a number', () => {
    expect(f('i32').call(2, 3)).toBe(5);
    expect(f('i32').call(0x7fffffff, 1)).toBe(-0x80000000);
  });

  it('passes i64 as bigint, wraps to 64 bits', () => {
    expect(f('i64').call(1n << 40n, 1n << 10n)).toBe(1n << 50n);
    expect(f('i64').call(1n << 62n, 4n)).toBe(0n);
    expect(f('i64').call(-3n, 5n)).toBe(-15n);
  });

  it('passes f32 (rounded) and f64', () => {
    expect(f('f32').call(1.25)).toBe(1.75);
    expect(f('f32').call(0.1)).toBe(Math.fround(Math.fround(0.1) + 0.5));
    expect(f('f64').call(1, 3)).toBe(1 / 3);
    expect(Number.isNaN(f('f64').call(0, 0) as number)).toBe(true);
  });

  it('returns several results as an array, none as undefined', () => {
    expect(f('swap').call(7, 8n, 9.5)).toEqual([9.5, 8n, 7]);
    expect(f('none').call()).toBeUndefined();
  });

  it('passes externref values (null, undefined, objects) through', () => {
    const o = { x: 1 };
    expect(f('ext').call(o)).toBe(o);
    expect(f('ext').call(null)).toBeNull();
    expect(f('ext').call(undefined)).toBeUndefined();
    expect(f('isnull').call(null)).toBe(1);
    expect(f('isnull').call(undefined)).toBe(0);
  });

  it('passes funcref as Func | null with stable identity', () => {
    expect(f('fref').call(null)).toBeNull();
    expect(f('fref').call(f('i32'))).toBe(f('i32'));
    const self = f('self').call() as Func;
    expect(self).toBeInstanceOf(Func);
    expect(self).toBe(f('ext'));
    expect(self.type).toEqual({ params: [ValType.externref], results: [ValType.externref] });
  });

  it('a reference to a non-exported function is callable (its type may be unknown to the runtime)', () => {
    const inner = instantiateWat(s, `(module
      (func $hidden (param i32) (result i32) local.get 0 i32.const 1 i32.add)
      (elem declare func $hidden)
      (func (export "get") (result funcref) ref.func $hidden))`);
    const h = inner.getFunc('get')!.call() as Func;
    expect(h).toBeInstanceOf(Func);
    expect(inner.getFunc('get')!.call()).toBe(h);
    expect(h.call(41)).toBe(42);
    const type = h.typeIfKnown;
    if (type === undefined) expect(() => h.type).toThrow(/unknown/);
    else expect(type).toEqual({ params: [ValType.i32], results: [ValType.i32] });
  });

  it('reports types of exported functions', () => {
    expect(f('swap').type).toEqual({
      params: [ValType.i32, ValType.i64, ValType.f64],
      results: [ValType.f64, ValType.i64, ValType.i32],
    });
  });

  it('rejects wrong argument counts and types with a clear TypeError', () => {
    expect(() => f('i32').call(1)).toThrow(/expects 2 argument\(s\), got 1/);
    expect(() => f('i64').call(1, 2n)).toThrow(TypeError);
    expect(() => f('i64').call(1, 2n)).toThrow(/argument 0 of function `i64`: expected i64 \(a bigint\), got number 1/);
    expect(() => f('i32').call(1, 2n)).toThrow(/argument 1 .*expected i32/);
    expect(() => f('fref').call(() => 1)).toThrow(/expected funcref/);
  });

  it('does not wrap TypeErrors into Traps', () => {
    let err: unknown;
    try { f('i32').call('x', 1); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(Trap);
  });
});
