/**
 * Guests that try to escape, in the default configuration and with fuel and call-depth checks
 * (whose code changes the emitted host code): table accesses out of range, indirect-call type
 * confusion, growth at and past every limit, and instances sharing an imported memory or table.
 * Each must trap with the right code (or get the wasm-visible failure) and leave every byte
 * outside the guest's own memory (canary pages, other instances' memories) unchanged.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Func, Instance, Linker, Memory, Module, Store, Table, Trap } from '../../../runtime/index.js';
import type { Tunables } from '../../../runtime/index.js';
import { wat } from '../runtime/helpers.js';

const PAGE = 65536;
const U32 = [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

const CONFIGS: readonly (readonly [string, Partial<Tunables>])[] = [
  ['default', { canaryPages: 1 }],
  ['fuel+depth', { canaryPages: 1, fuel: true, callDepthChecks: true }],
];

const trapCode = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e.code;
    throw e;
  }
  return 'none';
};

const TABLES = `(module
  (type $ii (func (param i32) (result i32)))
  (type $i64 (func (param i64) (result i64)))
  (type $v (func))
  (type $ff (func (param f32) (result f32)))
  (table $t (export "t") 4 8 funcref)
  (table $e (export "e") 2 externref)
  (elem (i32.const 0) $inc $wide $none)
  (elem $seg func $inc $inc $inc)
  (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $wide (param i64) (result i64) (local.get 0))
  (func $none)
  (func (export "call_ii") (param i32 i32) (result i32) (call_indirect $t (type $ii) (local.get 0) (local.get 1)))
  (func (export "call_ff") (param i32) (result f32) (call_indirect $t (type $ff) (f32.const 1) (local.get 0)))
  (func (export "call_v") (param i32) (call_indirect $t (type $v) (local.get 0)))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "set") (param i32) (table.set $t (local.get 0) (ref.func $inc)))
  (func (export "eset") (param i32) (table.set $e (local.get 0) (ref.null extern)))
  (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $none) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "egrow") (param i32) (result i32) (table.grow $e (ref.null extern) (local.get 0))))`;

for (const [config, tunables] of CONFIGS) {
  const engine = new Engine(tunables);
  const newStore = (): Store => new Store(engine, tunables.fuel ? { fuel: 2n ** 62n } : {});
  const inst = (store: Store, text: string, imports: readonly unknown[] = []): Instance =>
    new Instance(store, Module.fromBytes(engine, wat(text)), imports as never[]);

  describe(`tables (${config})`, () => {
    it('every access at or past the size traps TableOutOfBounds and changes nothing', () => {
      const t = inst(newStore(), TABLES);
      const f = (n: string) => t.getFunc(n)!;
      const table = t.getTable('t')!;
      const snapshot = () => Array.from({ length: table.size() }, (_, i) => table.get(i));
      const before = snapshot();
      for (const i of U32.filter((x) => x >= 4)) {
        expect(trapCode(() => f('get').call(i | 0)), `get ${i}`).toBe('TableOutOfBounds');
        expect(trapCode(() => f('set').call(i | 0)), `set ${i}`).toBe('TableOutOfBounds');
        expect(trapCode(() => f('call_ii').call(0, i | 0)), `call_indirect ${i}`).toBe('TableOutOfBounds');
      }
      for (const i of [2, 0x7fffffff, 0xffffffff]) expect(trapCode(() => f('eset').call(i | 0)), `eset ${i}`).toBe('TableOutOfBounds');
      const ranges: [string, number[]][] = [
        ['fill', [3, 2]], ['fill', [4, 1]], ['fill', [0, -1]], ['fill', [-1, 2]],
        ['copy', [3, 0, 2]], ['copy', [0, 3, 2]], ['copy', [0, 0, -1]], ['copy', [-1, 0, 1]],
        ['init', [3, 0, 2]], ['init', [0, 2, 2]], ['init', [0, 0, -1]], ['init', [-1, 0, 1]],
      ];
      for (const [name, args] of ranges) {
        expect(trapCode(() => f(name).call(...args)), `${name}(${args.join(', ')})`).toBe('TableOutOfBounds');
        expect(snapshot(), `${name}(${args.join(', ')}) wrote nothing`).toEqual(before);
      }
      // exactly up to the end is fine
      f('fill').call(3, 1);
      expect(table.get(3)).not.toBeNull();
    });

    it('indirect calls check the signature and null entries', () => {
      const t = inst(newStore(), TABLES);
      const f = (n: string) => t.getFunc(n)!;
      expect(f('call_ii').call(41, 0)).toBe(42);
      expect(trapCode(() => f('call_ii').call(0, 1))).toBe('BadSignature'); // (i64) -> i64 as (i32) -> i32
      expect(trapCode(() => f('call_ii').call(0, 2))).toBe('BadSignature'); // () -> () as (i32) -> i32
      expect(trapCode(() => f('call_ff').call(0))).toBe('BadSignature'); // (i32) -> i32 as (f32) -> f32
      expect(trapCode(() => f('call_v').call(0))).toBe('BadSignature');
      expect(trapCode(() => f('call_ii').call(0, 3))).toBe('IndirectCallToNull');
      expect(f('call_v').call(2)).toBeUndefined();
    });

    it('a function of another module with the same type is callable, another type is not', () => {
      const store = newStore();
      const a = inst(store, TABLES);
      const other = inst(store, `(module
        (func (export "same") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 10)))
        (func (export "diff") (param i32 i32) (result i32) (local.get 0)))`);
      const table = a.getTable('t')!;
      table.set(3, other.getFunc('same')!);
      expect(a.getFunc('call_ii')!.call(4, 3)).toBe(40);
      table.set(3, other.getFunc('diff')!);
      expect(trapCode(() => a.getFunc('call_ii')!.call(4, 3))).toBe('BadSignature');
      const js = Func.fromJs(store, { params: [0x7f], results: [0x7f] }, (x: number) => x - 1);
      table.set(3, js);
      expect(a.getFunc('call_ii')!.call(4, 3)).toBe(3);
    });

    it('growth at the maximum returns -1 and keeps the size', () => {
      const t = inst(newStore(), TABLES);
      const grow = t.getFunc('grow')!;
      expect(grow.call(4)).toBe(4);
      expect(grow.call(1)).toBe(-1);
      expect(grow.call(-1)).toBe(-1);
      expect(grow.call(0)).toBe(8);
      expect(t.getTable('t')!.size()).toBe(8);
      expect(t.getFunc('egrow')!.call(-1)).toBe(-1); // no maximum: 2^32-1 more is still too many
      expect(t.getFunc('egrow')!.call(0x7fffffff)).toBe(-1);
    });
  });

  describe(`memory growth at the limits (${config})`, () => {
    const GROWER = (limits: string) => `(module (memory (export "mem") ${limits})
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`;

    it('grows to exactly the maximum, then returns -1 without changing the bound', () => {
      const g = inst(newStore(), GROWER('1 3'));
      const f = (n: string) => g.getFunc(n)!;
      expect(f('grow').call(2)).toBe(1);
      expect(f('grow').call(1)).toBe(-1);
      expect(f('grow').call(-1)).toBe(-1);
      expect(f('grow').call(0x10000)).toBe(-1);
      expect(f('size').call()).toBe(3);
      f('store').call(3 * PAGE - 1, 1);
      expect(trapCode(() => f('store').call(3 * PAGE, 1))).toBe('MemoryOutOfBounds');
      expect(g.getMemory('mem')!.canaryIntact()).toBe(true);
    });

    it('refuses growth past 4 GiB without a maximum', () => {
      const g = inst(newStore(), GROWER('1'));
      expect(g.getFunc('grow')!.call(0x10000)).toBe(-1); // 65537 pages
      expect(g.getFunc('grow')!.call(-1)).toBe(-1);
      expect(g.getFunc('size')!.call()).toBe(1);
    });
  });

  describe(`instances sharing a memory or a table (${config})`, () => {
    const OWNER = `(module (memory (export "mem") 1 4) (table (export "tab") 2 4 funcref)
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
      (func (export "size") (result i32) (memory.size)))`;
    const USER = `(module (import "o" "mem" (memory 1 4)) (import "o" "tab" (table 2 4 funcref))
      (func $f)
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 255) (local.get 1)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "tset") (param i32) (table.set (local.get 0) (ref.func $f)))
      (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))
      (elem declare func $f))`;

    it('the importer is held to the shared bound, and growth by one is seen by both', () => {
      const store = newStore();
      const owner = inst(store, OWNER);
      const user = new Linker(engine).instance('o', owner).instantiate(store, Module.fromBytes(engine, wat(USER)));
      const mem = owner.getMemory('mem')!;
      const before = new Uint8Array(mem.buffer.slice(0));
      for (const addr of [PAGE - 3, PAGE, 0x7fffffff, -1]) {
        expect(trapCode(() => user.getFunc('store')!.call(addr, -1)), `store ${addr}`).toBe('MemoryOutOfBounds');
      }
      expect(trapCode(() => user.getFunc('fill')!.call(PAGE - 1, 2))).toBe('MemoryOutOfBounds');
      expect(new Uint8Array(mem.buffer)).toEqual(before);
      expect(mem.canaryIntact()).toBe(true);
      expect(user.getFunc('grow')!.call(1)).toBe(1);
      expect(owner.getFunc('size')!.call()).toBe(2);
      user.getFunc('store')!.call(2 * PAGE - 4, 0x01020304);
      expect(owner.getFunc('load')!.call(2 * PAGE - 1)).toBe(1);
      expect(trapCode(() => owner.getFunc('load')!.call(2 * PAGE))).toBe('MemoryOutOfBounds');
      expect(mem.canaryIntact()).toBe(true);
    });

    it('the importer is held to the shared table size, and table growth is shared', () => {
      const store = newStore();
      const owner = inst(store, OWNER);
      const user = new Linker(engine).instance('o', owner).instantiate(store, Module.fromBytes(engine, wat(USER)));
      const tab = owner.getTable('tab') as Table;
      expect(trapCode(() => user.getFunc('tset')!.call(2))).toBe('TableOutOfBounds');
      expect(user.getFunc('tgrow')!.call(2)).toBe(2);
      expect(tab.size()).toBe(4);
      user.getFunc('tset')!.call(3);
      expect(tab.get(3)).not.toBeNull();
      expect(user.getFunc('tgrow')!.call(1)).toBe(-1);
    });

    it('a memory created by the host and imported by two guests stays shared and bounded', () => {
      const store = newStore();
      const memory = Memory.new(store, { limits: { min: 1, max: 2 } });
      const text = `(module (import "h" "m" (memory 1 2))
        (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
        (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))`;
      const a = inst(store, text, [memory]);
      const b = inst(store, text, [memory]);
      a.getFunc('store')!.call(10, 99);
      expect(b.getFunc('load')!.call(10)).toBe(99);
      expect(trapCode(() => b.getFunc('store')!.call(PAGE, 1))).toBe('MemoryOutOfBounds');
      expect(memory.canaryIntact()).toBe(true);
    });
  });
}
