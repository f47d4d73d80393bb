/** Instantiation: start function, active segments, and segment traps keeping partial effects. */
import { describe, expect, it } from 'vitest';
import { Func, Memory, Table, Trap } from '../../../runtime/index.js';
import { ValType } from '../../../abi/types.js';
import { instantiateWat, instantiateWith, setup } from './helpers.js';

describe('start function', () => {
  it('runs once at instantiation, after segments', () => {
    const s = setup();
    const log: number[] = [];
    const note = Func.fromJs(s.store, { params: [ValType.i32], results: [] }, (x: number) => { log.push(x); });
    const inst = instantiateWith(s, `(module
      (import "env" "note" (func $note (param i32)))
      (memory (export "mem") 1)
      (data (i32.const 0) "\\2a")
      (func $start i32.const 0 i32.load8_u call $note i32.const 4 i32.const 99 i32.store)
      (start $start))`, [note]);
    expect(log).toEqual([42]);
    expect(new Uint8Array(inst.getMemory('mem')!.buffer)[4]).toBe(99);
  });

  it('may be an imported function', () => {
    const s = setup();
    let calls = 0;
    const f = Func.fromJs(s.store, { params: [], results: [] }, () => { calls++; });
    instantiateWith(s, `(module (import "env" "f" (func $f)) (start $f))`, [f]);
    expect(calls).toBe(1);
  });

  it('a trap in the start function fails instantiation with that Trap; effects stay', () => {
    const s = setup();
    const mem = Memory.new(s.store, { limits: { min: 1 } });
    let err: unknown;
    try {
      instantiateWith(s, `(module (import "env" "m" (memory 1))
        (func $start i32.const 8 i32.const 7 i32.store8 unreachable) (start $start))`, [mem]);
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe('UnreachableCodeReached');
    expect(new Uint8Array(mem.buffer)[8]).toBe(7);
  });
});

describe('active segments', () => {
  it('applies element and data segments', () => {
    const s = setup();
    const inst = instantiateWat(s, `(module
      (memory (export "mem") 1)
      (table (export "tab") 4 funcref)
      (func $f (export "f") (result i32) i32.const 1)
      (elem (i32.const 2) $f $f)
      (data (i32.const 16) "hello"))`);
    const bytes = new Uint8Array(inst.getMemory('mem')!.buffer, 16, 5);
    expect(new TextDecoder().decode(bytes)).toBe('hello');
    const tab = inst.getTable('tab')!;
    expect([0, 1, 2, 3].map((i) => tab.get(i))).toEqual([null, null, inst.getFunc('f'), inst.getFunc('f')]);
  });

  it('an out-of-bounds data segment traps; earlier segments stay written', () => {
    const s = setup();
    const mem = Memory.new(s.store, { limits: { min: 1 } });
    let err: unknown;
    try {
      instantiateWith(s, `(module (import "env" "m" (memory 1))
        (data (i32.const 0) "\\01\\02")
        (data (i32.const 65535) "\\03\\04"))`, [mem]);
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe('MemoryOutOfBounds');
    expect([...new Uint8Array(mem.buffer, 0, 2)]).toEqual([1, 2]);
    expect(new Uint8Array(mem.buffer)[65535]).toBe(0);
  });

  it('an out-of-bounds element segment traps before data segments run', () => {
    const s = setup();
    const mem = Memory.new(s.store, { limits: { min: 1 } });
    const tab = Table.new(s.store, { elemType: ValType.funcref, limits: { min: 2 } });
    let err: unknown;
    try {
      instantiateWith(s, `(module (import "env" "m" (memory 1)) (import "env" "t" (table 2 funcref))
        (func $f)
        (elem (i32.const 0) $f)
        (elem (i32.const 1) $f $f)
        (data (i32.const 0) "\\09"))`, [mem, tab]);
    } catch (e) { err = e; }
    expect((err as Trap).code).toBe('TableOutOfBounds');
    expect(tab.get(0)).toBeInstanceOf(Func);
    expect(tab.get(1)).toBeNull();
    expect(new Uint8Array(mem.buffer)[0]).toBe(0);
  });
});

describe('impossible sizes', () => {
  it('a table minimum above the host limit is a clear RangeError', () => {
    const s = setup();
    expect(() => instantiateWat(s, `(module (table 10000001 funcref))`)).toThrow(/exceeds the host limit of 10000000/);
  });
});
