/**
 * `defineWasi` defines every WASI function, but makes a function's host wasm function only when
 * it is first needed (`get`, or instantiating a module that imports it): the definitions behave
 * exactly as eager ones (duplicates, shadowing, identity).
 */
import { describe, expect, it } from 'vitest';
import { Func, LinkError, Wasi } from '../../../runtime/index.js';
import { compileWat, setup } from './helpers.js';

const WASI = 'wasi_snapshot_preview1';

const COMMAND = `(module
  (import "${WASI}" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "argc") (result i32)
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (i32.load (i32.const 0))))`;

describe('lazily made WASI functions', () => {
  it('get returns a typed, identity-stable Func for every WASI name, undefined for others', () => {
    const s = setup();
    s.linker.defineWasi(s.store, new Wasi());
    const f = s.linker.get(WASI, 'fd_write');
    expect(f).toBeInstanceOf(Func);
    expect((f as Func).type).toEqual({ params: [0x7f, 0x7f, 0x7f, 0x7f], results: [0x7f] });
    expect(s.linker.get(WASI, 'fd_write')).toBe(f);
    expect(s.linker.get(WASI, 'no_such_function')).toBeUndefined();
  });

  it('instantiates a module importing WASI functions, which see the Wasi state', () => {
    const s = setup();
    const wasi = new Wasi({ args: ['prog', 'a', 'b'] });
    s.linker.defineWasi(s.store, wasi);
    const instance = s.linker.instantiate(s.store, compileWat(s, COMMAND));
    wasi.initialize(instance); // binds the memory
    expect(instance.getFunc('argc')!.call()).toBe(3);
    // the function made for the instance is the one `get` returns afterwards
    expect(s.linker.get(WASI, 'args_sizes_get')).toBeInstanceOf(Func);
  });

  it('a WASI name defined twice is an error, in either order, unless shadowing is allowed', () => {
    const s = setup();
    s.linker.defineWasi(s.store, new Wasi());
    expect(() => s.linker.defineWasi(s.store, new Wasi())).toThrow(LinkError);
    const own = Func.wrap(s.store, { params: ['i32', 'i32'], results: ['i32'] }, () => 0);
    expect(() => s.linker.define(WASI, 'args_sizes_get', own)).toThrow(/defined twice/);

    const t = setup();
    t.linker.define(WASI, 'fd_close', Func.wrap(t.store, { params: ['i32'], results: ['i32'] }, () => 0));
    expect(() => t.linker.defineWasi(t.store, new Wasi())).toThrow(/defined twice/);
  });

  it('with shadowing, the later definition wins (a JS function over WASI, WASI over a JS function)', () => {
    const s = setup();
    s.linker.allowShadowing(true);
    s.linker.defineWasi(s.store, new Wasi({ args: ['prog'] }));
    let bytes: (() => Uint8Array) | undefined;
    const own = Func.wrap(s.store, { params: ['i32', 'i32'], results: ['i32'] }, (argc: number) => {
      bytes!()[argc] = 42;
      return 0;
    });
    s.linker.define(WASI, 'args_sizes_get', own);
    expect(s.linker.get(WASI, 'args_sizes_get')).toBe(own);
    const instance = s.linker.instantiate(s.store, compileWat(s, COMMAND));
    const memory = instance.getMemory('memory')!;
    bytes = () => memory.bytes();
    expect(instance.getFunc('argc')!.call()).toBe(42);

    const wasi = new Wasi({ args: ['prog', 'x'] });
    s.linker.defineWasi(s.store, wasi);
    const again = s.linker.instantiate(s.store, compileWat(s, COMMAND));
    wasi.initialize(again);
    expect(again.getFunc('argc')!.call()).toBe(2);
    expect(s.linker.get(WASI, 'args_sizes_get')).not.toBe(own);
  });
});
