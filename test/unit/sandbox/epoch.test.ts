/**
 * Epoch interruption on the test engine (Node 20 has no multi-memory, so these guests have no
 * memory of their own and the epoch memory is host memory 0; guests with a memory are covered on
 * Node 26 and Bun in test/engines/epoch-engines.test.ts): deadlines reached at function entries
 * and loop headers, by hand (`incrementEpoch`) and by a ticker thread, the deadline callback,
 * fuel staying exact with epoch checks, no epoch code when off, and the typed errors.
 */
import wabtInit from 'wabt';
import { afterEach, describe, expect, it } from 'vitest';
import { compile } from '../../../winch/index.js';
import {
  detectEpochSupport, Engine, EpochTicker, EpochUnsupportedError, Func, Instance, Module, Store, Trap,
} from '../../../runtime/index.js';
import { startNodeEpochTicker } from '../../../runtime/node/epoch-ticker.js';
import { trapOf, wat } from '../runtime/helpers.js';

const epochEngine = (extra: { fuel?: boolean; callDepthChecks?: boolean } = {}): Engine =>
  new Engine({ epochInterruption: true, ...extra });

/** Guest without memory: `tick` (imported) is called once per iteration of an endless loop. */
const TICKING = `(module
  (import "host" "tick" (func $tick))
  (func (export "loop") (loop $l (call $tick) (br $l)))
  (func (export "loop_brif") (loop $l (call $tick) (br_if $l (i32.const 1))))
  (func $f (call $tick))
  (func (export "calls") (call $f) (call $f) (call $f) (call $f) (call $f) (call $f)))`;

/** Guest without memory that never ends: a loop, and a binary recursion of bounded depth (no loop at all). */
const ENDLESS = `(module
  (func (export "spin") (loop $l (br $l)))
  (func $r (param i32)
    (if (local.get 0) (then
      (call $r (i32.sub (local.get 0) (i32.const 1)))
      (call $r (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "tree") (loop $l (call $r (i32.const 60)) (br $l)))
  (func (export "tree_only") (call $r (i32.const 60))))`;

/** Instantiates TICKING with a `tick` that advances the engine's epoch and counts the calls. */
const ticking = (store: Store): { inst: Instance; ticks: () => number } => {
  let n = 0;
  const tick = Func.wrap(store, { params: [], results: [] }, () => { n++; store.engine.incrementEpoch(); });
  const inst = new Instance(store, Module.fromBytes(store.engine, wat(TICKING)), [tick]);
  return { inst, ticks: () => n };
};

