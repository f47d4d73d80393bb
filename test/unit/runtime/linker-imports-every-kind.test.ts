/** Imports of every kind: JS functions and host-created externs, and another instance's exports (shared state). */
import { describe, expect, it } from 'vitest';
import { Func, Global, Memory, Table } from '../../../runtime/index.js';
import { ValType } from '../../../abi/types.js';
import { compileWat, instantiateWat, instantiateWith, setup } from './helpers.js';

const PROVIDER = `(module
  (memory (export "mem") 1 4)
  (table (export "tab") 4 funcref)
  (global (export "counter") (mut i32) (i32.const 10))
  (global (export "k") i64 (i64.const 77))
  (func $double (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func (export "bump") global.get 0 i32.const 1 i32.add global.set 0)
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u)
  (elem (i32.const 1) $double)
)`;

const CONSUMER = `(module
  (import "p" "double" (func $double (param i32) (result i32)))
  (import "p" "mem" (memory 1))
  (import "p" "tab" (table 2 funcref))
  (import "p" "counter" (global $c (mut i32)))
  (import "p" "k" (global $k i64))
  (type $t (func (param i32) (result i32)))
  (func (export "callImport") (param i32) (result i32) local.get 0 call $double)
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "callTable") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $t))
  (func (export "getC") (result i32) global.get $c)
  (func (export "setC") (param i32) local.get 0 global.set $c)
  (func (export "getK") (result i64) global.get $k)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (export "reexported" (func $double))
  (export "mem2" (memory 0))
)`;

describe('imports from another instance', () => {
  const s = setup();
  const provider = instantiateWat(s, PROVIDER);
  s.linker.instance('p', provider);
  const consumer = instantiateWat(s, CONSUMER);
  const c = (name: string): Func => consumer.getFunc(name)!;
  const p = (name: string): Func => provider.getFunc(name)!;

  it('calls an imported guest function', () => {
    expect(c('callImport').call(21)).toBe(42);
  });

  it('shares memory both ways', () => {
    c('poke').call(100, 0xab);
    expect(p('peek').call(100)).toBe(0xab);
    expect(new Uint8Array(provider.getMemory('mem')!.buffer)[100]).toBe(0xab);
    expect(consumer.getMemory('mem2')).toBe(provider.getMemory('mem'));
  });

  it('shares growth and bound of a shared memory', () => {
    const mem = provider.getMemory('mem')!;
    expect(c('grow').call(1)).toBe(1);
    expect(mem.size()).toBe(2);
    expect(mem.bound.value).toBe(2n * 65536n);
    c('poke').call(65536 + 5, 9);
    expect(p('peek').call(65536 + 5)).toBe(9);
  });

  it('shares a table (element placed by the provider, called by the consumer)', () => {
    expect(c('callTable').call(1, 5)).toBe(10);
    const tab = provider.getTable('tab')!;
    expect(tab.get(1)).toBe(p('double'));
    tab.set(2, c('callImport'));
    expect(c('callTable').call(2, 4)).toBe(8);
  });

  it('shares mutable globals', () => {
    p('bump').call();
    expect(c('getC').call()).toBe(11);
    c('setC').call(50);
    expect(provider.getGlobal('counter')!.value).toBe(50);
    expect(c('getK').call()).toBe(77n);
  });

  it('re-exports keep identity', () => {
    expect(consumer.getFunc('reexported')).toBe(p('double'));
  });
});

