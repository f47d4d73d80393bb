/**
 * Fuel semantics: out-of-fuel traps, exact fuel at traps and at host calls, refuelling from the
 * callback, fuel shared by a store's instances, deadlines, and no fuel code when fuel is off.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../winch/index.js';
import { Engine, Func, Instance, Linker, Module, Store, Trap } from '../../../runtime/index.js';
import { createWebAssembly } from '../../../runtime/webassembly/index.js';
import { trapOf, wat } from '../runtime/helpers.js';

const fuelEngine = (): Engine => new Engine({ fuel: true });

const instantiate = (store: Store, text: string, imports: Parameters<Linker['define']>[2][] = []): Instance =>
  new Instance(store, Module.fromBytes(store.engine, wat(text)), imports as never[]);

const LOOP = `(module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param i32) (result i32) (local i32)
    (loop (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "add2") (param i32) (result i32) (i32.add (local.get 0) (i32.const 2)))
  (func (export "empty")))`;

describe('running out of fuel', () => {
  it('stops an infinite loop with OutOfFuel and leaves no fuel', () => {
    const store = new Store(fuelEngine(), { fuel: 10_000 });
    const inst = instantiate(store, LOOP);
    const t = trapOf(() => inst.getFunc('spin')!.call());
    expect(t.code).toBe('OutOfFuel');
    expect(t.message).toBe('all fuel consumed by WebAssembly');
    expect(store.getFuel()).toBe(0n);
  });

  it('follows Wasmtime at the edges: a check needs fuel left after charging', () => {
    const store = new Store(fuelEngine());
    const inst = instantiate(store, LOOP);
    store.setFuel(1);
    expect(trapOf(() => inst.getFunc('empty')!.call()).code).toBe('OutOfFuel');
    store.setFuel(6);
    expect(inst.getFunc('add2')!.call(10)).toBe(12);
    expect(store.getFuel()).toBe(2n);
    // the next call overshoots (4 > 2): no check inside the body, so it completes at 0
    expect(inst.getFunc('add2')!.call(10)).toBe(12);
    expect(store.getFuel()).toBe(0n);
    expect(trapOf(() => inst.getFunc('add2')!.call(10)).code).toBe('OutOfFuel');
  });

  it('charges exactly what ran up to a trap, the trapping operator included', () => {
    const store = new Store(fuelEngine(), { fuel: 1000 });
    const inst = instantiate(store, `(module (memory 1)
      (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0)) (i32.const 100) (i32.add))
      (func (export "load") (param i32) (result i32)
        (i32.add (i32.load (local.get 0)) (i32.const 1)) (i32.const 5) (i32.mul)))`);
    expect(trapOf(() => inst.getFunc('div')!.call(0)).code).toBe('IntegerDivisionByZero');
    expect(store.getFuel()).toBe(1000n - 4n); // entry + const + local.get + div_s
    store.setFuel(1000);
    expect(trapOf(() => inst.getFunc('load')!.call(65536)).code).toBe('MemoryOutOfBounds');
    expect(store.getFuel()).toBe(1000n - 3n); // entry + local.get + load
    store.setFuel(1000);
    expect(inst.getFunc('load')!.call(0)).toBe(5);
    expect(store.getFuel()).toBe(1000n - 7n);
  });

  it('charges exactly the frames that ran when the call depth runs out', () => {
    const engine = new Engine({ fuel: true, callDepthChecks: true });
    const store = new Store(engine, { fuel: 1000, limits: { maxCallDepth: 10 } });
    const inst = new Instance(store, Module.fromBytes(engine, wat(`(module
      (func $down (export "down") (param $n i32) (result i32)
        (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1))))`)), []);
    expect(trapOf(() => inst.getFunc('down')!.call(0)).code).toBe('StackOverflow');
    // 10 frames ran entry, local.get, i32.const, i32.add and call (5 each); the 11th never entered
    expect(store.getFuel()).toBe(1000n - 50n);
  });

  it('is the same whether the budget is one call or spread over many', () => {
    const store = new Store(fuelEngine(), { fuel: 1_000_000 });
    const inst = instantiate(store, LOOP);
    inst.getFunc('count')!.call(1000);
    const once = 1_000_000n - store.getFuel();
    store.setFuel(1_000_000);
    for (let i = 0; i < 10; i++) inst.getFunc('count')!.call(1000);
    expect(1_000_000n - store.getFuel()).toBe(10n * once);
  });
});

describe('loop shapes', () => {
  /** Ticks a global per iteration until OutOfFuel with `fuel`; the loop's back edge is `backEdge`. */
  const ticks = (backEdge: string, fuel: number, refill = 0): number => {
    const store = new Store(fuelEngine(), { fuel });
    const inst = instantiate(store, `(module (global $n (export "n") (mut i32) (i32.const 0))
      (func (export "tick") (param $k i32)
        (loop $l (global.set $n (i32.add (global.get $n) (i32.const 1))) ${backEdge})))`);
    if (refill > 0) {
      let left = 5 * refill;
      store.setOutOfFuelCallback(() => { const r = Math.min(refill, left); left -= r; return r; });
    }
    expect(trapOf(() => inst.getFunc('tick')!.call(0)).code).toBe('OutOfFuel');
    return inst.getGlobal('n')!.value as number;
  };

  it('stops loops whose back edge is br, br_if or br_table at the same tick for the same fuel', () => {
    // each iteration costs 7: global.get, i32.const, i32.add, global.set, then 3 more
    const br = ticks('(i32.const 1) (drop) (i32.const 1) (drop) (br $l)', 1000);
    expect(ticks('(local.get $k) (i32.eqz) (br_if $l)', 1000)).toBe(br);
    expect(ticks('(local.get $k) (i32.eqz) (br_table $l $l)', 1000)).toBe(br);
    // the check after iteration n sees 1 (entry) + 7n consumed: it traps once that reaches 1000
    expect(br).toBe(Math.ceil((1000 - 1) / 7));
  });

  it('refuels every loop shape mid-loop and continues', () => {
    for (const edge of ['(i32.const 1) (drop) (br $l)', '(local.get $k) (i32.eqz) (br_if $l)', '(local.get $k) (br_table $l $l)']) {
      expect(ticks(edge, 10, 100)).toBe(ticks(edge, 510));
    }
  });
});