describe('epoch deadlines at the checking points', () => {
  it('a loop traps Interrupt at the first loop header at or past the deadline', () => {
    for (const name of ['loop', 'loop_brif']) {
      const store = new Store(epochEngine());
      const { inst, ticks } = ticking(store);
      store.setEpochDeadline(3);
      const t = trapOf(() => inst.getFunc(name)!.call());
      expect(t.code).toBe('Interrupt');
      expect(t.message).toBe('interrupt');
      expect(ticks()).toBe(3);
    }
  });

  it('a function entry traps Interrupt once the deadline is reached', () => {
    const store = new Store(epochEngine());
    const { inst, ticks } = ticking(store);
    store.setEpochDeadline(2);
    // calls: $f ticks (epoch 1), $f ticks (epoch 2), the third $f's entry check traps
    expect(trapOf(() => inst.getFunc('calls')!.call()).code).toBe('Interrupt');
    expect(ticks()).toBe(2);
  });

  it('without a deadline set, nothing is interrupted', () => {
    const store = new Store(epochEngine());
    const { inst, ticks } = ticking(store);
    inst.getFunc('calls')!.call();
    expect(ticks()).toBe(6);
    expect(store.engine.epoch).toBe(6n);
  });

  it('the deadline is relative to the current epoch', () => {
    const store = new Store(epochEngine());
    const { inst, ticks } = ticking(store);
    for (let i = 0; i < 10; i++) store.engine.incrementEpoch();
    store.setEpochDeadline(4);
    expect(trapOf(() => inst.getFunc('loop')!.call()).code).toBe('Interrupt');
    expect(ticks()).toBe(4);
  });

  it('the callback extends the deadline until it throws', () => {
    const store = new Store(epochEngine());
    const { inst, ticks } = ticking(store);
    const seen: bigint[] = [];
    store.epochDeadlineCallback(() => {
      seen.push(store.engine.epoch);
      if (seen.length === 4) throw new Trap('Interrupt');
      return 5;
    });
    store.setEpochDeadline(2);
    expect(trapOf(() => inst.getFunc('loop')!.call()).code).toBe('Interrupt');
    // deadlines 2, 7, 12, 17: the callback runs at each, the fourth time it stops the guest
    expect(seen).toEqual([2n, 7n, 12n, 17n]);
    expect(ticks()).toBe(17);
    // back to trapping: the next deadline traps without the callback
    store.epochDeadlineTrap();
    store.setEpochDeadline(1);
    expect(trapOf(() => inst.getFunc('loop')!.call()).code).toBe('Interrupt');
    expect(ticks()).toBe(18);
    expect(seen.length).toBe(4);
  });

  it('deadlines across the 32-bit wrap and beyond the 2^30-tick horizon are exact', () => {
    const run = (start: bigint, deadline: bigint, step: bigint): { trap: string | null; calls: number } => {
      const engine = epochEngine();
      const cells = new BigInt64Array(engine.epochBuffer, 0, 1);
      Atomics.store(cells, 0, start);
      const store = new Store(engine);
      let calls = 0;
      const tick = Func.wrap(store, { params: [], results: [] }, () => {
        calls++;
        if (calls > 40) throw new Error('not interrupted');
        Atomics.add(cells, 0, step);
      });
      const inst = new Instance(store, Module.fromBytes(engine, wat(TICKING)), [tick]);
      store.setEpochDeadline(deadline);
      try {
        inst.getFunc('loop')!.call();
      } catch (e) {
        if (e instanceof Trap) return { trap: e.code, calls };
        return { trap: (e as Error).message, calls };
      }
      return { trap: null, calls };
    };
    // the low 32 bits wrap between the epoch and the deadline
    expect(run((1n << 32n) - 2n, 5n, 1n)).toEqual({ trap: 'Interrupt', calls: 5 });
    expect(run((1n << 31n) - 3n, 7n, 1n)).toEqual({ trap: 'Interrupt', calls: 7 });
    // 3 * 2^30 + 7 ticks away, 2^28 per tick: re-armed three times on the way, reached at the 13th
    expect(run(123n, 3n * (1n << 30n) + 7n, 1n << 28n)).toEqual({ trap: 'Interrupt', calls: 13 });
    // 2^40 ticks away: re-armed every 2^30, never reached within 40 calls of 2^29
    expect(run(0n, 1n << 40n, 1n << 29n)).toEqual({ trap: 'not interrupted', calls: 41 });
  });

  it('a callback returning 0 ticks is a RangeError', () => {
    const store = new Store(epochEngine());
    const { inst } = ticking(store);
    store.epochDeadlineCallback(() => 0);
    store.setEpochDeadline(1);
    expect(() => inst.getFunc('loop')!.call()).toThrow(RangeError);
  });

  it('keeps fuel exact: the same consumption and OutOfFuel point with and without epoch checks', () => {
    const consumed = (engine: Engine, fuel: bigint): { used: bigint; trap: string | null; ticks: number } => {
      const store = new Store(engine, { fuel });
      let n = 0;
      const tick = Func.wrap(store, { params: [], results: [] }, () => { n++; });
      const inst = new Instance(store, Module.fromBytes(engine, wat(TICKING)), [tick]);
      let trap: string | null = null;
      try {
        inst.getFunc('calls')!.call();
        inst.getFunc('loop')!.call();
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        trap = e.code;
      }
      return { used: fuel - store.getFuel(), trap, ticks: n };
    };
    for (const fuel of [1n, 5n, 17n, 1000n]) {
      const plain = consumed(new Engine({ fuel: true }), fuel);
      const withEpoch = consumed(epochEngine({ fuel: true }), fuel);
      expect(withEpoch).toEqual(plain);
      expect(plain.trap).toBe('OutOfFuel');
    }
  });

  it('interrupts with fuel and call-depth checks on too, fuel left exact', () => {
    const store = new Store(epochEngine({ fuel: true, callDepthChecks: true }), { fuel: 1_000_000 });
    const { inst, ticks } = ticking(store);
    store.setEpochDeadline(3);
    expect(trapOf(() => inst.getFunc('loop')!.call()).code).toBe('Interrupt');
    expect(ticks()).toBe(3);
    // entry 1; loop: three iterations of call (1) + br (1), then the check before the 4th
    expect(1_000_000n - store.getFuel()).toBe(7n);
  });
});

describe('deadlines from a ticker thread', () => {
  let ticker: EpochTicker | undefined;
  afterEach(() => ticker?.stop());

  it('interrupts an infinite loop and an endless recursion', () => {
    const engine = epochEngine();
    const store = new Store(engine);
    const inst = new Instance(store, Module.fromBytes(engine, wat(ENDLESS)), []);
    ticker = startNodeEpochTicker(engine, { intervalMs: 1 });
    expect(ticker.running).toBe(true);
    for (const name of ['spin', 'tree', 'tree_only']) {
      store.setEpochDeadline(5);
      const before = engine.epoch;
      expect(trapOf(() => inst.getFunc(name)!.call()).code).toBe('Interrupt');
      expect(engine.epoch - before).toBeGreaterThanOrEqual(5n);
    }
    ticker.stop();
    expect(ticker.running).toBe(false);
  });

  it('the browser core needs a Web Worker', () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    expect(() => EpochTicker.start(epochEngine())).toThrow(/no Web Worker/);
  });

  it('refuses engines without epoch interruption and bad intervals', () => {
    expect(() => startNodeEpochTicker(new Engine())).toThrow(/epoch interruption is not enabled/);
    expect(() => startNodeEpochTicker(epochEngine(), { intervalMs: 0 })).toThrow(RangeError);
  });
});