describe('imports from host-created externs', () => {
  it('links JS functions, memories, tables and globals', () => {
    const s = setup();
    const calls: unknown[][] = [];
    s.linker.defineFunc(s.store, 'env', 'log', { params: [ValType.i32, ValType.i64, ValType.f32, ValType.f64], results: [ValType.i64] },
      (...args: unknown[]) => { calls.push(args); return (args[1] as bigint) + 1n; });
    s.linker.defineFunc(s.store, 'env', 'pair', { params: [], results: [ValType.i32, ValType.f64] }, () => [3, 4.5]);
    const mem = Memory.new(s.store, { limits: { min: 1, max: 2 } });
    const tab = Table.new(s.store, { elemType: ValType.funcref, limits: { min: 3 } });
    const g = Global.new(s.store, { type: ValType.f64, mutable: true }, 1.5);
    s.linker.define('env', 'mem', mem).define('env', 'tab', tab).define('env', 'g', g);
    const inst = instantiateWat(s, `(module
      (import "env" "log" (func $log (param i32 i64 f32 f64) (result i64)))
      (import "env" "pair" (func $pair (result i32 f64)))
      (import "env" "mem" (memory 1 2))
      (import "env" "tab" (table 1 funcref))
      (import "env" "g" (global $g (mut f64)))
      (func (export "run") (result i64) i32.const 1 i64.const 41 f32.const 2.5 f64.const 3.25 call $log)
      (func (export "pair") (result i32 f64) call $pair)
      (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store)
      (func (export "g") (result f64) global.get $g f64.const 1 f64.add global.set $g global.get $g)
      (func (export "tsize") (result i32) table.size 0)
    )`);
    expect(inst.getFunc('run')!.call()).toBe(42n);
    expect(calls).toEqual([[1, 41n, 2.5, 3.25]]);
    expect(inst.getFunc('pair')!.call()).toEqual([3, 4.5]);
    inst.getFunc('store')!.call(8, 0x01020304);
    expect(new DataView(mem.buffer).getUint32(8, true)).toBe(0x01020304);
    expect(inst.getFunc('g')!.call()).toBe(2.5);
    expect(g.value).toBe(2.5);
    expect(inst.getFunc('tsize')!.call()).toBe(3);
  });

  it('passes funcref arguments to JS functions as Func handles and accepts Func results', () => {
    const s = setup();
    const seen: unknown[] = [];
    const type = { params: [ValType.funcref], results: [ValType.funcref] };
    const echo = Func.fromJs(s.store, type, (f: unknown) => { seen.push(f); return f; });
    const inst = instantiateWith(s, `(module
      (import "env" "echo" (func $echo (param funcref) (result funcref)))
      (func $seven (export "seven") (result i32) i32.const 7)
      (table 1 funcref)
      (type $r (func (result i32)))
      (func (export "run") (result i32) i32.const 0 ref.func $seven call $echo table.set 0 i32.const 0 call_indirect (type $r))
    )`, [echo]);
    expect(inst.getFunc('run')!.call()).toBe(7);
    expect(seen).toEqual([inst.getFunc('seven')]);
  });

  it('a JS function stored in a table keeps its Func identity', () => {
    const s = setup();
    const f = Func.fromJs(s.store, { params: [], results: [ValType.i32] }, () => 5);
    const tab = Table.new(s.store, { elemType: ValType.funcref, limits: { min: 2 } });
    tab.set(0, f);
    expect(tab.get(0)).toBe(f);
    expect(tab.get(1)).toBeNull();
    const inst = instantiateWith(s, `(module
      (import "env" "t" (table 2 funcref))
      (type $r (func (result i32)))
      (func (export "call0") (result i32) i32.const 0 call_indirect (type $r)))`, [tab]);
    expect(inst.getFunc('call0')!.call()).toBe(5);
    expect(f.call()).toBe(5);
  });

  it('module.imports()/exports() describe kinds and types', () => {
    const s = setup();
    const m = compileWat(s, CONSUMER);
    expect(m.imports().map((i) => [i.module, i.name, i.kind])).toEqual([
      ['p', 'double', 'function'], ['p', 'mem', 'memory'], ['p', 'tab', 'table'], ['p', 'counter', 'global'], ['p', 'k', 'global'],
    ]);
    expect(m.imports()[1]!.type).toEqual({ limits: { min: 1 } });
    expect(m.exports().find((e) => e.name === 'getK')).toEqual({ name: 'getK', kind: 'function', type: { params: [], results: [ValType.i64] } });
    expect(m.customSections('name').length).toBe(1);
  });
});
