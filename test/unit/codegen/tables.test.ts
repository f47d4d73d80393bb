/**
 * Tables and references: table.get/set/size/grow/fill/copy/init, elem.drop,
 * multiple tables, ref.null/is_null/func, and call_indirect's null / signature / bounds traps.
 */
import { describe, expect, it } from 'vitest';
import { instantiate, trapOf, wat } from './harness.js';

describe('call_indirect', () => {
  const src = `(module
    (type $v_i (func (result i32)))
    (type $i_i (func (param i32) (result i32)))
    (table $t 4 funcref)
    (table $u 2 funcref)
    (elem (table $t) (i32.const 0) func $one $two $inc)
    (elem (table $u) (i32.const 1) func $two)
    (func $one (type $v_i) (i32.const 1))
    (func $two (type $v_i) (i32.const 2))
    (func $inc (type $i_i) (i32.add (local.get 0) (i32.const 1)))
    (func (export "call") (param i32) (result i32) (call_indirect $t (type $v_i) (local.get 0)))
    (func (export "call-stack") (param i32) (result i32) (call_indirect $t (type $v_i) (i32.add (local.get 0) (i32.const 0))))
    (func (export "call-const") (result i32) (call_indirect $t (type $v_i) (i32.const 1)))
    (func (export "call-u") (param i32) (result i32) (call_indirect $u (type $v_i) (local.get 0)))
    (func (export "inc") (param i32 i32) (result i32) (call_indirect $t (type $i_i) (local.get 0) (local.get 1)))
  )`;
  const h = instantiate(wat(src));
  it('calls through the table', () => {
    expect(h.fn.call!(0)).toBe(1);
    expect(h.fn['call-stack']!(1)).toBe(2);
    expect(h.fn['call-const']!()).toBe(2);
    expect(h.fn['call-u']!(1)).toBe(2);
    expect(h.fn.inc!(41, 2)).toBe(42);
  });
  it('traps on null, out of bounds and signature mismatch', () => {
    expect(trapOf(() => h.fn.call!(3))).toBe('IndirectCallToNull');
    expect(trapOf(() => h.fn['call-stack']!(3))).toBe('IndirectCallToNull');
    expect(trapOf(() => h.fn['call-u']!(0))).toBe('IndirectCallToNull');
    expect(trapOf(() => h.fn.call!(4))).toBe('TableOutOfBounds');
    expect(trapOf(() => h.fn.call!(-1))).toBe('TableOutOfBounds');
    expect(trapOf(() => h.fn['call-u']!(2))).toBe('TableOutOfBounds');
    // signature mismatch is the host's own check (the runtime maps it to BadSignature)
    expect(trapOf(() => h.fn.call!(2))).toMatch(/^host:.*signature/);
    expect(trapOf(() => h.fn.inc!(1, 0))).toMatch(/^host:.*signature/);
  });
});

describe('table operators', () => {
  const src = `(module
    (table $f 3 10 funcref)
    (table $e 2 externref)
    (elem $p funcref (ref.func $a) (ref.null func) (ref.func $b))
    (elem $q func $b)
    (elem $r (table $f) (i32.const 2) func $b)
    (elem declare func $a)
    (func $a (result i32) (i32.const 10))
    (func $b (result i32) (i32.const 20))
    (func (export "get-null") (param i32) (result i32) (ref.is_null (table.get $f (local.get 0))))
    (func (export "set-e") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
    (func (export "get-e") (param i32) (result externref) (table.get $e (local.get 0)))
    (func (export "size") (result i32) (table.size $f))
    (func (export "grow") (param i32) (result i32) (table.grow $f (ref.func $a) (local.get 0)))
    (func (export "fill") (param i32 i32) (table.fill $f (local.get 0) (ref.func $b) (local.get 1)))
    (func (export "copy") (param i32 i32 i32) (table.copy $f $f (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init") (param i32 i32 i32) (table.init $f $p (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init-q") (param i32 i32 i32) (table.init $f $q (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init-r") (param i32 i32 i32) (table.init $f $r (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop") (elem.drop $p))
    (func (export "call") (param i32) (result i32) (call_indirect $f (result i32) (local.get 0)))
    (func (export "fn") (result funcref) (ref.func $a))
  )`;
  it('behaves per spec with explicit bounds checks', () => {
    const h = instantiate(wat(src));
    const f = h.fn;
    expect(f['get-null']!(0)).toBe(1);
    expect(f['get-null']!(2)).toBe(0);
    expect(trapOf(() => f['get-null']!(3))).toBe('TableOutOfBounds');
    const o = { x: 1 };
    f['set-e']!(1, o);
    expect(f['get-e']!(1)).toBe(o);
    expect(trapOf(() => f['set-e']!(2, o))).toBe('TableOutOfBounds');
    expect(f.size!()).toBe(3);
    expect(f.grow!(2)).toBe(3);
    expect(f.size!()).toBe(5);
    expect(f.grow!(6)).toBe(-1);
    expect(f.call!(4)).toBe(10);
    f.fill!(0, 2);
    expect(f.call!(1)).toBe(20);
    expect(trapOf(() => f.fill!(4, 2))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.fill!(6, 0))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.fill!(5, 0))).toBe('no trap');
    f.init!(2, 0, 3);
    expect(f.call!(2)).toBe(10);
    expect(trapOf(() => f.call!(3))).toBe('IndirectCallToNull');
    expect(f.call!(4)).toBe(20);
    expect(trapOf(() => f.init!(3, 0, 3))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.init!(0, 1, 3))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.init!(0, 3, 0))).toBe('no trap');
    expect(trapOf(() => f.init!(0, 4, 0))).toBe('TableOutOfBounds');
    f.drop!();
    expect(trapOf(() => f.init!(0, 0, 1))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.init!(0, 0, 0))).toBe('no trap');
    expect(trapOf(() => f['init-q']!(0, 0, 0))).toBe('no trap');
    expect(trapOf(() => f['init-q']!(0, 0, 1))).toBe('no trap');
    expect(trapOf(() => f['init-q']!(0, 1, 1))).toBe('TableOutOfBounds');
    // an active segment is dropped once instantiated
    expect(trapOf(() => f['init-r']!(0, 0, 0))).toBe('no trap');
    expect(trapOf(() => f['init-r']!(0, 0, 1))).toBe('TableOutOfBounds');
    f.init!(2, 0, 0);
    f['init-q']!(2, 0, 1);
    f.copy!(0, 2, 3);
    expect(f.call!(0)).toBe(20);
    expect(trapOf(() => f.copy!(3, 0, 3))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.copy!(0, 3, 3))).toBe('TableOutOfBounds');
    expect(typeof f.fn!()).toBe('function');
  });
});

describe('active element segments (!init)', () => {
  it('applies in order and traps out of bounds, keeping earlier writes', () => {
    const src = `(module
      (table (export "t") 2 funcref)
      (func $a (result i32) (i32.const 1))
      (elem (i32.const 0) func $a)
      (elem (i32.const 1) func $a $a))`;
    expect(() => instantiate(wat(src))).toThrow(/TableOutOfBounds/);
    const ok = instantiate(wat(`(module (table 2 funcref) (func $a) (elem (i32.const 2)) (elem (i32.const 0) func $a $a))`));
    expect(ok.tables[0]!.get(1)).not.toBeNull();
    expect(() => instantiate(wat(`(module (table 2 funcref) (elem (i32.const 3)))`))).toThrow(/TableOutOfBounds/);
  });
});
