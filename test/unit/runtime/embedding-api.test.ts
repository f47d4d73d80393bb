/**
 * The embedding API's calling paths: Func.wrap (typed), Func.new (dynamic, array-call),
 * TypedFunc (checked once), Func.call (array-call), v128 and funcref values in both directions,
 * reentrancy through the shared slot area, and the Linker's definitions and shadowing rule.
 */
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { CompileError, Engine, Func, Instance, LinkError, Linker, Memory, Store, Trap, WatError } from '../../../runtime/index.js';
import type { V128 } from '../../../runtime/index.js';
import { compileWat, instantiateWat, setup } from './helpers.js';
import { Module } from '../../../runtime/index.js';

const wabt = await wabtInit();
const watSimd = (text: string): Uint8Array => {
  const m = wabt.parseWat('t.wat', text, { multi_value: true, simd: true, reference_types: true, bulk_memory: true });
  try {
    m.resolveNames();
    m.validate();
    return new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
  } finally {
    m.destroy();
  }
};

const bytes16 = (...b: number[]): V128 => new Uint8Array(Array.from({ length: 16 }, (_, i) => b[i % b.length]!));

describe('Func.wrap (typed host functions)', () => {
  it('receives and returns every scalar type; several results as a tuple', () => {
    const s = setup();
    const seen: unknown[] = [];
    s.linker.func(s.store, 'env', 'mix', { params: ['i32', 'i64', 'f32', 'f64'], results: ['i64', 'f64'] },
      (a, b, c, d) => { seen.push(a, b, c, d); return [b * 2n + BigInt(a), c + d]; });
    const i = instantiateWat(s, `(module
      (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result i64 f64)))
      (func (export "go") (result i64 f64) (call $mix (i32.const -3) (i64.const 0x7fffffffffff) (f32.const 1.5) (f64.const 0.25))))`);
    expect(i.getFunc('go')!.call()).toEqual([0x7fffffffffffn * 2n - 3n, 1.75]);
    expect(seen).toEqual([-3, 0x7fffffffffffn, 1.5, 0.25]);
  });

  it('an error thrown by the host function reaches the caller unchanged; a Trap keeps its code', () => {
    const s = setup();
    const boom = new Error('boom');
    s.linker.func(s.store, 'env', 'fail', { params: ['i32'], results: [] }, (x) => {
      if (x === 1) throw boom;
      throw new Trap('UnreachableCodeReached');
    });
    const i = instantiateWat(s, `(module (import "env" "fail" (func $f (param i32)))
      (func (export "go") (param i32) (call $f (local.get 0))))`);
    expect(() => i.getFunc('go')!.call(1)).toThrow(boom);
    expect(() => i.getFunc('go')!.call(2)).toThrow(Trap);
  });

  it('v128 parameters and results go through the array-call exit', () => {
    const s = setup();
    s.linker.func(s.store, 'env', 'rev', { params: ['v128', 'i32'], results: ['v128'] }, (v, k) => v.map((b) => b ^ k).reverse());
    const m = Module.fromBytes(s.engine, watSimd(`(module
      (import "env" "rev" (func $rev (param v128 i32) (result v128)))
      (func (export "go") (result i32)
        (i8x16.extract_lane_u 0 (call $rev (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (i32.const 0xff)))))`));
    expect(s.linker.instantiate(s.store, m).getFunc('go')!.call()).toBe(16 ^ 0xff);
  });
});