describe('host functions and fuel', () => {
  it('see the exact fuel left and may change it (Wasmtime host_function_consumes_all)', () => {
    const engine = fuelEngine();
    const store = new Store(engine, { fuel: 10_000 });
    const seen: bigint[] = [];
    const host = Func.fromJs(store, { params: [], results: [] }, () => {
      seen.push(store.getFuel());
      store.setFuel(1);
    });
    const inst = instantiate(store, `(module (import "" "" (func))
      (func (export "f") call 0 call $other) (func $other))`, [host]);
    expect(trapOf(() => inst.getFunc('f')!.call()).code).toBe('OutOfFuel');
    expect(seen).toEqual([10_000n - 2n]);
  });

  it('share one counter among the instances of a store', () => {
    const store = new Store(fuelEngine(), { fuel: 1000 });
    const a = instantiate(store, LOOP);
    const linker = new Linker(store.engine).instance('a', a);
    const b = linker.instantiate(store, Module.fromBytes(store.engine, wat(`(module
      (import "a" "add2" (func $add2 (param i32) (result i32)))
      (func (export "twice") (param i32) (result i32) (call $add2 (call $add2 (local.get 0)))))`)));
    expect(b.getFunc('twice')!.call(1)).toBe(5);
    // twice: entry + local.get + 2 calls = 4; add2: 4 each
    expect(store.getFuel()).toBe(1000n - 12n);
  });
});

describe('out-of-fuel callback', () => {
  it('refuels and continues until it returns 0', () => {
    const store = new Store(fuelEngine(), { fuel: 100 });
    const inst = instantiate(store, LOOP);
    let calls = 0;
    store.setOutOfFuelCallback(() => (++calls <= 5 ? 1000 : 0));
    expect(inst.getFunc('count')!.call(500)).toBe(500); // needs ~3000 fuel
    const during = calls;
    expect(during).toBeGreaterThan(0);
    expect(trapOf(() => inst.getFunc('spin')!.call()).code).toBe('OutOfFuel');
    expect(calls).toBe(6);
  });

  it('may set the fuel itself or throw its own trap', () => {
    const store = new Store(fuelEngine(), { fuel: 10 });
    const inst = instantiate(store, LOOP);
    store.setOutOfFuelCallback(() => { store.setFuel(1_000_000); });
    expect(inst.getFunc('count')!.call(100)).toBe(100);
    store.setFuel(10);
    store.setOutOfFuelCallback(() => { throw new Trap('Interrupt'); });
    expect(trapOf(() => inst.getFunc('spin')!.call()).code).toBe('Interrupt');
  });

  it('traps at the same point however the same total is handed out', () => {
    const ticks = (initial: number, refill: number, total: number): number => {
      const store = new Store(fuelEngine(), { fuel: initial });
      const inst = instantiate(store, `(module (global $n (export "n") (mut i32) (i32.const 0))
        (func (export "tick") (loop (global.set $n (i32.add (global.get $n) (i32.const 1))) (br 0))))`);
      let given = initial;
      store.setOutOfFuelCallback(() => {
        const more = Math.min(refill, total - given);
        given += more;
        return more;
      });
      expect(trapOf(() => inst.getFunc('tick')!.call()).code).toBe('OutOfFuel');
      return inst.getGlobal('n')!.value as number;
    };
    const reference = ticks(5000, 0, 5000);
    expect(reference).toBeGreaterThan(500);
    expect(ticks(10, 7, 5000)).toBe(reference);
    expect(ticks(1, 1, 5000)).toBe(reference);
    expect(ticks(4000, 999, 5000)).toBe(reference);
  });
});

