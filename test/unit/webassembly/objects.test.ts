// Facade exports and the Memory / Table / Global objects: identity, value conversions,
// growth seen through `buffer`, imports of facade objects and wasm-to-wasm function imports.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../../runtime/webassembly/index.js';
import { FUNCREFS, IMPORTER, KITCHEN_SINK, REEXPORTER, kitchenSinkImports } from './modules.js';

const wa = createWebAssembly();
type Fn = (...args: unknown[]) => unknown;
const instantiate = (bytes: Uint8Array<ArrayBuffer>, imports?: Record<string, Record<string, unknown>>) =>
  new wa.Instance(new wa.Module(bytes), imports as WebAssembly.Imports);

describe('exports', () => {
  it('is a frozen null-prototype object with stable identities', () => {
    const inst = instantiate(KITCHEN_SINK, kitchenSinkImports());
    const ex = inst.exports;
    expect(inst.exports).toBe(ex);
    expect(Object.getPrototypeOf(ex)).toBeNull();
    expect(Object.isFrozen(ex)).toBe(true);
    expect(Object.keys(ex).slice(0, 6)).toEqual(['memory', 'table', 'counter', 'k', 'big', 'add']);
    expect(ex['memory']).toBeInstanceOf(wa.Memory);
    expect(ex['table']).toBeInstanceOf(wa.Table);
    expect(ex['counter']).toBeInstanceOf(wa.Global);
    expect(typeof ex['add']).toBe('function');
    expect((ex['add'] as Fn).length).toBe(2);
    expect((ex['table'] as WebAssembly.Table).get(0)).toBe(ex['add']);
  });

  it('functions convert arguments and results like the JS API', () => {
    const ex = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports as Record<string, Fn>;
    expect(ex['add']!(0x7fffffff, 1)).toBe(-0x80000000);
    expect(ex['add']!('2', 3.9)).toBe(5);
    expect(ex['add']!()).toBe(0);
    expect(ex['add64']!(2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n));
    expect(() => ex['add64']!(1, 2)).toThrow(TypeError);
    expect(ex['half']!(3)).toBe(1.5);
    expect(ex['half']!(1 / 3)).toBe(Math.fround(Math.fround(1 / 3) / 2));
    expect(ex['callLog']!(1)).toBeUndefined();
  });

  it('functions are named by their guest function index, like the host names them', () => {
    const ex = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports;
    const native = new WebAssembly.Instance(new WebAssembly.Module(KITCHEN_SINK), kitchenSinkImports()).exports;
    for (const name of ['add', 'crash', 'callTable']) expect((ex[name] as Fn).name).toBe((native[name] as Fn).name);
  });

  it('funcref parameters and results are exported functions (guest and JS import)', () => {
    let seen: unknown[] = [];
    const ex = instantiate(FUNCREFS, { env: { pick: (a: unknown, b: unknown) => { seen = [a, b]; return b; } } }).exports as Record<string, Fn>;
    expect(ex['id']!(ex['one'])).toBe(ex['one']);
    expect(ex['id']!(null)).toBeNull();
    expect(() => ex['id']!(() => 1)).toThrow(TypeError);
    const [first, second] = ex['both']!() as Fn[];
    expect(first).toBe(ex['one']);
    expect(second!()).toBe(2);
    expect(ex['viaJs']!()).toBe(2);
    expect(seen).toEqual([ex['one'], second]);
  });

  it('JS imports receive converted arguments', () => {
    const seen: unknown[] = [];
    const ex = instantiate(KITCHEN_SINK, kitchenSinkImports((x) => { seen.push(x); })).exports as Record<string, Fn>;
    ex['callLog']!(-7);
    expect(seen).toEqual([-7]);
  });

  it('an exported function imported by another instance is called wasm-to-wasm (same Func)', () => {
    const a = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports;
    const b = instantiate(REEXPORTER, { a: { add: a['add']! } }).exports as Record<string, Fn>;
    expect(b['callAdd']!(20, 22)).toBe(42);
    expect(b['add']).toBe(a['add']);
  });
});

