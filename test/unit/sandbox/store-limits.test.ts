/**
 * Store limits: a guest growing past a limit sees -1 from memory.grow / table.grow (never an
 * error), creating past a limit is a RangeError naming it, and the host API obeys them too.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Instance, Memory, Module, Store, Table } from '../../../runtime/index.js';
import type { StoreLimits } from '../../../runtime/index.js';
import { wat } from '../runtime/helpers.js';

const PAGE = 65536;
const GROWER = `(module (memory (export "mem") 1) (table (export "tab") 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`;

const store = (limits: StoreLimits): Store => new Store(new Engine(), { limits });
const instantiate = (s: Store, text = GROWER): Instance => new Instance(s, Module.fromBytes(s.engine, wat(text)), []);

describe('memory limits', () => {
  it('memory.grow returns -1 beyond maxMemoryBytes and the memory keeps working', () => {
    const inst = instantiate(store({ maxMemoryBytes: 3 * PAGE }));
    const grow = inst.getFunc('grow')!;
    expect(grow.call(2)).toBe(1);
    expect(grow.call(1)).toBe(-1);
    expect(inst.getFunc('size')!.call()).toBe(3);
    expect(grow.call(0)).toBe(3);
  });

  it('counts every memory of the store against maxTotalMemoryBytes', () => {
    const s = store({ maxTotalMemoryBytes: 4 * PAGE });
    const a = instantiate(s);
    const b = instantiate(s);
    expect(a.getFunc('grow')!.call(1)).toBe(1); // 3 pages in use
    expect(b.getFunc('grow')!.call(2)).toBe(-1);
    expect(b.getFunc('grow')!.call(1)).toBe(1); // 4 pages
    expect(a.getFunc('grow')!.call(1)).toBe(-1);
    expect(() => instantiate(s)).toThrow(/maxTotalMemoryBytes/);
    expect(() => a.getMemory('mem')!.grow(1)).toThrow(RangeError);
  });

  it('refuses a memory whose minimum is above the limit', () => {
    const s = store({ maxMemoryBytes: PAGE });
    expect(() => instantiate(s, '(module (memory 2))')).toThrow(/store limit exceeded: maxMemoryBytes/);
    expect(() => Memory.new(s, { limits: { min: 2 } })).toThrow(RangeError);
    expect(Memory.new(s, { limits: { min: 1 } }).size()).toBe(1);
  });
});

describe('table limits', () => {
  it('table.grow returns -1 beyond maxTableElements', () => {
    const inst = instantiate(store({ maxTableElements: 10 }));
    const tgrow = inst.getFunc('tgrow')!;
    expect(tgrow.call(9)).toBe(1);
    expect(tgrow.call(1)).toBe(-1);
    expect(inst.getTable('tab')!.size()).toBe(10);
    expect(() => inst.getTable('tab')!.grow(1)).toThrow(RangeError);
  });

  it('refuses a table whose minimum is above the limit', () => {
    const s = store({ maxTableElements: 5 });
    expect(() => instantiate(s, '(module (table 6 funcref))')).toThrow(/maxTableElements/);
    expect(() => Table.new(s, { elemType: 0x70, limits: { min: 6 } })).toThrow(RangeError);
  });
});

describe('count limits', () => {
  it('limits instances, memories and tables', () => {
    const s1 = store({ maxInstances: 2 });
    instantiate(s1, '(module)');
    instantiate(s1, '(module)');
    expect(() => instantiate(s1, '(module)')).toThrow(/maxInstances/);
    const s2 = store({ maxMemories: 1 });
    instantiate(s2, '(module (memory 1))');
    expect(() => instantiate(s2, '(module (memory 1))')).toThrow(/maxMemories/);
    const s3 = store({ maxTables: 1 });
    Table.new(s3, { elemType: 0x70, limits: { min: 0 } });
    expect(() => instantiate(s3, '(module (table 0 funcref))')).toThrow(/maxTables/);
  });

  it('rejects malformed limits', () => {
    expect(() => store({ maxInstances: -1 })).toThrow(RangeError);
    expect(() => store({ maxMemoryBytes: 1.5 })).toThrow(RangeError);
    expect(() => store({ maxCallDepth: 2 ** 31 })).toThrow(RangeError);
  });
});
