/** memory.grow from the guest and the host: limits, zeroing, the shared bound global. */
import { describe, expect, it } from 'vitest';
import { Memory } from '../../../runtime/index.js';
import { instantiateWat, instantiateWith, setup } from './helpers.js';

const GUEST = `(module
  (memory (export "mem") 1 3)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8))`;

describe('memory.grow', () => {
  it('grows from the guest, honours the maximum, updates bound', () => {
    const s = setup();
    const inst = instantiateWat(s, GUEST);
    const f = (n: string) => inst.getFunc(n)!;
    const mem = inst.getMemory('mem')!;
    expect(mem.bound.value).toBe(65536n);
    expect(mem.last.value).toBe(65535);
    expect(() => f('store').call(65536, 1)).toThrow(/out of bounds memory access/);
    expect(f('grow').call(1)).toBe(1);
    expect(f('size').call()).toBe(2);
    expect(mem.size()).toBe(2);
    expect(mem.bound.value).toBe(2n * 65536n);
    expect(mem.last.value).toBe(2 * 65536 - 1);
    f('store').call(65536, 1);
    expect(f('load').call(65536)).toBe(1);
    expect(f('grow').call(2)).toBe(-1);
    expect(f('grow').call(-1)).toBe(-1);
    expect(f('grow').call(0)).toBe(2);
    expect(f('grow').call(1)).toBe(2);
    expect(mem.type).toEqual({ limits: { min: 3, max: 3 } });
  });

  it('grows from the host; the guest sees the new size and zeroed pages', () => {
    const s = setup();
    const inst = instantiateWat(s, GUEST);
    const mem = inst.getMemory('mem')!;
    expect(mem.grow(1)).toBe(1);
    expect(inst.getFunc('size')!.call()).toBe(2);
    expect(inst.getFunc('load')!.call(65536 + 10)).toBe(0);
    expect(() => mem.grow(2)).toThrow(RangeError);
    expect(mem.size()).toBe(2);
  });

  it('without a maximum grows up to the 4 GiB limit only', () => {
    const s = setup();
    const inst = instantiateWat(s, `(module (memory 0)
      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`);
    expect(inst.getFunc('grow')!.call(65537)).toBe(-1);
    expect(inst.getFunc('grow')!.call(2)).toBe(0);
  });

  it('a memory shared by two instances has one bound', () => {
    const s = setup();
    const mem = Memory.new(s.store, { limits: { min: 1, max: 4 } });
    const text = `(module (import "env" "m" (memory 1 4))
      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
      (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u))`;
    const a = instantiateWith(s, text, [mem]);
    const b = instantiateWith(s, text, [mem]);
    expect(a.getFunc('grow')!.call(1)).toBe(1);
    expect(b.getFunc('load')!.call(65536 + 3)).toBe(0);
    expect(b.getFunc('grow')!.call(1)).toBe(2);
    expect(a.getFunc('load')!.call(3 * 65536 - 1)).toBe(0);
    expect(() => a.getFunc('load')!.call(3 * 65536)).toThrow(/out of bounds/);
    expect(mem.bound.value).toBe(3n * 65536n);
  });
});

describe('canary pages', () => {
  it('keeps the canary intact under out-of-bounds attempts and across growth', () => {
    const s = setup({ canaryPages: 1 });
    const inst = instantiateWat(s, `(module
      (memory (export "mem") 1 4)
      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
      (func (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
      (func (export "storeOff") (param i32) local.get 0 i32.const -1 i32.store offset=65536)
      (func (export "fill") (param i32 i32) local.get 0 i32.const 255 local.get 1 memory.fill)
      (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
      (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u))`);
    const mem = inst.getMemory('mem')!;
    const f = (n: string) => inst.getFunc(n)!;
    expect(mem.hostMemory.buffer.byteLength).toBe(2 * 65536);
    expect(mem.canaryIntact()).toBe(true);
    const attempts: [string, unknown[]][] = [
      ['store64', [65536, -1n]], ['store64', [65533, -1n]], ['storeOff', [0]], ['storeOff', [4]],
      ['fill', [65000, 1000]], ['fill', [65536, 1]], ['copy', [65530, 0, 100]], ['load', [65536]],
    ];
    for (const [name, args] of attempts) {
      expect(() => f(name).call(...args), name).toThrow(/out of bounds memory access/);
      expect(mem.canaryIntact(), name).toBe(true);
    }
    // Partial-overlap fill/copy must not write the in-bounds part either (spec 2.0 bulk semantics).
    expect(f('load').call(65535)).toBe(0);
    expect(f('grow').call(1)).toBe(1);
    expect(mem.hostMemory.buffer.byteLength).toBe(3 * 65536);
    expect(mem.canaryIntact()).toBe(true);
    expect(f('load').call(65536 + 100)).toBe(0);
    for (const [name, args] of [['store64', [2 * 65536 - 4, -1n]], ['load', [2 * 65536]]] as [string, unknown[]][]) {
      expect(() => f(name).call(...args)).toThrow(/out of bounds/);
    }
    expect(mem.canaryIntact()).toBe(true);
    expect(mem.grow(2)).toBe(2);
    expect(mem.canaryIntact()).toBe(true);
  });
});
