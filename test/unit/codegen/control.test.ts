/**
 * Control flow codegen: multi-value blocks and functions, br/br_if/br_table with
 * values, loops with params, dead code after unreachable/br/return, and the lazy
 * value stack's local spilling.
 */
import { describe, expect, it } from 'vitest';
import { instantiate, instantiateNative, trapOf, wat } from './harness.js';

/** Compiles with winch and natively; returns both export sets. */
const both = (text: string): [Record<string, (...a: unknown[]) => unknown>, Record<string, (...a: unknown[]) => unknown>] => {
  const b = wat(text);
  return [instantiate(b).fn, instantiateNative(b)];
};

describe('multi-value', () => {
  const src = `(module
    (type $pair (func (param i32 i32) (result i32 i32)))
    (type $bin (func (param i32 i32) (result i32)))
    (func $swap (type $pair) (local.get 1) (local.get 0))
    (func (export "swap") (param i32 i32) (result i32 i32) (call $swap (local.get 0) (local.get 1)))
    (func (export "block-params") (param i32 i32) (result i32)
      (local.get 0) (local.get 1)
      (block (type $bin) (i32.sub))
      (i32.const 100)
      (i32.mul))
    (func (export "loop-params") (param i32) (result i32 i32)
      (i32.const 0) (local.get 0)
      (loop $l (param i32 i32) (result i32 i32)
        (local.set 0)
        (i32.add (local.get 0))
        (i32.sub (local.get 0) (i32.const 1))
        (br_if $l (i32.gt_s (local.get 0) (i32.const 1)))))
    (func (export "if-params") (param i32 i32 i32) (result i32 i32)
      (local.get 0) (local.get 1)
      (if (type $pair) (local.get 2) (then (i32.add) (i32.const 1)) (else (i32.sub) (i32.const 2))))
    (func (export "br-values") (param i32) (result i32 i64)
      (block $b (result i32 i64)
        (br_if $b (i32.const 1) (i64.const 2) (local.get 0))
        (drop) (drop)
        (i32.const 3) (i64.const 4)))
  )`;
  it('matches native', () => {
    const [ours, native] = both(src);
    expect(ours.swap!(1, 2)).toEqual(native.swap!(1, 2));
    expect(ours['block-params']!(10, 3)).toBe(700);
    expect(ours['loop-params']!(5)).toEqual(native['loop-params']!(5));
    expect(ours['loop-params']!(5)).toEqual([15, 0]);
    expect(ours['if-params']!(5, 3, 1)).toEqual([8, 1]);
    expect(ours['if-params']!(5, 3, 0)).toEqual([2, 2]);
    expect(ours['br-values']!(1)).toEqual([1, 2n]);
    expect(ours['br-values']!(0)).toEqual([3, 4n]);
  });
});

describe('br_table', () => {
  it('dispatches with values, and large tables', () => {
    const targets = Array.from({ length: 300 }, (_, i) => i % 3).join(' ');
    const src = `(module
      (func (export "sw") (param i32) (result i32)
        (block $d (result i32)
          (block $c (result i32)
            (block $b (result i32)
              (block $a (result i32)
                (br_table $a $b $c $d (i32.const 10) (local.get 0)))
              (return (i32.add (i32.const 1))))
            (return (i32.add (i32.const 2))))
          (return (i32.add (i32.const 3))))
        (i32.add (i32.const 4)))
      (func (export "big") (param i32) (result i32)
        (block (block (block (br_table ${targets} 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11)))
        (i32.const 12))
    )`;
    const [ours, native] = both(src);
    for (const i of [0, 1, 2, 3, 4, -1, 100]) expect(ours.sw!(i)).toBe(native.sw!(i));
    for (let i = -2; i < 305; i++) expect(ours.big!(i)).toBe(native.big!(i));
  });
});

