/**
 * Shape of the emitted host module: import/export names and order per abi/host-names,
 * passive segments, the name section, hostModuleName and artifact metadata.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNABLES, importedBuiltins } from '../../../abi/index.js';
import { compile } from '../../../winch/index.js';
import { wat } from '../codegen/harness.js';

const src = `(module $guest
  (import "env" "f" (func $imp (param i32)))
  (import "env" "g" (global $gi i32))
  (import "env" "mem" (memory 1))
  (import "env" "tab" (table 1 funcref))
  (table 2 externref)
  (global $d (mut i64) (i64.const 7))
  (global $e i32 (global.get $gi))
  (func $start)
  (func $main (export "main") (param i32) (result i32) (local.get 0))
  (export "d" (global $d))
  (export "gi" (global $gi))
  (start $start)
  (elem (table 0) (i32.const 0) func $main)
  (elem declare func $start)
  (data (i32.const 0) "x")
  (data "passive"))`;

describe('host module', () => {
  const bytes = wat(src, true);
  const a = compile(bytes);
  const m = new WebAssembly.Module(a.hostBytes);

  it('validates and has the abi import layout', () => {
    expect(WebAssembly.validate(a.hostBytes)).toBe(true);
    expect(WebAssembly.Module.imports(m)).toEqual([
      { module: 'g', name: 'f0', kind: 'function' },
      { module: 'g', name: 'g0', kind: 'global' },
      ...importedBuiltins(DEFAULT_TUNABLES).map((b) => ({ module: 'wl', name: b.name, kind: 'function' })),
      { module: 'wl', name: 'memory0', kind: 'memory' },
      { module: 'wl', name: 'table0', kind: 'table' },
      { module: 'wl', name: 'table1', kind: 'table' },
      { module: 'wl', name: 'last0', kind: 'global' }, // memory 0 has a minimum of 1 page: its size - 1 as an i32
    ]);
  });

  it('exports guest functions (exported + start), defined exported globals and !init', () => {
    expect(WebAssembly.Module.exports(m)).toEqual([
      { name: 'f2', kind: 'function' },
      { name: 'f1', kind: 'function' },
      { name: 'g1', kind: 'global' },
      { name: '!init', kind: 'function' },
    ]);
  });

  it('fills the artifact metadata', () => {
    expect(a.hostDefinedFuncBase).toBe(1 + importedBuiltins(DEFAULT_TUNABLES).length);
    expect(a.guest.numImportedFuncs).toBe(1);
    expect(a.guest.start).toBe(1);
    expect(a.guest.moduleName).toBe('guest');
    expect(a.guestSize).toBe(bytes.length);
    expect(a.tunables).toEqual(DEFAULT_TUNABLES);
    expect(a.hostModuleName).toMatch(/^wl[0-9a-f]{8}$/);
  });

  it('names the host module after guest bytes and tunables', () => {
    expect(compile(bytes).hostModuleName).toBe(a.hostModuleName);
    expect(compile(bytes, { boundsChecks: false }).hostModuleName).not.toBe(a.hostModuleName);
    expect(compile(wat('(module)')).hostModuleName).not.toBe(a.hostModuleName);
    const name = a.hostModuleName;
    const text = new TextDecoder().decode(a.hostBytes);
    expect(text.includes(name)).toBe(true);
    expect(WebAssembly.Module.customSections(m, 'name').length).toBe(1);
    // guest function names are carried over to the host functions
    expect(text.includes('main')).toBe(true);
  });

  it('leaves global initializers the host cannot express to !init (a mutable host global with a placeholder)', () => {
    // global 1 = global.get 0, a defined global (Wasm 3.0 constant expressions)
    const bin = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 6, 11, 2, 127, 0, 65, 1, 11, 127, 0, 35, 0, 11]);
    const a = compile(bin);
    expect(WebAssembly.validate(a.hostBytes)).toBe(true);
    expect(a.guest.computedGlobals).toEqual([1]);
    expect(a.guest.globals[1]!.mutable).toBe(false);
  });
});
