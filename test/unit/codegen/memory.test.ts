/**
 * Memory access codegen: explicit bounds checks at the exact edge for every access
 * width and address form (lazy local, constant, computed), offsets near 2^32, and
 * memory.size/grow with the bound reloaded. Canary pages prove our check traps, not the host's.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../winch/index.js';
import { instantiate, trapOf, wat } from './harness.js';

const loads: [string, number, string][] = [
  ['i32.load', 4, 'i32'], ['i64.load', 8, 'i64'], ['f32.load', 4, 'f32'], ['f64.load', 8, 'f64'],
  ['i32.load8_s', 1, 'i32'], ['i32.load8_u', 1, 'i32'], ['i32.load16_s', 2, 'i32'], ['i32.load16_u', 2, 'i32'],
  ['i64.load8_s', 1, 'i64'], ['i64.load8_u', 1, 'i64'], ['i64.load16_s', 2, 'i64'], ['i64.load16_u', 2, 'i64'],
  ['i64.load32_s', 4, 'i64'], ['i64.load32_u', 4, 'i64'],
];
const stores: [string, number, string][] = [
  ['i32.store', 4, 'i32'], ['i64.store', 8, 'i64'], ['f32.store', 4, 'f32'], ['f64.store', 8, 'f64'],
  ['i32.store8', 1, 'i32'], ['i32.store16', 2, 'i32'], ['i64.store8', 1, 'i64'], ['i64.store16', 2, 'i64'], ['i64.store32', 4, 'i64'],
];
const zero = (t: string): string => `(${t}.const 0)`;
const PAGE = 65536;

describe('bounds checks at the exact edge (canary pages behind the bound)', () => {
  const fns: string[] = [];
  for (const [op] of loads) {
    fns.push(`(func (export "${op}") (param i32) (drop (${op} (local.get 0))))`);
    fns.push(`(func (export "${op}/stack") (param i32) (drop (${op} (i32.add (local.get 0) (i32.const 0)))))`);
    fns.push(`(func (export "${op}/off") (param i32) (drop (${op} offset=100 (local.get 0))))`);
    fns.push(`(func (export "${op}/bigoff") (param i32) (drop (${op} offset=4294967295 (local.get 0))))`);
  }
  for (const [op, , t] of stores) {
    fns.push(`(func (export "${op}") (param i32) (${op} (local.get 0) ${zero(t)}))`);
    fns.push(`(func (export "${op}/stack") (param i32) (${op} (i32.add (local.get 0) (i32.const 0)) (${t}.add ${zero(t)} ${zero(t)})))`);
    fns.push(`(func (export "${op}/off") (param i32) (${op} offset=100 (local.get 0) ${zero(t)}))`);
    fns.push(`(func (export "${op}/bigoff") (param i32) (${op} offset=4294967295 (local.get 0) ${zero(t)}))`);
  }
  const bytes = wat(`(module (memory 1) ${fns.join('\n')})`);
  const h = instantiate(bytes, { canaryPages: 1 });

  for (const [op, size] of [...loads, ...stores]) {
    it(op, () => {
      const f = h.fn;
      for (const v of ['', '/stack']) {
        expect(trapOf(() => f[op + v]!(PAGE - size)), `${op}${v} at last slot`).toBe('no trap');
        expect(trapOf(() => f[op + v]!(PAGE - size + 1)), `${op}${v} one past`).toBe('MemoryOutOfBounds');
        expect(trapOf(() => f[op + v]!(-1)), `${op}${v} at 2^32-1`).toBe('MemoryOutOfBounds');
      }
      expect(trapOf(() => f[`${op}/off`]!(PAGE - size - 100))).toBe('no trap');
      expect(trapOf(() => f[`${op}/off`]!(PAGE - size - 99))).toBe('MemoryOutOfBounds');
      expect(trapOf(() => f[`${op}/bigoff`]!(0))).toBe('MemoryOutOfBounds');
      expect(trapOf(() => f[`${op}/bigoff`]!(-1))).toBe('MemoryOutOfBounds');
    });
  }
});

describe('constant addresses', () => {
  it('folds in-bounds constants and checks the rest', () => {
    const b = wat(`(module (memory 1)
      (func (export "in") (result i32) (i32.load (i32.const 65532)))
      (func (export "edge") (result i32) (i32.load (i32.const 65533)))
      (func (export "inoff") (result i32) (i32.load offset=65530 (i32.const 2)))
      (func (export "outoff") (result i32) (i32.load offset=65530 (i32.const 3)))
      (func (export "huge") (result i32) (i32.load offset=4294967295 (i32.const 4294967295)))
      (func (export "st") (i64.store (i32.const 65528) (i64.const 7)))
      (func (export "stout") (i64.store (i32.const 65529) (i64.const 7)))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
    )`);
    const h = instantiate(b, { canaryPages: 1 });
    expect(h.fn.in!()).toBe(0);
    expect(trapOf(() => h.fn.edge!())).toBe('MemoryOutOfBounds');
    expect(h.fn.inoff!()).toBe(0);
    expect(trapOf(() => h.fn.outoff!())).toBe('MemoryOutOfBounds');
    expect(trapOf(() => h.fn.huge!())).toBe('MemoryOutOfBounds');
    expect(trapOf(() => h.fn.st!())).toBe('no trap');
    expect(trapOf(() => h.fn.stout!())).toBe('MemoryOutOfBounds');
    expect(h.fn.grow!()).toBe(1);
    // beyond the declared minimum: checked against the (grown) bound
    expect(h.fn.edge!()).toBe(0);
    expect(h.fn.stout!()).toBe(undefined);
  });
});

describe('memory.size / memory.grow', () => {
  it('reloads the bound after grow and after calls', () => {
    const b = wat(`(module (memory 1 3)
      (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "grow-then-load") (param i32) (result i32)
        (drop (memory.grow (i32.const 1)))
        (i32.load (local.get 0)))
      (func (export "call-then-load") (param i32) (result i32)
        (drop (call $grow (i32.const 1)))
        (i32.load (local.get 0)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    )`);
    const h = instantiate(b, { canaryPages: 2 });
    expect(h.fn.size!()).toBe(1);
    expect(trapOf(() => h.fn['grow-then-load']!(65536 + 65532))).toBe('no trap');
    expect(h.fn.size!()).toBe(2);
    expect(trapOf(() => h.fn['call-then-load']!(2 * 65536 + 65532))).toBe('no trap');
    expect(h.fn.size!()).toBe(3);
    expect(h.fn.grow!(1)).toBe(-1);
    expect(h.fn.grow!(0)).toBe(3);
    expect(trapOf(() => h.fn['grow-then-load']!(3 * 65536))).toBe('MemoryOutOfBounds');
  });

  it('load/store round trip through every width', () => {
    const b = wat(`(module (memory 1)
      (func (export "rt") (param i32 i64) (result i64)
        (i64.store (local.get 0) (local.get 1))
        (i64.add (i64.load32_u offset=4 (local.get 0)) (i64.load16_s (local.get 0))))
      (func (export "f") (param i32 f64) (result f64)
        (f64.store offset=8 (local.get 0) (local.get 1))
        (f64.load offset=8 (local.get 0)))
    )`);
    const h = instantiate(b);
    expect(h.fn.rt!(16, 0x12345678_9abcfff0n)).toBe(0x12345678n + -16n);
    expect(h.fn.f!(0, 1.25)).toBe(1.25);
  });
});

describe('tunables.boundsChecks = false', () => {
  it('relies on the host bounds check', () => {
    const b = wat(`(module (memory 1) (func (export "ld") (param i32) (result i32) (i32.load (local.get 0))))`);
    const h = instantiate(b, { tunables: { boundsChecks: false } });
    expect(h.fn.ld!(65532)).toBe(0);
    expect(trapOf(() => h.fn.ld!(65533))).toMatch(/^host:/);
  });
});

describe('redundant bounds-check elimination', () => {
  const loads = (offsets: number[]): string => offsets.map((o) => `(i32.load offset=${o} (local.get $p))`).join(' ');
  const sum = (offsets: number[]): string => offsets.slice(1).reduce((acc, _, i) => `(i32.add ${acc} ${loads([offsets[i + 1]!])})`, loads([offsets[0]!]));

  it('checks an unchanged local once when later accesses end no further', () => {
    const module = (offsets: number[]): Uint8Array => wat(`(module (memory 1)
      (func (export "f") (param $p i32) (result i32) ${sum(offsets)}))`);
    const descending = compile(module([12, 8, 4, 0]));
    const ascending = compile(module([0, 4, 8, 12]));
    // the descending accesses need one check (end 16); the ascending ones one each
    expect(descending.hostBytes.length).toBeLessThan(ascending.hostBytes.length - 3 * 6);
    const h = instantiate(module([12, 8, 4, 0]), { canaryPages: 1 });
    expect(h.fn.f!(65536 - 16)).toBe(0);
    expect(trapOf(() => h.fn.f!(65536 - 15))).toBe('MemoryOutOfBounds');
  });

  it('checks again after the local is written', () => {
    const h = instantiate(wat(`(module (memory 1)
      (func (export "f") (param $p i32) (result i32) (local $s i32)
        (local.set $s (i32.load offset=8 (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 65536)))
        (i32.add (local.get $s) (i32.load (local.get $p))))
      (func (export "tee") (param $p i32) (result i32)
        (drop (i32.load offset=8 (local.get $p)))
        (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4096))))))`), { canaryPages: 1 });
    expect(trapOf(() => h.fn.f!(0))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => h.fn.tee!(65536 - 4096 - 2))).toBe('MemoryOutOfBounds');
    expect(h.fn.tee!(65536 - 4096 - 4)).toBe(0);
  });

  it('does not carry a check from one arm into the join, nor around a loop back edge', () => {
    const h = instantiate(wat(`(module (memory 1)
      (func (export "arm") (param $p i32) (param $c i32) (result i32)
        (if (local.get $c) (then (drop (i32.load offset=8 (local.get $p)))))
        (i32.load (local.get $p)))
      (func (export "else") (param $p i32) (param $c i32) (result i32)
        (if (local.get $c) (then (drop (i32.load offset=8 (local.get $p)))) (else (nop)))
        (i32.load (local.get $p)))
      (func (export "br") (param $p i32) (param $c i32) (result i32)
        (block $b (br_if $b (local.get $c)) (drop (i32.load offset=8 (local.get $p))))
        (i32.load (local.get $p)))
      (func (export "loop") (param $p i32) (param $n i32) (result i32) (local $s i32)
        (drop (i32.load offset=8 (local.get $p)))
        (loop $l
          (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 65536)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s)))`), { canaryPages: 1 });
    for (const f of ['arm', 'else', 'br']) {
      expect(trapOf(() => h.fn[f]!(65536 - 2, 0)), f).toBe('MemoryOutOfBounds');
      expect(trapOf(() => h.fn[f]!(65536 - 2, 1)), f).toBe('MemoryOutOfBounds');
      expect(h.fn[f]!(65536 - 12, 1), f).toBe(0);
    }
    expect(h.fn.loop!(0, 1)).toBe(0);
    expect(trapOf(() => h.fn.loop!(0, 2))).toBe('MemoryOutOfBounds');
  });
});
