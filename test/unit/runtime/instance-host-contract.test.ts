/**
 * The runtime side of the host-module contract (abi/host-names.ts), checked with a hand-written
 * host module standing in for winch output: builtins, bound/memory imports, `!init`, exports.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledArtifact } from '../../../abi/artifact.js';
import { DEFAULT_TUNABLES } from '../../../abi/tunables.js';
import { ExternKind, ValType } from '../../../abi/types.js';
import { Engine, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import { wat } from './helpers.js';

const I32_I32 = { params: [ValType.i32], results: [ValType.i32] };

/** Host module for a guest with memory 0 (1..3 pages), global 0 (mut i32), functions get/grow/nested. */
const hostText = (name: string): string => `(module $${name}
  (import "wl" "trap" (func $trap (param i32 i32)))
  (import "wl" "memory_grow" (func $mg (param i32 i32) (result i32)))
  (import "wl" "memory0" (memory 1))
  (import "wl" "bound0" (global $bound (mut i64)))
  (global $gv (mut i32) (i32.const 5))
  (func $get (param i32) (result i32)
    local.get 0 i64.extend_i32_u i64.const 4 i64.add global.get $bound i64.gt_u
    if i32.const 104 i32.const 1 call $trap unreachable end
    local.get 0 i32.load)
  (func $grow (param i32) (result i32) i32.const 0 local.get 0 call $mg)
  (func $nested (param i32) (result i32) local.get 0 call $get)
  (func $init i32.const 0 i32.const 42 i32.store)
  (export "!init" (func $init))
  (export "f0" (func $get)) (export "f1" (func $grow)) (export "f2" (func $nested))
  (export "g0" (global $gv)))`;

const artifactFor = (name: string): CompiledArtifact => ({
  hostBytes: new Uint8Array(wat(hostText(name))) as Uint8Array<ArrayBuffer>,
  hostModuleName: name,
  guest: {
    types: [I32_I32],
    imports: [],
    funcTypes: [0, 0, 0],
    numImportedFuncs: 0,
    tables: [],
    numImportedTables: 0,
    memories: [{ limits: { min: 1, max: 3 } }],
    numImportedMemories: 0,
    globals: [{ type: ValType.i32, mutable: true }],
    numImportedGlobals: 0,
    exports: [
      { name: 'get', kind: ExternKind.func, index: 0 },
      { name: 'grow', kind: ExternKind.func, index: 1 },
      { name: 'nested', kind: ExternKind.func, index: 2 },
      { name: 'gv', kind: ExternKind.global, index: 0 },
      { name: 'mem', kind: ExternKind.memory, index: 0 },
    ],
    start: null,
    customSections: [],
    moduleName: 'guest',
    funcNames: new Map([[0, 'get'], [1, 'grow'], [2, 'nested']]),
  },
  tunables: DEFAULT_TUNABLES,
  hostDefinedFuncBase: 2,
  offsetMap: [
    { hostFunc: 2, guestFunc: 0, entries: Int32Array.of(0, 100) },
    { hostFunc: 4, guestFunc: 2, entries: Int32Array.of(0, 300, 1_000_000, 999) },
  ],
  guestSize: 1000,
});

describe('host-module contract', () => {
  const engine = new Engine();
  const store = new Store(engine);
  const module = Module.fromArtifact(engine, artifactFor('wl-contract-test'));
  const inst = new Instance(store, module, []);

  it('runs !init and exposes exports by guest name', () => {
    expect(Object.keys(inst.exports)).toEqual(['get', 'grow', 'nested', 'gv', 'mem']);
    expect(inst.getFunc('get')!.call(0)).toBe(42);
    expect(inst.getGlobal('gv')!.value).toBe(5);
    expect(inst.getFunc('get')!.type).toEqual(I32_I32);
  });

  it('trap builtin throws Trap with a mapped backtrace; the trap passes its own guest offset', () => {
    let t: unknown;
    try { inst.getFunc('nested')!.call(65535); } catch (e) { t = e; }
    expect(t).toBeInstanceOf(Trap);
    expect((t as Trap).code).toBe('MemoryOutOfBounds');
    expect((t as Trap).backtrace).toEqual([
      { funcIndex: 0, funcName: 'get', guestOffset: 104, moduleName: 'guest' },
      { funcIndex: 2, funcName: 'nested', guestOffset: 300, moduleName: 'guest' },
    ]);
  });

  it('memory_grow builtin grows, updates bound, honours the maximum', () => {
    const mem = inst.getMemory('mem')!;
    expect(inst.getFunc('grow')!.call(1)).toBe(1);
    expect(mem.bound.value).toBe(2n * 65536n);
    expect(inst.getFunc('get')!.call(65536)).toBe(0);
    expect(inst.getFunc('grow')!.call(2)).toBe(-1);
    expect(inst.getFunc('grow')!.call(-1)).toBe(-1);
    expect(mem.size()).toBe(2);
  });

  it('a second module with another host name maps its own frames', () => {
    const other = new Instance(store, Module.fromArtifact(engine, artifactFor('wl-contract-other')), []);
    let t: unknown;
    try { other.getFunc('get')!.call(1 << 20); } catch (e) { t = e; }
    expect((t as Trap).backtrace.map((f) => f.funcName)).toEqual(['get']);
  });
});