describe('Func.new (dynamic host functions)', () => {
  it('gets an argument array and returns a result array, every value type included', () => {
    const s = setup();
    const calls: unknown[][] = [];
    s.linker.funcNew(s.store, 'env', 'dyn', { params: ['i32', 'i64', 'v128', 'externref'], results: ['f64', 'v128', 'externref'] },
      (args) => { calls.push(args); return [args[0] + 0.5, args[2].slice().fill(9, 0, 8), { wrapped: args[3] }]; });
    const m = Module.fromBytes(s.engine, watSimd(`(module
      (import "env" "dyn" (func $d (param i32 i64 v128 externref) (result f64 v128 externref)))
      (func (export "go") (param externref) (result f64 i64 externref)
        (local $v v128) (local $r externref) (local $f f64)
        (call $d (i32.const 41) (i64.const -1) (v128.const i64x2 0x1111111111111111 0x2222222222222222) (local.get 0))
        (local.set $r) (local.set $v) (local.set $f)
        (local.get $f) (i64x2.extract_lane 1 (local.get $v)) (local.get $r)))`));
    const token = { id: 1 };
    const [f, hi, r] = s.linker.instantiate(s.store, m).getFunc('go')!.call(token) as [number, bigint, { wrapped: unknown }];
    expect(f).toBe(41.5);
    expect(hi).toBe(0x2222222222222222n);
    expect(r.wrapped).toBe(token);
    expect(calls[0]![1]).toBe(-1n);
    expect([...(calls[0]![2] as Uint8Array)]).toEqual([...new Array(8).fill(0x11), ...new Array(8).fill(0x22)]);
  });

  it('rejects a wrong result count or type with a TypeError naming it', () => {
    const s = setup();
    const bad = Func.new(s.store, { params: [], results: ['i32'] }, () => [] as never);
    const wrongType = Func.new(s.store, { params: [], results: ['i64'] }, () => [1] as never);
    expect(() => bad.call()).toThrow(/returned 0 result\(s\)/);
    expect(() => wrongType.call()).toThrow(/result 0 .*expected i64/);
  });

  it('funcref arguments and results are Func handles', () => {
    const s = setup();
    const i = instantiateWat(s, `(module
      (func $seven (export "seven") (result i32) (i32.const 7))
      (table 1 funcref) (elem (i32.const 0) $seven)
      (func (export "get") (result funcref) (table.get 0 (i32.const 0))))`);
    const seven = i.getFunc('seven')!;
    const pick = Func.new(s.store, { params: ['funcref'], results: ['funcref'] }, ([f]) => [f]);
    expect(pick.call(seven)).toBe(seven);
    expect(pick.call(null)).toBe(null);
    expect(i.getFunc('get')!.call()).toBe(seven);
  });
});

describe('TypedFunc', () => {
  const GUEST = `(module
    (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
    (func (export "swap") (param f32 f64) (result f64 f32) (local.get 1) (local.get 0))
    (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func (export "nop")))`;

  it('calls with plain values after one type check', () => {
    const s = setup();
    const i = instantiateWat(s, GUEST);
    const add = i.getFunc('add')!.typed(['i32', 'i64'], ['i64']);
    const r: bigint = add.call(-2, 10n);
    expect(r).toBe(8n);
    const swap = i.getFunc('swap')!.typed(['f32', 'f64'], ['f64', 'f32']);
    const [a, b]: [number, number] = swap.call(0.5, 2.25);
    expect([a, b]).toEqual([2.25, 0.5]);
    const nop = i.getFunc('nop')!.typed([], []);
    const none: undefined = nop.call();
    expect(none).toBeUndefined();
  });

  it('rejects a type that does not match, naming both', () => {
    const s = setup();
    const i = instantiateWat(s, GUEST);
    expect(() => i.getFunc('add')!.typed(['i32', 'i32'], ['i64'])).toThrow(/has type \[i32 i64\] -> \[i64\], not \[i32 i32\] -> \[i64\]/);
    expect(() => i.getFunc('add')!.typed(['i32', 'i64'], [])).toThrow(TypeError);
  });

  it('a trap through the fast path is a Trap with its code', () => {
    const s = setup();
    const div = instantiateWat(s, GUEST).getFunc('div')!.typed(['i32', 'i32'], ['i32']);
    expect(div.call(7, 2)).toBe(3);
    let e: unknown;
    try { div.call(1, 0); } catch (x) { e = x; }
    expect((e as Trap).code).toBe('IntegerDivisionByZero');
  });

  it('v128 signatures use the array-call entry', () => {
    const s = setup();
    const m = Module.fromBytes(s.engine, watSimd(`(module
      (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1))))`));
    const add = s.linker.instantiate(s.store, m).getFunc('add')!.typed(['v128', 'v128'], ['v128']);
    const r = add.call(bytes16(1, 0, 0, 0), bytes16(2, 0, 0, 0));
    expect([...r]).toEqual([...bytes16(3, 0, 0, 0)]);
    expect(() => add.call(new Uint8Array(15), bytes16(0))).toThrow(/v128/);
  });
});

describe('Global handles of v128', () => {
  it('read and write 16 bytes through raw accessors', () => {
    const s = setup();
    const m = Module.fromBytes(s.engine, watSimd(`(module
      (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
      (global (export "c") v128 (v128.const i8x16 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 0xff))
      (func (export "lane3") (result i32) (i32x4.extract_lane 3 (global.get $g))))`));
    const i = s.linker.instantiate(s.store, m);
    const g = i.getGlobal('g')!;
    expect([...(g.value as Uint8Array)]).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]);
    expect((i.getGlobal('c')!.value as Uint8Array)[15]).toBe(0xff);
    g.value = bytes16(0x11, 0x22, 0x33, 0x44);
    expect(i.getFunc('lane3')!.call()).toBe(0x44332211);
    expect(() => { g.value = new Uint8Array(8); }).toThrow(/v128/);
    expect(() => { i.getGlobal('c')!.value = bytes16(1); }).toThrow(/immutable/);
  });
});