describe('dead code', () => {
  it('compiles unreachable, br, return followed by anything', () => {
    const src = `(module (memory 1) (table 1 funcref)
      (func (export "a") (result i32)
        (block (result i32) (br 0 (i32.const 7)) (i32.load (i32.const 99999)) (i32.div_s) (call_indirect (result i32))))
      (func (export "b") (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (return (i32.const 1)) (block (result f64) (unreachable)) (i32.trunc_f64_s))
          (else (unreachable) (select) (memory.fill) (i32.const 5))))
      (func (export "c") (result i32)
        (unreachable) (block (result i32) (i32.const 1) (br_table 0 0 (i32.const 0))) (i32.eqz)
        (loop (param i32) (result i32) (br 0)))
      (func (export "d") (param i32) (result i32)
        (loop $l (result i32)
          (br_if $l (i32.eqz (local.get 0)))
          (return (i32.const 42))
          (i32.const 1) (i32.const 2) (i32.add)))
    )`;
    const [ours, native] = both(src);
    expect(ours.a!()).toBe(7);
    expect(ours.b!(1)).toBe(1);
    expect(trapOf(() => ours.b!(0))).toBe('UnreachableCodeReached');
    expect(trapOf(() => ours.c!())).toBe('UnreachableCodeReached');
    expect(ours.d!(1)).toBe(native.d!(1));
  });

  it('emits nothing for code after the frame went dead', () => {
    const tunables = { callDepthChecks: false }; // keeps `return` a host `return` (1 byte)
    const live = instantiate(wat(`(module (func (export "f") (result i32) (i32.const 1)))`), { tunables }).artifact.hostBytes;
    const dead = instantiate(wat(`(module (func (export "f") (result i32) (return (i32.const 1))
      (drop (i32.add (i32.const 1) (i32.const 2))) (block (nop)) (i32.const 9)))`), { tunables }).artifact.hostBytes;
    // the dead version only adds the `return`
    expect(dead.length - live.length).toBeLessThanOrEqual(1);
  });
});

describe('lazy value stack', () => {
  it('spills lazy reads of a local before it is written', () => {
    const src = `(module
      (func (export "f") (param i32) (result i32)
        (local.get 0)
        (local.set 0 (i32.const 5))
        (local.get 0)
        (i32.sub))
      (func (export "tee") (param i32) (result i32 i32 i32)
        (local.get 0) (local.tee 0 (i32.const 9)) (local.get 0))
      (func (export "deep") (param i32 i32) (result i32)
        (local.get 0) (local.get 1) (local.get 0)
        (local.set 0 (i32.const 100))
        (i32.add) (i32.add) (local.get 0) (i32.add))
      (func (export "many") (param i32) (result i32)
        ${'(local.get 0) '.repeat(100)}
        (local.set 0 (i32.const 1))
        ${'(i32.add) '.repeat(99)}
        (local.get 0) (i32.add))
    )`;
    const [ours, native] = both(src);
    expect(ours.f!(12)).toBe(7);
    expect(ours.tee!(3)).toEqual(native.tee!(3));
    expect(ours.deep!(1, 2)).toBe(native.deep!(1, 2));
    expect(ours.many!(3)).toBe(native.many!(3));
  });

  it('select and drop of lazy values', () => {
    const src = `(module
      (func (export "sel") (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
      (func (export "selt") (param externref externref i32) (result externref) (select (result externref) (local.get 0) (local.get 1) (local.get 2)))
      (func (export "dr") (param i32) (result i32) (drop (i32.const 5)) (drop (local.get 0)) (local.get 0)))`;
    const [ours] = both(src);
    expect(ours.sel!(1, 2, 0)).toBe(2);
    expect(ours.sel!(1, 2, 1)).toBe(1);
    const a = {}, b = {};
    expect(ours.selt!(a, b, 1)).toBe(a);
    expect(ours.selt!(a, b, 0)).toBe(b);
    expect(ours.dr!(4)).toBe(4);
  });
});

describe('calls and globals', () => {
  it('recursion, imports and globals', () => {
    const src = `(module
      (import "env" "add" (func $add (param i32 i32) (result i32)))
      (import "env" "g" (global $g i32))
      (global $m (mut i64) (i64.const 5))
      (global (export "c") f64 (f64.const 2.5))
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
          (else (call $add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "gg") (result i32) (global.get $g))
      (func (export "inc") (result i64) (global.set $m (i64.add (global.get $m) (i64.const 1))) (global.get $m))
    )`;
    const imports = { env: { add: (a: number, b: number) => a + b, g: new WebAssembly.Global({ value: 'i32' }, 42) } };
    const h = instantiate(wat(src), { imports });
    expect(h.fn.fib!(20)).toBe(6765);
    expect(h.fn.gg!()).toBe(42);
    expect(h.fn.inc!()).toBe(6n);
    expect(h.fn.inc!()).toBe(7n);
    const g = (h.instance.exports as Record<string, WebAssembly.Global>)['g2']!;
    expect(g.value).toBe(2.5);
  });
});