describe('deadlines', () => {
  it('interrupts an infinite loop with Trap Interrupt, and fuel still counts', () => {
    const store = new Store(fuelEngine(), { fuel: 2n ** 64n - 1n });
    const inst = instantiate(store, LOOP);
    const t = trapOf(() => store.withDeadline(20, () => inst.getFunc('spin')!.call()));
    expect(t.code).toBe('Interrupt');
    expect(store.getFuel()).toBeLessThan(2n ** 64n - 1n);
    // without a deadline the remaining fuel is again handed out in one piece
    const before = store.getFuel();
    expect(inst.getFunc('count')!.call(10)).toBe(10);
    expect(before - store.getFuel()).toBeGreaterThan(0n);
  });

  it('does not change consumption or results of code that finishes in time', () => {
    const store = new Store(fuelEngine(), { fuel: 10_000_000 });
    const inst = instantiate(store, LOOP);
    const r = store.withDeadline(60_000, () => inst.getFunc('count')!.call(200_000));
    expect(r).toBe(200_000);
    const withDeadline = 10_000_000n - store.getFuel();
    store.setFuel(10_000_000);
    inst.getFunc('count')!.call(200_000);
    expect(10_000_000n - store.getFuel()).toBe(withDeadline);
  });
});

describe('the WebAssembly facade with fuel', () => {
  it('meters every instance and reports OutOfFuel as a RuntimeError code', () => {
    const wa = createWebAssembly({ fuel: 5000, limits: { maxCallDepth: 50 } });
    const { exports } = new wa.Instance(new wa.Module(new Uint8Array(wat(LOOP))), {});
    expect((exports['count'] as (n: number) => number)(100)).toBe(100);
    let err: unknown;
    try { (exports['spin'] as () => void)(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(wa.RuntimeError);
    expect((err as { code?: string }).code).toBe('OutOfFuel');
  });
});

describe('fuel API', () => {
  it('keeps amounts up to 2^64-1 exactly', () => {
    const store = new Store(fuelEngine());
    expect(store.getFuel()).toBe(0n);
    store.setFuel(2n ** 64n - 1n);
    expect(store.getFuel()).toBe(2n ** 64n - 1n);
    const inst = instantiate(store, LOOP);
    inst.getFunc('empty')!.call();
    expect(store.getFuel()).toBe(2n ** 64n - 2n);
    expect(() => store.setFuel(-1)).toThrow(RangeError);
    expect(() => store.setFuel(2n ** 64n)).toThrow(RangeError);
  });

  it('is refused by stores of engines without fuel', () => {
    const store = new Store(new Engine());
    expect(() => store.setFuel(1)).toThrow(/fuel is not enabled/);
    expect(() => store.getFuel()).toThrow(/fuel is not enabled/);
  });
});

describe('fuel off', () => {
  it('emits no fuel import, global, builtin or code', () => {
    const bytes = wat(LOOP);
    const off = compile(bytes);
    const on = compile(bytes, { fuel: true });
    const names = (b: Uint8Array<ArrayBuffer>) => WebAssembly.Module.imports(new WebAssembly.Module(b)).map((i) => i.name);
    expect(names(off.hostBytes)).not.toContain('fuel');
    expect(names(off.hostBytes)).not.toContain('out_of_fuel');
    expect(names(on.hostBytes)).toEqual(expect.arrayContaining(['fuel', 'out_of_fuel']));
    // the only difference fuel makes to the host module is the fuel code and imports
    expect(names(off.hostBytes)).not.toContain('depth');
    expect(on.hostBytes.length).toBeGreaterThan(off.hostBytes.length);
    // with depth checks (not fuel) the module still has no fuel import
    const depth = compile(bytes, { callDepthChecks: true });
    expect(names(depth.hostBytes)).toContain('depth');
    expect(names(depth.hostBytes)).not.toContain('fuel');
  });

  it('a guest of such an engine runs without any fuel set', () => {
    const store = new Store(new Engine());
    expect(instantiate(store, LOOP).getFunc('count')!.call(1000)).toBe(1000);
  });
});