describe('Memory', () => {
  it('exported memory: buffer is the guest bytes, growth replaces it', () => {
    const inst = instantiate(KITCHEN_SINK, kitchenSinkImports());
    const ex = inst.exports as Record<string, Fn>;
    const mem = inst.exports['memory'] as WebAssembly.Memory;
    const before = mem.buffer;
    expect(before.byteLength).toBe(65536);
    expect(mem.buffer).toBe(before);
    new DataView(mem.buffer).setInt32(8, 0x12345678, true);
    expect(ex['load']!(8)).toBe(0x12345678);
    ex['store']!(16, -1);
    expect(new Int32Array(mem.buffer)[4]).toBe(-1);
    expect(mem.grow(2)).toBe(1);
    expect(before.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe(3 * 65536);
    expect(ex['size']!()).toBe(3);
    expect(ex['load']!(3 * 65536 - 4)).toBe(0);
    expect(ex['grow']!(1)).toBe(3);
    expect(mem.buffer.byteLength).toBe(4 * 65536);
    expect(new Int32Array(mem.buffer)[4]).toBe(-1);
    expect(() => mem.grow(100)).toThrow(RangeError);
    expect(ex['grow']!(100)).toBe(-1);
  });

  it('a facade Memory can be imported and is shared with the guest', () => {
    const mem = new wa.Memory({ initial: 1, maximum: 4 });
    expect(mem.buffer.byteLength).toBe(65536);
    const imports = {
      js: { mem, g: new wa.Global({ value: 'i32', mutable: true }, 0), g64: 0n, tbl: new wa.Table({ element: 'anyfunc', initial: 1 }) },
    };
    const ex = instantiate(IMPORTER, imports).exports as Record<string, Fn>;
    new Uint8Array(mem.buffer)[10] = 99;
    expect(ex['peek']!(10)).toBe(99);
    ex['poke']!(11, 7);
    expect(new Uint8Array(mem.buffer)[11]).toBe(7);
    expect(mem.grow(1)).toBe(1);
    expect(ex['size']!()).toBe(2);
    expect(ex['peek']!(65536 + 5)).toBe(0);
  });

  it('validates descriptors', () => {
    expect(() => new wa.Memory({} as never)).toThrow(TypeError);
    expect(() => new wa.Memory({ initial: 2, maximum: 1 })).toThrow(RangeError);
    expect(() => new wa.Memory({ initial: 70000 })).toThrow(RangeError);
    expect(() => new wa.Memory({ initial: -1 })).toThrow(TypeError);
    expect(() => new wa.Memory(null as never)).toThrow(TypeError);
  });
});

describe('Table', () => {
  it('exported table: get / set / grow / length', () => {
    const ex = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports;
    const table = ex['table'] as WebAssembly.Table;
    expect(table.length).toBe(2);
    expect(table.get(1)).toBeNull();
    table.set(1, ex['add']);
    expect(table.get(1)).toBe(ex['add']);
    expect((ex['callTable'] as Fn)(1, 4, 5)).toBe(9);
    table.set(1);
    expect(table.get(1)).toBeNull();
    expect(table.grow(2)).toBe(2);
    expect(table.length).toBe(4);
    expect(() => table.get(4)).toThrow(RangeError);
    expect(() => table.set(4, null)).toThrow(RangeError);
    expect(() => table.set(0, () => 1)).toThrow(TypeError);
  });

  it('a facade funcref Table can be imported and filled from JS', () => {
    const a = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports;
    const tbl = new wa.Table({ element: 'anyfunc', initial: 1, maximum: 3 });
    tbl.set(0, a['add']);
    const ex = instantiate(IMPORTER, {
      js: { mem: new wa.Memory({ initial: 1, maximum: 4 }), g: new wa.Global({ value: 'i32', mutable: true }, 0), g64: 1n, tbl },
    }).exports as Record<string, Fn>;
    expect(ex['call0']!(30, 12)).toBe(42);
  });

  it('externref tables hold any JS value', () => {
    const t = new wa.Table({ element: 'externref', initial: 2 }, 'init');
    expect(t.get(0)).toBe('init');
    const o = {};
    t.set(1, o);
    expect(t.get(1)).toBe(o);
    expect(t.grow(1)).toBe(2);
    expect(t.get(2)).toBeUndefined();
    expect(() => new wa.Table({ element: 'i32' as never, initial: 1 })).toThrow(TypeError);
  });
});

describe('Global', () => {
  it('exported globals are facade Globals reading guest state', () => {
    const ex = instantiate(KITCHEN_SINK, kitchenSinkImports()).exports;
    const counter = ex['counter'] as WebAssembly.Global;
    expect(counter.value).toBe(7);
    expect((ex['bump'] as Fn)()).toBe(8);
    expect(counter.value).toBe(8);
    counter.value = 41;
    expect((ex['bump'] as Fn)()).toBe(42);
    expect(counter.valueOf()).toBe(42);
    const k = ex['k'] as WebAssembly.Global;
    expect(k.value).toBe(1.5);
    expect(() => { k.value = 2; }).toThrow(TypeError);
    expect((ex['big'] as WebAssembly.Global).value).toBe(-5n);
  });

  it('imported facade Globals are shared with the guest', () => {
    const g = new wa.Global({ value: 'i32', mutable: true }, 3);
    const ex = instantiate(IMPORTER, {
      js: { mem: new wa.Memory({ initial: 1, maximum: 4 }), g, g64: 2n ** 40n, tbl: new wa.Table({ element: 'anyfunc', initial: 1 }) },
    }).exports as Record<string, Fn>;
    expect(ex['getG']!()).toBe(3);
    g.value = 10;
    expect(ex['getG']!()).toBe(10);
    ex['setG']!(-4);
    expect(g.value).toBe(-4);
    expect(ex['getG64']!()).toBe(2n ** 40n);
  });

  it('constructs with JS API conversions and defaults', () => {
    expect(new wa.Global({ value: 'i64' }, 5n).valueOf()).toBe(5n);
    expect(new wa.Global({ value: 'i64' }).value).toBe(0n);
    expect(() => new wa.Global({ value: 'i64' }, 5 as never)).toThrow(TypeError);
    expect(new wa.Global({ value: 'f32' }, 0.1).value).toBe(Math.fround(0.1));
    expect(new wa.Global({ value: 'i32' }, 2 ** 32 + 3).value).toBe(3);
    expect(new wa.Global({ value: 'externref' }).value).toBeUndefined();
    expect(new wa.Global({ value: 'anyfunc' }).value).toBeNull();
    expect(() => new wa.Global({ value: 'v128' } as never)).toThrow(TypeError);
    expect(() => { new wa.Global({ value: 'i32' }, 1).value = 2; }).toThrow(TypeError);
  });
});
