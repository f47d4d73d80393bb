/**
 * Global initializers the host engine cannot evaluate (extended constant expressions, reads of
 * defined globals: Wasm 3.0) are computed by `!init`; immutable ones are exported immutable, so
 * another module can import them and JS cannot change them.
 */
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { ValType } from '../../../abi/types.js';
import { Engine, Global, Linker, Module, Store } from '../../../runtime/index.js';

const wabt = await wabtInit();
const wat = (text: string): Uint8Array => {
  const m = wabt.parseWat('t.wat', text, { extended_const: true } as never);
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
};

describe('computed global initializers', () => {
  it('evaluates extended constant expressions and reads of earlier globals, in order', () => {
    const engine = new Engine();
    const store = new Store(engine);
    const linker = new Linker(engine);
    linker.define('env', 'base', Global.new(store, { type: ValType.i32, mutable: false }, 40));
    const exporter = linker.instantiate(store, Module.fromBytes(engine, wat(`(module
      (import "env" "base" (global $base i32))
      (global $a (export "a") i32 (i32.add (global.get $base) (i32.const 2)))
      (global $b (export "b") i64 (i64.mul (i64.const 3) (i64.sub (i64.const 10) (i64.const 4))))
      (global $c (export "c") (mut i32) (i32.mul (global.get $a) (i32.const 2)))
      (func (export "get") (result i32) (i32.add (global.get $a) (global.get $c))))`)));
    expect(exporter.getGlobal('a')!.value).toBe(42);
    expect(exporter.getGlobal('b')!.value).toBe(18n);
    expect(exporter.getGlobal('c')!.value).toBe(84);
    expect(exporter.getFunc('get')!.call()).toBe(126);
    // immutable: JS cannot change it, and a module importing an immutable i32 links to it
    expect(() => { exporter.getGlobal('a')!.value = 1; }).toThrow();
    linker.instance('m', exporter);
    const importer = linker.instantiate(store, Module.fromBytes(engine, wat(`(module
      (import "m" "a" (global $a i32))
      (import "m" "c" (global $c (mut i32)))
      (func (export "sum") (result i32) (global.set $c (i32.const 1)) (i32.add (global.get $a) (global.get $c))))`)));
    expect(importer.getFunc('sum')!.call()).toBe(43);
    expect(exporter.getGlobal('c')!.value).toBe(1); // the mutable one is shared, not copied
  });
});