describe('epoch interruption off', () => {
  it('emits no epoch memory, deadline global, builtin or check', () => {
    const bytes = wat(ENDLESS);
    const imports = (b: Uint8Array<ArrayBuffer>) => WebAssembly.Module.imports(new WebAssembly.Module(b)).map((i) => `${i.name}:${i.kind}`);
    const off = compile(bytes);
    const on = compile(bytes, { epochInterruption: true });
    for (const name of ['epoch:memory', 'deadline:global', 'epoch_deadline:function']) {
      expect(imports(off.hostBytes)).not.toContain(name);
      expect(imports(on.hostBytes)).toContain(name);
    }
    expect(off.hostBytes.length).toBeLessThan(on.hostBytes.length);
    // with fuel on, turning epoch on only adds (the fuel-only module has no epoch import either)
    expect(imports(compile(bytes, { fuel: true }).hostBytes).filter((n) => n.startsWith('epoch') || n.startsWith('deadline'))).toEqual([]);
  });

  it('functions without calls have no entry check; without loops, no deadline loads', async () => {
    const wabt = await wabtInit();
    const hostText = (guest: string): string => {
      const m = wabt.readWasm(compile(wat(guest), { epochInterruption: true }).hostBytes, { threads: true });
      try {
        return m.toText({});
      } finally {
        m.destroy();
      }
    };
    const count = (text: string, what: RegExp): number => text.split('\n').filter((l) => what.test(l)).length;
    // the epoch memory is memory 0 here: every epoch read is an `i32.load` (these guests access no memory)
    const leaf = hostText('(module (func (export "leaf") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))');
    expect(count(leaf, /i32\.load/)).toBe(0);
    expect(count(leaf, /global\.get/)).toBe(0);
    const caller = hostText('(module (func $leaf (param i32) (result i32) (local.get 0)) (func (export "caller") (result i32) (call $leaf (i32.const 1))))');
    expect(count(caller, /i32\.load/)).toBe(1); // the caller's entry check only
    const looping = hostText('(module (func (export "spin") (loop (br 0))))');
    expect(count(looping, /i32\.load/)).toBe(1); // the loop header check (no calls: no function entry check)
    expect(count(looping, /global\.get/)).toBeGreaterThanOrEqual(1); // the deadline local is loaded
  });

  it('the store API is refused by engines without it', () => {
    const store = new Store(new Engine());
    expect(() => store.setEpochDeadline(1)).toThrow(/epoch interruption is not enabled/);
    expect(() => store.epochDeadlineCallback(() => 1)).toThrow(/epoch interruption is not enabled/);
    expect(() => new Engine().incrementEpoch()).toThrow(/epoch interruption is not enabled/);
  });
});

describe('host support', () => {
  it('Engine construction throws EpochUnsupportedError without shared memory', () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const saved = g.SharedArrayBuffer;
    delete g.SharedArrayBuffer;
    try {
      expect(() => epochEngine()).toThrow(EpochUnsupportedError);
      expect(() => epochEngine()).toThrow(/shared WebAssembly memory/);
    } finally {
      g.SharedArrayBuffer = saved;
    }
    expect(() => new Engine({ fuel: true })).not.toThrow();
  });

  it('detectEpochSupport names what a host lacks', () => {
    const noShared = {
      Memory: class { constructor() { throw new TypeError('shared memories are off'); } },
      validate: () => true,
    } as unknown as typeof WebAssembly;
    const s = detectEpochSupport(noShared);
    expect(s.sharedMemory).toBe(false);
    expect(s.reason).toMatch(/shared memories are off/);
    const noMulti = { Memory: WebAssembly.Memory, validate: () => false } as unknown as typeof WebAssembly;
    expect(detectEpochSupport(noMulti)).toMatchObject({ sharedMemory: true, multiMemory: false, reason: expect.stringMatching(/multi-memory/) });
  });

  it('a guest with a memory needs multi-memory: a typed error where the host has none, an interrupt where it has', () => {
    const engine = epochEngine();
    const bytes = wat('(module (memory 1) (func (export "spin") (loop $l (br $l))))');
    if (engine.epochSupport!.multiMemory) {
      const store = new Store(engine);
      const inst = new Instance(store, Module.fromBytes(engine, bytes), []);
      store.setEpochDeadline(1);
      engine.incrementEpoch();
      expect(trapOf(() => inst.getFunc('spin')!.call()).code).toBe('Interrupt');
    } else {
      expect(() => Module.fromBytes(engine, bytes)).toThrow(EpochUnsupportedError);
      expect(() => Module.fromBytes(engine, bytes)).toThrow(/multi-memory/);
    }
  });
});
