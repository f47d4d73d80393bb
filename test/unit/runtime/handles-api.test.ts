/** Host-side handles without guest code: Engine, Memory, Table, Global, Func.fromJs, translateError. */
import { describe, expect, it } from 'vitest';
import { Engine, Func, Global, Memory, Store, Table, Trap, translateError } from '../../../runtime/index.js';
import { ValType } from '../../../abi/types.js';

const store = (canaryPages = 0) => new Store(new Engine({ canaryPages }));

describe('Engine', () => {
  it('merges tunables with defaults and validates them', () => {
    expect(new Engine().tunables).toEqual({ boundsChecks: true, canaryPages: 0, fuel: false, callDepthChecks: false, epochInterruption: false });
    expect(new Engine({ canaryPages: 2 }).tunables.canaryPages).toBe(2);
    expect(() => new Engine({ canaryPages: -1 })).toThrow(RangeError);
  });
});

describe('Memory', () => {
  it('creates, grows, zeroes and keeps the canary', () => {
    const m = Memory.new(store(2), { limits: { min: 1, max: 3 } });
    expect(m.size()).toBe(1);
    expect(m.bound.value).toBe(65536n);
    expect(m.hostMemory.buffer.byteLength).toBe(3 * 65536);
    expect(new Uint8Array(m.buffer)[65536]).toBe(0xa5);
    expect(m.canaryIntact()).toBe(true);
    new Uint8Array(m.buffer)[65536 + 7] = 1;
    expect(m.canaryIntact()).toBe(false);
    expect(m.grow(1)).toBe(1);
    expect(m.canaryIntact()).toBe(true);
    expect(new Uint8Array(m.buffer, 65536, 65536).every((b) => b === 0)).toBe(true);
    expect(m.bound.value).toBe(2n * 65536n);
    expect(m.grow(1)).toBe(2);
    expect(() => m.grow(1)).toThrow(RangeError);
    expect(m.type).toEqual({ limits: { min: 3, max: 3 } });
  });

  it('rejects invalid limits', () => {
    expect(() => Memory.new(store(), { limits: { min: 2, max: 1 } })).toThrow(RangeError);
    expect(() => Memory.new(store(), { limits: { min: 65537 } })).toThrow(RangeError);
  });
});

describe('Table', () => {
  it('externref tables default to null, not undefined', () => {
    const t = Table.new(store(), { elemType: ValType.externref, limits: { min: 2 } });
    expect(t.get(0)).toBeNull();
    t.set(1, undefined);
    expect(t.get(1)).toBeUndefined();
    expect(t.grow(2)).toBe(2);
    expect(t.get(3)).toBeNull();
    expect(t.grow(1, 'x')).toBe(4);
    expect(t.get(4)).toBe('x');
  });

  it('funcref tables hold Func handles with stable identity', () => {
    const s = store();
    const f = Func.fromJs(s, { params: [], results: [] }, () => {});
    const t = Table.new(s, { elemType: ValType.funcref, limits: { min: 1, max: 2 } }, f);
    expect(t.get(0)).toBe(f);
    expect(() => t.set(0, () => {})).toThrow(TypeError);
    expect(() => t.get(1)).toThrow(RangeError);
    expect(t.grow(1)).toBe(1);
    expect(t.get(1)).toBeNull();
    expect(() => t.grow(1)).toThrow(RangeError);
    expect(t.type).toEqual({ elemType: ValType.funcref, limits: { min: 2, max: 2 } });
  });

  it('a minimum above the host limit is a clear RangeError', () => {
    expect(() => Table.new(store(), { elemType: ValType.funcref, limits: { min: 10_000_001 } }))
      .toThrow(/exceeds the host limit/);
  });
});

describe('Global', () => {
  it('gets and sets values of every type', () => {
    const s = store();
    const f = Func.fromJs(s, { params: [], results: [] }, () => {});
    const cases: [number, unknown, unknown][] = [
      [ValType.i32, 5, -1], [ValType.i64, 5n, -(1n << 63n)], [ValType.f32, 1.5, 0.25], [ValType.f64, 0.1, -0],
      [ValType.funcref, null, f], [ValType.externref, 'a', { b: 1 }],
    ];
    for (const [type, init, next] of cases) {
      const g = Global.new(s, { type, mutable: true }, init);
      expect(g.value).toBe(init);
      g.value = next;
      expect(g.value).toBe(next);
    }
  });

  it('refuses to set immutable globals and wrong types', () => {
    const g = Global.new(store(), { type: ValType.i64, mutable: false }, 1n);
    expect(() => { g.value = 2n; }).toThrow(/immutable/);
    expect(() => Global.new(store(), { type: ValType.i64, mutable: true }, 1)).toThrow(/expected i64/);
  });
});

describe('Func.fromJs', () => {
  it('calls through the host with API values', () => {
    const s = store();
    const f = Func.fromJs(s, { params: [ValType.i64, ValType.f32], results: [ValType.i32, ValType.i64] },
      (a: bigint, b: number) => [Number(a) + b, a * 2n]);
    expect(f.call(3n, 0.5)).toEqual([3, 6n]);
    expect(typeof f.hostFunction).toBe('function');
    expect(Func.fromHostFunction(s, f.hostFunction)).toBe(f);
  });

  it('passes errors (and Traps) thrown by the JS function through', () => {
    const s = store();
    const boom = new Error('boom');
    expect(() => Func.fromJs(s, { params: [], results: [] }, () => { throw boom; }).call()).toThrow(boom);
    const trapping = Func.fromJs(s, { params: [], results: [] }, () => { throw new Trap('OutOfFuel'); });
    expect(() => trapping.call()).toThrow(/all fuel consumed/);
  });
});

describe('translateError', () => {
  const cases: [string, string][] = [
    ['unreachable', 'UnreachableCodeReached'],
    ['memory access out of bounds', 'MemoryOutOfBounds'],
    ['table index is out of bounds', 'TableOutOfBounds'],
    ['null function or function signature mismatch', 'BadSignature'],
    ['divide by zero', 'IntegerDivisionByZero'],
    ['remainder by zero', 'IntegerDivisionByZero'],
    ['divide result unrepresentable', 'IntegerOverflow'],
    ['float unrepresentable in integer range', 'BadConversionToInteger'],
    ['data segment out of bounds', 'MemoryOutOfBounds'],
    ['element segment out of bounds', 'TableOutOfBounds'],
    ['indirect call to null', 'IndirectCallToNull'],
    ['Out of bounds Trunc operation', 'BadConversionToInteger'],
  ];
  for (const [message, code] of cases) {
    it(`RuntimeError "${message}" → ${code}`, () => {
      const t = translateError(new WebAssembly.RuntimeError(message));
      expect(t).toBeInstanceOf(Trap);
      expect((t as Trap).code).toBe(code);
    });
  }
  it('stack overflow, pass-through and identity', () => {
    expect((translateError(new RangeError('Maximum call stack size exceeded')) as Trap).code).toBe('StackOverflow');
    const other = new RangeError('Invalid array length');
    expect(translateError(other)).toBe(other);
    const unknown = new WebAssembly.RuntimeError('something new');
    expect(translateError(unknown)).toBe(unknown);
    const t = new Trap('Interrupt');
    expect(translateError(t)).toBe(t);
    expect(translateError('str')).toBe('str');
  });
});