describe('Func.call (array-call entry)', () => {
  it('checks arguments and supports v128', () => {
    const s = setup();
    const m = Module.fromBytes(s.engine, watSimd(`(module
      (func (export "splat") (param i32) (result v128) (i8x16.splat (local.get 0))))`));
    const splat = s.linker.instantiate(s.store, m).getFunc('splat')!;
    expect([...(splat.call(0x1ab) as Uint8Array)]).toEqual(new Array(16).fill(0xab));
    expect(() => splat.call(1n)).toThrow(/argument 0 .*expected i32/);
    expect(() => splat.call()).toThrow(/expects 1 argument/);
  });

  it('is reentrant: host → guest → host → guest with the shared slots in flight', () => {
    const s = setup();
    let inner: Func | undefined;
    s.linker.funcNew(s.store, 'env', 'host', { params: ['i32', 'i64'], results: ['i64'] }, ([n, x]) => {
      // call back into the guest before using the arguments' successors
      const deeper = n > 0 ? (inner!.call(n - 1, x + 1n) as bigint) : 0n;
      return [deeper + x * 10n + BigInt(n)];
    });
    const i = instantiateWat(s, `(module
      (import "env" "host" (func $h (param i32 i64) (result i64)))
      (func (export "down") (param i32 i64) (result i64)
        (i64.add (call $h (local.get 0) (local.get 1)) (i64.const 1000))))`);
    inner = i.getFunc('down')!;
    // down(n, x) = host(n, x) + 1000, host(n, x) = down(n-1, x+1) + 10x + n (n > 0), else 10x
    const expected = (n: number, x: bigint): bigint => (n > 0 ? expected(n - 1, x + 1n) : 0n) + x * 10n + BigInt(n) + 1000n;
    expect(inner.call(5, 3n)).toBe(expected(5, 3n));
  });
});

describe('Linker', () => {
  it('refuses to define a name twice unless shadowing is allowed, then the later one wins', () => {
    const s = setup();
    const one = Func.wrap(s.store, { params: [], results: ['i32'] }, () => 1);
    const two = Func.wrap(s.store, { params: [], results: ['i32'] }, () => 2);
    s.linker.define('m', 'f', one);
    expect(() => s.linker.define('m', 'f', two)).toThrow(LinkError);
    expect(() => s.linker.define('m', 'f', two)).toThrow(/defined twice/);
    s.linker.allowShadowing(true).define('m', 'f', two);
    const i = instantiateWat(s, `(module (import "m" "f" (func $f (result i32))) (func (export "go") (result i32) (call $f)))`);
    expect(i.getFunc('go')!.call()).toBe(2);
  });

  it('module() instantiates a provider and defines its exports for the next module', () => {
    const s = setup();
    const provider = compileWat(s, `(module (memory (export "mem") 1) (func (export "get") (result i32) (i32.load (i32.const 0))))`);
    const pi = s.linker.module(s.store, 'lib', provider);
    const user = instantiateWat(s, `(module (import "lib" "mem" (memory 1)) (import "lib" "get" (func $g (result i32)))
      (func (export "go") (result i32) (i32.store (i32.const 0) (i32.const 77)) (call $g)))`);
    expect(user).toBeInstanceOf(Instance);
    expect(user.getFunc('go')!.call()).toBe(77);
    expect((pi.getExport('mem') as Memory).read(0, 1)[0]).toBe(77);
  });
});

describe('Module.fromText and Store data', () => {
  it('compiles text through wabt; bad text and invalid modules are rejected with their own errors', async () => {
    const s = setup();
    const m = await Module.fromText(s.engine, '(module (func (export "two") (result i32) (i32.const 2)))');
    expect(s.linker.instantiate(s.store, m).getFunc('two')!.call()).toBe(2);
    await expect(Module.fromText(s.engine, '(module (func (export "x")')).rejects.toThrow(WatError);
    await expect(Module.fromText(s.engine, '(module (func (result i32) (i64.const 1)))')).rejects.toThrow(CompileError);
  });

  it('a store carries typed embedder data that host functions can update', () => {
    const engine = new Engine();
    const store = new Store<{ calls: number; log: string[] }>(engine, { data: { calls: 0, log: [] } });
    const linker = new Linker(engine);
    linker.func(store, 'env', 'note', { params: ['i32'], results: [] }, (x) => { store.data.calls++; store.data.log.push(String(x)); });
    const m = Module.fromBytes(engine, watSimd(`(module (import "env" "note" (func $n (param i32)))
      (func (export "go") (call $n (i32.const 4)) (call $n (i32.const 5))))`));
    linker.instantiate(store, m).getFunc('go')!.call();
    expect(store.data).toEqual({ calls: 2, log: ['4', '5'] });
    expect(new Store(engine).data).toBeUndefined();
  });
});
