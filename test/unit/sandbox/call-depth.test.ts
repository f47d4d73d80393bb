/**
 * Deterministic call depth: recursion traps StackOverflow at exactly the store's budget (in depth
 * units, abi `callDepthUnits`), the budget comes back after traps, host code that catches a trap
 * cannot shrink its caller's budget, and the host engine's own RangeError never escapes.
 */
import { describe, expect, it } from 'vitest';
import { callDepthUnits, DEFAULT_MAX_CALL_DEPTH } from '../../../abi/index.js';
import { Engine, Func, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import { wat } from '../runtime/helpers.js';

/** Recursion that counts its depth in global $d before recursing; `locals` declared i64 locals. */
const recursion = (locals: number): string => `(module
  (global $d (export "d") (mut i32) (i32.const 0))
  (func $down (export "down") (param $n i32) ${locals > 0 ? `(local ${'i64 '.repeat(locals)})` : ''}
    (global.set $d (i32.add (global.get $d) (i32.const 1)))
    (if (local.get $n) (then (call $down (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "reset") (global.set $d (i32.const 0))))`;

const depthEngine = (): Engine => new Engine({ callDepthChecks: true });

const run = (store: Store, text: string) => {
  const inst = new Instance(store, Module.fromBytes(store.engine, wat(text)), []);
  const down = inst.getFunc('down')!;
  const depth = inst.getGlobal('d')!;
  const reset = inst.getFunc('reset')!;
  /** Calls down(n); returns the depth reached and the trap code, if any. */
  return (n: number): [number, string | null] => {
    reset.call();
    let code: string | null = null;
    try {
      down.call(n);
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      code = e.code;
    }
    return [depth.value as number, code];
  };
};

describe('call depth', () => {
  it('traps StackOverflow exactly at the default budget for small frames', () => {
    const call = run(new Store(depthEngine()), recursion(0));
    expect(call(DEFAULT_MAX_CALL_DEPTH - 1)).toEqual([DEFAULT_MAX_CALL_DEPTH, null]);
    expect(call(DEFAULT_MAX_CALL_DEPTH)).toEqual([DEFAULT_MAX_CALL_DEPTH, 'StackOverflow']);
    expect(call(-1)).toEqual([DEFAULT_MAX_CALL_DEPTH, 'StackOverflow']);
    // and the budget is whole again afterwards
    expect(call(DEFAULT_MAX_CALL_DEPTH - 1)).toEqual([DEFAULT_MAX_CALL_DEPTH, null]);
  });

  it('follows the store limit and charges big frames more', () => {
    const store = new Store(depthEngine(), { limits: { maxCallDepth: 1000 } });
    expect(run(store, recursion(0))(-1)).toEqual([1000, 'StackOverflow']);
    const units = callDepthUnits(1 + 40);
    expect(units).toBeGreaterThan(1);
    expect(run(store, recursion(40))(-1)).toEqual([Math.floor(1000 / units), 'StackOverflow']);
  });

  it('reaches the same depth with fuel on', () => {
    const store = new Store(new Engine({ fuel: true, callDepthChecks: true }), { fuel: 2n ** 62n, limits: { maxCallDepth: 777 } });
    expect(run(store, recursion(3))(-1)).toEqual([777, 'StackOverflow']);
  });

  it('never lets the host RangeError escape (checks off: the host overflow is translated)', () => {
    const call = run(new Store(new Engine({ callDepthChecks: false })), recursion(0));
    const [depth, code] = call(-1);
    expect(code).toBe('StackOverflow');
    expect(depth).toBeGreaterThan(DEFAULT_MAX_CALL_DEPTH);
  });

  it('keeps the caller budget when host code swallows a trap of a nested call', () => {
    const engine = depthEngine();
    const store = new Store(engine, { limits: { maxCallDepth: 100 } });
    let inner: Func | undefined;
    const swallow = Func.fromJs(store, { params: [], results: [] }, () => {
      try {
        inner!.call(-1); // recurses until StackOverflow
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
      }
    });
    const inst = new Instance(store, Module.fromBytes(engine, wat(`(module
      (import "" "swallow" (func $swallow))
      (global $d (export "d") (mut i32) (i32.const 0))
      (func $down (export "down") (param $n i32)
        (global.set $d (i32.add (global.get $d) (i32.const 1)))
        (if (local.get $n) (then (call $down (i32.sub (local.get $n) (i32.const 1))))))
      (func $nest (param $k i32)
        (if (local.get $k) (then (call $nest (i32.sub (local.get $k) (i32.const 1)))) (else (call $swallow))))
      (func (export "outer") (result i32)
        (call $nest (i32.const 10))
        (global.set $d (i32.const 0))
        ;; 11 frames of $nest have returned: the full budget minus this frame is left
        (call $down (i32.const 98))
        (global.get $d)))`)), [swallow]);
    inner = inst.getFunc('down');
    expect(inst.getFunc('outer')!.call()).toBe(99);
  });
});

describe('call depth after host-raised traps', () => {
  it('gets the whole budget back after a signature mismatch unwinds guest frames', () => {
    const store = new Store(depthEngine(), { limits: { maxCallDepth: 50 } });
    const inst = new Instance(store, Module.fromBytes(store.engine, wat(`(module
      (type $v (func)) (table 1 funcref) (elem (i32.const 0) $wrong)
      (func $wrong (param i32))
      (func $deep (export "deep") (param $n i32)
        (if (local.get $n) (then (call $deep (i32.sub (local.get $n) (i32.const 1))))
          (else (call_indirect (type $v) (i32.const 0))))))`)), []);
    const deep = inst.getFunc('deep')!;
    // 40 frames unwound by the host's own signature check, many times over
    for (let i = 0; i < 10; i++) {
      expect(() => deep.call(40)).toThrow(Trap);
      try { deep.call(40); } catch (e) { expect((e as Trap).code).toBe('BadSignature'); }
    }
    expect(() => deep.call(48)).toThrow(/indirect call type mismatch/);
  });
});
