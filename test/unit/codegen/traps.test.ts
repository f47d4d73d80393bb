/**
 * Trap codes at every kind of fault, and the offset map: each trap/call site maps a
 * host stack-frame offset (as V8 reports it) back to the guest operator's offset.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../winch/index.js';
import { instantiate, TestTrap, trapOf, wat } from './harness.js';

describe('trap codes', () => {
  const h = instantiate(wat(`(module (memory 1) (table 1 funcref)
    (func (export "unreachable") (unreachable))
    (func (export "div0") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func (export "ovf") (param i64) (result i64) (i64.div_s (i64.const 0x8000000000000000) (local.get 0)))
    (func (export "nan") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
    (func (export "big") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
    (func (export "oob") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "toob") (param i32) (result funcref) (table.get (local.get 0)))
    (func (export "null") (call_indirect (i32.const 0)))
  )`));
  it('reports the right code', () => {
    const f = h.fn;
    expect(trapOf(() => f.unreachable!())).toBe('UnreachableCodeReached');
    expect(trapOf(() => f.div0!(0))).toBe('IntegerDivisionByZero');
    expect(trapOf(() => f.ovf!(-1n))).toBe('IntegerOverflow');
    expect(trapOf(() => f.nan!(NaN))).toBe('BadConversionToInteger');
    expect(trapOf(() => f.nan!(2147483648))).toBe('IntegerOverflow');
    expect(trapOf(() => f.big!(-1))).toBe('IntegerOverflow');
    expect(f.big!(-0.5)).toBe(0n);
    expect(trapOf(() => f.oob!(65536))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f.toob!(1))).toBe('TableOutOfBounds');
    expect(trapOf(() => f.null!())).toBe('IndirectCallToNull');
  });
});

describe('offset map', () => {
  const text = `(module
    (func $callee (param i32) (result i32) (i32.div_s (i32.const 10) (local.get 0)))
    (func (export "f") (param i32) (result i32) (nop) (call $callee (local.get 0))))`;
  const bytes = wat(text);
  it('entries are sorted and point at host call instructions', () => {
    const a = compile(bytes);
    expect(a.offsetMap.length).toBeGreaterThan(0);
    for (const e of a.offsetMap) {
      for (let i = 0; i < e.entries.length; i += 2) {
        if (i > 0) expect(e.entries[i]!).toBeGreaterThan(e.entries[i - 2]!);
        expect(a.hostBytes[e.entries[i]!]).toBe(0x10);
        expect(e.entries[i + 1]!).toBeLessThan(bytes.length);
      }
    }
  });
  it('maps the offsets V8 puts in stack frames back to guest operators; the trap passes its own', () => {
    let stack = '';
    let trapOffset = -1;
    const h = instantiate(bytes);
    try {
      h.fn.f!(0);
    } catch (e) {
      expect(e).toBeInstanceOf(TestTrap);
      stack = (e as Error).stack ?? '';
      trapOffset = (e as TestTrap).guestOffset;
    }
    const frames = [...stack.matchAll(/wasm-function\[(\d+)\]:0x([0-9a-f]+)/g)].map((m) => [Number(m[1]), parseInt(m[2]!, 16)] as const);
    expect(frames.length).toBe(2);
    const a = h.artifact;
    const guestOffsets = frames.map(([fn, off]) => {
      const e = a.offsetMap.find((x) => x.hostFunc === fn)!;
      for (let i = 0; i < e.entries.length; i += 2) if (e.entries[i] === off) return e.entries[i + 1]!;
      return -1;
    });
    // callee: the trap pad's call (its host offset maps to the function's end); the trap itself
    // passes the guest offset of the i32.div_s (0x6d); caller: the call (0x10)
    expect(guestOffsets[0]).toBeGreaterThanOrEqual(0);
    expect(bytes[trapOffset]).toBe(0x6d);
    expect(bytes[guestOffsets[1]!]).toBe(0x10);
  });
});
