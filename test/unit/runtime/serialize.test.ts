/**
 * Module.serialize / Module.deserialize: the round trip keeps the artifact and the behaviour
 * (exports, traps with guest names, reflection), and bytes from another Windlass version, format,
 * ABI or engine configuration, or damaged bytes, are rejected with a DeserializeError saying why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeserializeError, Engine, Func, Module, Store, Trap, WINDLASS_VERSION } from '../../../runtime/index.js';
import { Linker } from '../../../runtime/index.js';
import { Wasi, collectOutput } from '../../../runtime/wasi/index.js';
import { REPO_ROOT } from '../../shared-paths.js';
import { wat } from './helpers.js';

const GUEST = wat(`(module $demo
  (memory (export "mem") 1 3)
  (data (i32.const 16) "windlass")
  (global $g (export "g") (mut i64) (i64.const -7))
  (table (export "t") 2 funcref)
  (elem (i32.const 0) $div)
  (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $outer (export "outer") (param i32) (result i32) (call $div (i32.const 100) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u offset=16 (local.get 0)))
  (func $init (global.set $g (i64.const 99)))
  (start $init))`);

const roundTrip = (engine: Engine, bytes: Uint8Array): Module => Module.deserialize(engine, Module.fromBytes(engine, bytes).serialize());

/** Replaces the first occurrence of ASCII `from` by `to` (same length) in a copy of `bytes`. */
const patchAscii = (bytes: Uint8Array, from: string, to: string): Uint8Array => {
  const text = new TextDecoder('latin1').decode(bytes);
  const i = text.indexOf(from);
  expect(i).toBeGreaterThan(0);
  const out = bytes.slice();
  out.set(new TextEncoder().encode(to), i);
  return out;
};

describe('Module.serialize / Module.deserialize', () => {
  it('keeps the artifact: reflection, names and the host module', () => {
    const engine = new Engine();
    const original = Module.fromBytes(engine, GUEST);
    const copy = Module.deserialize(engine, original.serialize());
    expect(copy.artifact).toEqual(original.artifact);
    expect(copy.exports()).toEqual(original.exports());
    expect(copy.imports()).toEqual(original.imports());
    expect(copy.name).toBe('demo');
    expect(copy.customSections('name').length).toBe(1);
  });

  it('deserializes from bytes at any alignment in their buffer (views when aligned, else one copy)', () => {
    const engine = new Engine();
    const original = Module.fromBytes(engine, GUEST);
    const serialized = original.serialize();
    for (const shift of [0, 1, 3, 8]) {
      const holder = new Uint8Array(serialized.length + shift);
      holder.set(serialized, shift);
      const copy = Module.deserialize(engine, holder.subarray(shift));
      expect(copy.artifact).toEqual(original.artifact);
      expect(copy.artifact.offsetMap.length).toBeGreaterThan(0);
      expect(copy.artifact.hostBytes.buffer === holder.buffer).toBe(shift % 8 === 0);
      const inst = new Linker(engine).instantiate(new Store(engine), copy);
      expect(inst.getFunc('outer')!.call(5)).toBe(20);
    }
  });

  it('keeps custom sections as bytes when the module was compiled from a Node Buffer', () => {
    const engine = new Engine();
    // a custom section "note" of 20000 bytes (size 20005 = LEB128 a5 9c 01) appended to the guest
    const payload = new Uint8Array(20000).map((_, i) => (i * 7) & 0xff);
    const section = Uint8Array.of(0, 0xa5, 0x9c, 0x01, 4, ...new TextEncoder().encode('note'), ...payload);
    const bytes = Buffer.concat([GUEST, section]);
    const serialized = Module.fromBytes(engine, bytes).serialize();
    const copy = Module.deserialize(engine, serialized);
    const [note] = copy.customSections('note');
    expect(note).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(note!)]).toEqual([...payload]);
    // the bytes travel in the blob area, not as a JSON number array
    const jsonLength = new DataView(serialized.buffer, serialized.byteOffset).getUint32(8, true);
    expect(jsonLength).toBeLessThan(payload.length);
  });

  it('a deserialized module instantiates and behaves like the original (start, data, globals, traps)', () => {
    const engine = new Engine();
    const m = roundTrip(engine, GUEST);
    const i = new Linker(engine).instantiate(new Store(engine), m);
    expect((i.getFunc('div') as Func).call(7, 2)).toBe(3);
    expect((i.getFunc('load') as Func).call(0)).toBe('w'.charCodeAt(0));
    expect(i.getGlobal('g')!.value).toBe(99n);
    let trap: unknown;
    try { (i.getFunc('outer') as Func).call(0); } catch (e) { trap = e; }
    expect(trap).toBeInstanceOf(Trap);
    expect((trap as Trap).code).toBe('IntegerDivisionByZero');
    expect((trap as Trap).backtrace.map((f) => f.funcName)).toEqual(['div', 'outer']);
  });

  it('a WASI program runs the same from a deserialized module', () => {
    const engine = new Engine();
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'examples/wasi/envargs.wasm')));
    const run = (m: Module): string => {
      const store = new Store(engine);
      const out = collectOutput();
      const wasi = new Wasi({ args: ['envargs', '0', 'x'], env: { A: 'b' }, stdout: out });
      expect(wasi.start(new Linker(engine).defineWasi(store, wasi).instantiate(store, m))).toBe(0);
      return out.text();
    };
    expect(run(roundTrip(engine, bytes))).toBe(run(Module.fromBytes(engine, bytes)));
  });

  it('rejects bytes compiled with another engine configuration', () => {
    const bytes = Module.fromBytes(new Engine({ canaryPages: 1 }), GUEST).serialize();
    expect(() => Module.deserialize(new Engine(), bytes)).toThrow(DeserializeError);
    expect(() => Module.deserialize(new Engine(), bytes)).toThrow(/engine configuration .*"canaryPages":1.*this engine has .*"canaryPages":0/);
    expect(Module.deserialize(new Engine({ canaryPages: 1 }), bytes)).toBeInstanceOf(Module);
  });

  it('rejects another Windlass version, format or ABI, and damaged bytes', () => {
    const engine = new Engine();
    const bytes = Module.fromBytes(engine, GUEST).serialize();
    const other = WINDLASS_VERSION.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(() => Module.deserialize(engine, patchAscii(bytes, `"windlass":"${WINDLASS_VERSION}"`, `"windlass":"${other}"`)))
      .toThrow(new RegExp(`produced by Windlass ${other.replace(/\./g, '\\.')}, this is Windlass`));
    const badFormat = bytes.slice();
    badFormat[4] = 99;
    expect(() => Module.deserialize(engine, badFormat)).toThrow(/artifact format 99/);
    const abi = /"abi":"([0-9a-f]{8})"/.exec(new TextDecoder('latin1').decode(bytes))![1]!;
    expect(() => Module.deserialize(engine, patchAscii(bytes, `"abi":"${abi}"`, `"abi":"${abi === '00000000' ? '11111111' : '00000000'}"`)))
      .toThrow(/runtime ABI/);
    expect(() => Module.deserialize(engine, GUEST)).toThrow(/bad magic/);
    expect(() => Module.deserialize(engine, bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => Module.deserialize(engine, new Uint8Array(3))).toThrow(DeserializeError);
    const corrupt = bytes.slice();
    corrupt[16] = 0x7b + 1; // '{' → '|'
    expect(() => Module.deserialize(engine, corrupt)).toThrow(/corrupt metadata/);
  });

  it('WINDLASS_VERSION is package.json\'s version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(WINDLASS_VERSION).toBe(pkg.version);
  });
});
