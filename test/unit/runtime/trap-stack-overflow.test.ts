/** Unbounded guest recursion traps with StackOverflow (the host's RangeError translated). */
import { describe, expect, it } from 'vitest';
import { Trap } from '../../../runtime/index.js';
import { instantiateWat, setup } from './helpers.js';

describe('stack overflow', () => {
  it('traps with StackOverflow and a backtrace of the recursing function', () => {
    const s = setup();
    const inst = instantiateWat(s, `(module $rec
      (func $down (export "down") (param i64) (result i64)
        local.get 0 i64.const 1 i64.add call $down))`);
    let err: unknown;
    try { inst.getFunc('down')!.call(0n); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(Trap);
    const t = err as Trap;
    expect(t.code).toBe('StackOverflow');
    expect(t.message).toBe('call stack exhausted');
    expect(t.backtrace.length).toBeGreaterThan(0);
    expect(t.backtrace.every((f) => f.funcName === 'down')).toBe(true);
    expect(inst.getFunc('down')).toBeDefined();
  });

  it('mutual recursion through call_indirect also overflows cleanly', () => {
    const s = setup();
    const inst = instantiateWat(s, `(module
      (type $t (func (param i32) (result i32)))
      (table 2 funcref)
      (elem (i32.const 0) $a $b)
      (func $a (param i32) (result i32) local.get 0 i32.const 1 call_indirect (type $t))
      (func $b (export "b") (param i32) (result i32) local.get 0 i32.const 0 call_indirect (type $t)))`);
    expect(() => inst.getFunc('b')!.call(1)).toThrow(Trap);
    try { inst.getFunc('b')!.call(1); } catch (e) { expect((e as Trap).code).toBe('StackOverflow'); }
  });
});
