/**
 * Bulk memory codegen: memory.fill/copy/init and data.drop range checks (including
 * length 0 at the edge and after drop), and active data segments applied by !init.
 */
import { describe, expect, it } from 'vitest';
import { instantiate, trapOf, wat } from './harness.js';

const src = `(module
  (memory (export "m") 1)
  (data $p "hello")
  (data $a (i32.const 8) "xy")
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill-stack") (param i32 i32 i32)
    (memory.fill (i32.add (local.get 0) (i32.const 0)) (i32.add (local.get 1) (i32.const 0)) (i32.add (local.get 2) (i32.const 0))))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (memory.init $p (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init-a") (param i32 i32 i32) (memory.init $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $p))
  (func (export "ld8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)`;

describe('bulk memory', () => {
  it('fill / copy / init with exact-edge checks', () => {
    const h = instantiate(wat(src), { canaryPages: 1 });
    const f = h.fn;
    const E = 65536;
    expect(f.ld8!(8)).toBe('x'.charCodeAt(0));
    for (const fill of ['fill', 'fill-stack']) {
      expect(trapOf(() => f[fill]!(E - 4, 7, 4))).toBe('no trap');
      expect(f.ld8!(E - 1)).toBe(7);
      expect(trapOf(() => f[fill]!(E - 4, 7, 5))).toBe('MemoryOutOfBounds');
      expect(trapOf(() => f[fill]!(E, 7, 0))).toBe('no trap');
      expect(trapOf(() => f[fill]!(E + 1, 7, 0))).toBe('MemoryOutOfBounds');
      expect(trapOf(() => f[fill]!(1, 7, -1))).toBe('MemoryOutOfBounds');
    }
    expect(trapOf(() => f.copy!(0, E - 2, 2))).toBe('no trap');
    expect(f.ld8!(0)).toBe(7);
    expect(trapOf(() => f.copy!(0, E - 2, 3))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f.copy!(E - 2, 0, 3))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f.copy!(E, E, 0))).toBe('no trap');
    f.init!(100, 1, 4);
    expect(String.fromCharCode(...[100, 101, 102, 103].map((i) => f.ld8!(i) as number))).toBe('ello');
    expect(trapOf(() => f.init!(0, 1, 5))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f.init!(E - 4, 0, 5))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f.init!(0, 5, 0))).toBe('no trap');
    expect(trapOf(() => f.init!(0, 6, 0))).toBe('MemoryOutOfBounds');
    expect(trapOf(() => f['init-a']!(0, 0, 0))).toBe('no trap');
    expect(trapOf(() => f['init-a']!(0, 0, 1))).toBe('MemoryOutOfBounds');
    f.drop!();
    f.drop!();
    expect(trapOf(() => f.init!(0, 0, 0))).toBe('no trap');
    expect(trapOf(() => f.init!(0, 0, 1))).toBe('MemoryOutOfBounds');
  });

  it('active data segments: in order, trapping out of bounds after earlier writes', () => {
    const bad = `(module (memory (export "m") 1) (data (i32.const 0) "ab") (data (i32.const 65535) "cd"))`;
    expect(() => instantiate(wat(bad), { canaryPages: 1 })).toThrow(/MemoryOutOfBounds/);
    expect(() => instantiate(wat(`(module (memory 1) (data (i32.const 65537) ""))`), { canaryPages: 1 })).toThrow(/MemoryOutOfBounds/);
    const ok = instantiate(wat(`(module (memory 1) (data (i32.const 65536) "") (data (i32.const 65534) "zz"))`), { canaryPages: 1 });
    expect(new Uint8Array(ok.memories[0]!.buffer)[65535]).toBe('z'.charCodeAt(0));
  });
});
