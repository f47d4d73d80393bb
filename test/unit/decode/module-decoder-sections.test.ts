// decodeModule: every section of small wabt-built modules lands in ModuleInfo as declared.
import { describe, expect, it } from 'vitest';
import { ExternKind, ValType } from '../../../abi/index.js';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import { decodeWat, mod, section, str, uleb, vec, wat } from './wasm-fixtures.js';

describe('decodeModule sections', () => {
  it('decodes an empty module', () => {
    const info = decodeModule(mod());
    expect(info.types).toEqual([]);
    expect(info.funcs).toEqual([]);
    expect(info.start).toBeNull();
    expect(info.dataCount).toBeNull();
    expect(info.moduleName).toBeUndefined();
  });

  it('type section: params and results of every value type', async () => {
    const info = await decodeWat(`(module
      (type (func))
      (type (func (param i32 i64 f32 f64 v128 funcref externref) (result i32 i64))))`);
    expect(info.types).toEqual([
      { params: [], results: [] },
      {
        params: [ValType.i32, ValType.i64, ValType.f32, ValType.f64, ValType.v128, ValType.funcref, ValType.externref],
        results: [ValType.i32, ValType.i64],
      },
    ]);
  });

  it('import section: all four kinds, with index spaces imported first', async () => {
    const info = await decodeWat(`(module
      (type $t (func (param i32)))
      (import "m" "f" (func (type $t)))
      (import "m" "t" (table 1 10 funcref))
      (import "m" "mem" (memory 1 2))
      (import "m" "g" (global (mut i64)))
      (import "m" "h" (global externref))
      (func (type $t))
      (table 3 externref)
      (global f32 (f32.const 1.5)))`);
    expect(info.imports).toEqual([
      { module: 'm', name: 'f', desc: { kind: ExternKind.func, typeIndex: 0 } },
      { module: 'm', name: 't', desc: { kind: ExternKind.table, type: { elemType: ValType.funcref, limits: { min: 1, max: 10 } } } },
      { module: 'm', name: 'mem', desc: { kind: ExternKind.memory, type: { limits: { min: 1, max: 2 } } } },
      { module: 'm', name: 'g', desc: { kind: ExternKind.global, type: { type: ValType.i64, mutable: true } } },
      { module: 'm', name: 'h', desc: { kind: ExternKind.global, type: { type: ValType.externref, mutable: false } } },
    ]);
    expect(info.funcs).toEqual([0, 0]);
    expect(info.numImportedFuncs).toBe(1);
    expect(info.tables).toEqual([
      { elemType: ValType.funcref, limits: { min: 1, max: 10 } },
      { elemType: ValType.externref, limits: { min: 3 } },
    ]);
    expect(info.numImportedTables).toBe(1);
    expect(info.memories).toEqual([{ limits: { min: 1, max: 2 } }]);
    expect(info.numImportedMemories).toBe(1);
    expect(info.globals).toEqual([
      { type: ValType.i64, mutable: true },
      { type: ValType.externref, mutable: false },
      { type: ValType.f32, mutable: false },
    ]);
    expect(info.numImportedGlobals).toBe(2);
    expect(info.globalInits).toEqual([{ offset: expect.any(Number), ops: [{ op: 'f32.const', bits: 0x3fc00000 }] }]);
  });

  it('function and code sections: bodies are byte ranges starting at the locals vector', async () => {
    const bytes = await wat(`(module
      (func (result i32) (local i64) (i32.const 7))
      (func (param i32) (result i32) (local.get 0)))`);
    const info = decodeModule(bytes);
    expect(info.funcs).toEqual([0, 1]);
    expect(info.bodies).toHaveLength(2);
    const [b0, b1] = info.bodies;
    // locals: 1 entry of (1 x i64); then i32.const 7; end
    expect([...bytes.subarray(b0!.offset, b0!.end)]).toEqual([0x01, 0x01, 0x7e, 0x41, 0x07, 0x0b]);
    expect([...bytes.subarray(b1!.offset, b1!.end)]).toEqual([0x00, 0x20, 0x00, 0x0b]);
  });

  it('memory section: limits with and without maximum, up to 65536 pages', async () => {
    const info = await decodeWat('(module (memory 0 65536))');
    expect(info.memories).toEqual([{ limits: { min: 0, max: 65536 } }]);
    expect(decodeModule(mod(section(5, vec([[0x00, ...uleb(65536)]])))).memories).toEqual([{ limits: { min: 65536 } }]);
  });

  it('table section: large minimum is not a compile error (instantiation decides)', () => {
    const info = decodeModule(mod(section(4, vec([[0x70, 0x00, ...uleb(0xffff_ffff)]]))));
    expect(info.tables).toEqual([{ elemType: ValType.funcref, limits: { min: 0xffff_ffff } }]);
  });

  it('global section: every constant instruction, extended-const and global.get', async () => {
    const info = await decodeWat(`(module
      (import "m" "g" (global $imp i32))
      (global $a i32 (i32.const -5))
      (global i64 (i64.const 0x7fffffffffffffff))
      (global f64 (f64.const -0))
      (global v128 (v128.const i32x4 1 2 3 4))
      (global funcref (ref.null func))
      (global externref (ref.null extern))
      (global funcref (ref.func $f))
      (global i32 (i32.add (global.get $imp) (i32.mul (global.get $a) (i32.const 3))))
      (global i64 (i64.sub (i64.const 1) (i64.const 2)))
      (func $f))`);
    const ops = info.globalInits.map((g) => g.ops);
    expect(ops[0]).toEqual([{ op: 'i32.const', value: -5 }]);
    expect(ops[1]).toEqual([{ op: 'i64.const', value: 0x7fffffffffffffffn }]);
    expect(ops[2]).toEqual([{ op: 'f64.const', bits: 0x8000000000000000n }]);
    expect(ops[3]![0]!.op).toBe('v128.const');
    expect([...(ops[3]![0] as { bytes: Uint8Array }).bytes]).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]);
    expect(ops[4]).toEqual([{ op: 'ref.null', type: ValType.funcref }]);
    expect(ops[5]).toEqual([{ op: 'ref.null', type: ValType.externref }]);
    expect(ops[6]).toEqual([{ op: 'ref.func', index: 0 }]);
    expect(ops[7]).toEqual([
      { op: 'global.get', index: 0 }, { op: 'global.get', index: 1 }, { op: 'i32.const', value: 3 },
      { op: 'i32.mul' }, { op: 'i32.add' },
    ]);
    expect(ops[8]).toEqual([{ op: 'i64.const', value: 1n }, { op: 'i64.const', value: 2n }, { op: 'i64.sub' }]);
    expect(info.declaredFuncRefs).toEqual(new Set([0]));
    // The offset points at the first instruction.
    expect(info.bytes[info.globalInits[0]!.offset]).toBe(0x41);
  });

  it('export and start sections', async () => {
    const info = await decodeWat(`(module
      (func $s) (func $f (param i32))
      (table $t 1 funcref) (memory $m 1) (global $g i32 (i32.const 0))
      (export "s" (func $s)) (export "f" (func $f)) (export "t" (table $t))
      (export "m" (memory $m)) (export "g" (global $g)) (export "" (func $f))
      (start $s))`);
    expect(info.exports).toEqual([
      { name: 's', kind: ExternKind.func, index: 0 },
      { name: 'f', kind: ExternKind.func, index: 1 },
      { name: 't', kind: ExternKind.table, index: 0 },
      { name: 'm', kind: ExternKind.memory, index: 0 },
      { name: 'g', kind: ExternKind.global, index: 0 },
      { name: '', kind: ExternKind.func, index: 1 },
    ]);
    expect(info.start).toBe(0);
    expect(info.declaredFuncRefs).toEqual(new Set([0, 1]));
  });

  it('element section: all eight encodings', () => {
    const i32c = (v: number): number[] => [0x41, v, 0x0b];
    const refFunc = (f: number): number[] => [0xd2, f, 0x0b];
    const refNull = [0xd0, 0x70, 0x0b];
    const bytes = mod(
      section(1, vec([[0x60, 0x00, 0x00]])),
      section(3, vec([[0x00], [0x00], [0x00], [0x00]])),
      section(4, vec([[0x70, 0x00, 0x0a], [0x6f, 0x00, 0x0a]])),
      section(9, vec([
        [0x00, ...i32c(0), ...vec([[0x00]])], // active table 0, func indices
        [0x01, 0x00, ...vec([[0x01]])], // passive, elemkind, func indices
        [0x02, 0x00, ...i32c(1), 0x00, ...vec([[0x02]])], // active explicit table, elemkind, func indices
        [0x03, 0x00, ...vec([[0x03]])], // declarative, elemkind, func indices
        [0x04, ...i32c(2), ...vec([refFunc(0), refNull])], // active table 0, exprs
        [0x05, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])], // passive, reftype, exprs
        [0x06, 0x01, ...i32c(3), 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])], // active explicit table 1, reftype, exprs
        [0x07, 0x70, ...vec([refFunc(1)])], // declarative, reftype, exprs
      ])),
      section(10, vec([[0x02, 0x00, 0x0b], [0x02, 0x00, 0x0b], [0x02, 0x00, 0x0b], [0x02, 0x00, 0x0b]])),
    );
    const info = decodeModule(bytes);
    const summary = info.elems.map((e) => ({
      mode: e.mode, table: e.table, elemType: e.elemType,
      offset: e.offset?.ops ?? null, init: e.init.map((x) => x.ops),
    }));
    const f = (index: number) => [{ op: 'ref.func', index }];
    expect(summary).toEqual([
      { mode: 'active', table: 0, elemType: ValType.funcref, offset: [{ op: 'i32.const', value: 0 }], init: [f(0)] },
      { mode: 'passive', table: 0, elemType: ValType.funcref, offset: null, init: [f(1)] },
      { mode: 'active', table: 0, elemType: ValType.funcref, offset: [{ op: 'i32.const', value: 1 }], init: [f(2)] },
      { mode: 'declarative', table: 0, elemType: ValType.funcref, offset: null, init: [f(3)] },
      { mode: 'active', table: 0, elemType: ValType.funcref, offset: [{ op: 'i32.const', value: 2 }],
        init: [f(0), [{ op: 'ref.null', type: ValType.funcref }]] },
      { mode: 'passive', table: 0, elemType: ValType.externref, offset: null, init: [[{ op: 'ref.null', type: ValType.externref }]] },
      { mode: 'active', table: 1, elemType: ValType.externref, offset: [{ op: 'i32.const', value: 3 }],
        init: [[{ op: 'ref.null', type: ValType.externref }]] },
      { mode: 'declarative', table: 0, elemType: ValType.funcref, offset: null, init: [f(1)] },
    ]);
    expect(info.declaredFuncRefs).toEqual(new Set([0, 1, 2, 3]));
  });

  it('data and data count sections: all three encodings', () => {
    const bytes = mod(
      section(5, vec([[0x00, 0x01]])),
      section(12, uleb(3)),
      section(11, vec([
        [0x00, 0x41, 0x08, 0x0b, ...vec([[0x61], [0x62]])],
        [0x01, ...vec([[0x63]])],
        [0x02, 0x00, 0x41, 0x10, 0x0b, ...vec([])],
      ])),
    );
    const info = decodeModule(bytes);
    expect(info.dataCount).toBe(3);
    expect(info.datas.map((d) => ({ ...d, bytes: [...d.bytes] }))).toEqual([
      { mode: 'active', memory: 0, offset: { offset: expect.any(Number), ops: [{ op: 'i32.const', value: 8 }] }, bytes: [0x61, 0x62] },
      { mode: 'passive', memory: 0, offset: null, bytes: [0x63] },
      { mode: 'active', memory: 0, offset: { offset: expect.any(Number), ops: [{ op: 'i32.const', value: 16 }] }, bytes: [] },
    ]);
  });

  it('custom sections anywhere, kept in order with their bytes', () => {
    const custom = (name: string, payload: number[]): number[] => section(0, [...str(name), ...payload]);
    const info = decodeModule(mod(
      custom('a', [1, 2]),
      section(1, vec([[0x60, 0x00, 0x00]])),
      custom('b', []),
      section(3, vec([[0x00]])),
      section(10, vec([[0x02, 0x00, 0x0b]])),
      custom('', [9]),
    ));
    expect(info.customSections.map((c) => ({ name: c.name, bytes: [...c.bytes] }))).toEqual([
      { name: 'a', bytes: [1, 2] }, { name: 'b', bytes: [] }, { name: '', bytes: [9] },
    ]);
  });

  it('accepts 5-byte padded section and body sizes (as the reference encoder writes them)', () => {
    const padded = (n: number): number[] => [0x80 | n, 0x80, 0x80, 0x80, 0x00];
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, ...padded(4), 0x01, 0x60, 0x00, 0x00,
      0x03, ...padded(2), 0x01, 0x00,
      0x0a, ...padded(8), 0x01, ...padded(2), 0x00, 0x0b,
    ]);
    const info = decodeModule(bytes);
    expect(info.bodies).toEqual([{ offset: bytes.length - 2, end: bytes.length }]);
  });
});
