// decodeModule module-level validation: kind 'invalid' with the reference wording; unsupported 3.0 features.
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../../winch/compile-error.js';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import { TYPE_VOID, decodeWat, expectCompileError, expectUnsupported, mod, section, str, uleb, vec, wat } from './wasm-fixtures.js';

const FUNC0 = section(3, vec([[0x00]]));
const CODE0 = section(10, vec([[0x02, 0x00, 0x0b]]));
const MEM1 = section(5, vec([[0x00, 0x01]]));
const TABLE = section(4, vec([[0x70, 0x00, 0x01]]));

describe('decodeModule validation: indices', () => {
  it('type indices in functions and imports', () => {
    expectCompileError(mod(TYPE_VOID, section(3, vec([[0x01]])), CODE0), 'invalid', 'unknown type 1');
    expectCompileError(mod(section(2, vec([[...str('m'), ...str('f'), 0x00, 0x00]]))), 'invalid', 'unknown type 0');
  });

  it('export indices', () => {
    const exp = (kind: number, index: number): number[] => section(7, vec([[...str('x'), kind, index]]));
    expectCompileError(mod(exp(0, 0)), 'invalid', 'unknown function 0');
    expectCompileError(mod(exp(1, 0)), 'invalid', 'unknown table 0');
    expectCompileError(mod(exp(2, 0)), 'invalid', 'unknown memory 0');
    expectCompileError(mod(exp(3, 0)), 'invalid', 'unknown global 0');
    expectCompileError(mod(TYPE_VOID, FUNC0, exp(0, 1), CODE0), 'invalid', 'unknown function 1');
  });

  it('duplicate export names', async () => {
    const bytes = await wat('(module (func $f) (export "a" (func $f)) (global $g i32 (i32.const 0)) (export "a" (global $g)))');
    expectCompileError(bytes, 'invalid', 'duplicate export name');
  });

  it('start function: exists, type [] -> []', async () => {
    expectCompileError(mod(TYPE_VOID, FUNC0, section(8, uleb(1)), CODE0), 'invalid', 'unknown function 1');
    expectCompileError(await wat('(module (func $s (param i32)) (start $s))'), 'invalid', 'start function');
    expectCompileError(await wat('(module (func $s (result i32) (i32.const 0)) (start $s))'), 'invalid', 'start function');
  });

  it('data segment memory and element segment table must exist', () => {
    expectCompileError(mod(section(11, vec([[0x00, 0x41, 0x00, 0x0b, 0x00]]))), 'invalid', 'unknown memory 0');
    expectCompileError(mod(MEM1, section(11, vec([[0x02, 0x01, 0x41, 0x00, 0x0b, 0x00]]))), 'invalid', 'unknown memory 1');
    expectCompileError(mod(TYPE_VOID, FUNC0, section(9, vec([[0x00, 0x41, 0x00, 0x0b, ...vec([[0x00]])]])), CODE0), 'invalid', 'unknown table 0');
    expectCompileError(mod(TYPE_VOID, FUNC0, TABLE, section(9, vec([[0x02, 0x01, 0x41, 0x00, 0x0b, 0x00, ...vec([[0x00]])]])), CODE0), 'invalid', 'unknown table 1');
    expectCompileError(mod(TYPE_VOID, FUNC0, TABLE, section(9, vec([[0x01, 0x00, ...vec([[0x05]])]])), CODE0), 'invalid', 'unknown function 5');
  });

  it('element type must match the table type', () => {
    const externTable = section(4, vec([[0x6f, 0x00, 0x01]]));
    expectCompileError(mod(TYPE_VOID, FUNC0, externTable, section(9, vec([[0x00, 0x41, 0x00, 0x0b, ...vec([[0x00]])]])), CODE0), 'invalid', 'type mismatch');
    expectCompileError(mod(TABLE, section(9, vec([[0x06, 0x00, 0x41, 0x00, 0x0b, 0x6f, ...vec([[0xd0, 0x6f, 0x0b]])]]))), 'invalid', 'type mismatch');
    // the elements themselves must have the segment's type
    expectCompileError(mod(section(9, vec([[0x05, 0x6f, ...vec([[0xd0, 0x70, 0x0b]])]]))), 'invalid', 'type mismatch');
  });
});

describe('decodeModule validation: limits', () => {
  it('memory size at most 65536 pages, min <= max', () => {
    expectCompileError(mod(section(5, vec([[0x00, ...uleb(65537)]]))), 'invalid', 'memory size must be at most 65536 pages');
    expectCompileError(mod(section(5, vec([[0x01, 0x00, ...uleb(0x1_0000_0000)]]))), 'invalid', 'memory size');
    expectCompileError(mod(section(5, vec([[0x00, ...uleb(1n << 63n)]]))), 'invalid', 'memory size');
    expectCompileError(mod(section(5, vec([[0x01, 0x02, 0x01]]))), 'invalid', 'size minimum must not be greater than maximum');
    expectCompileError(mod(section(2, vec([[...str('m'), ...str('x'), 0x02, 0x01, 0x02, 0x01]]))), 'invalid', 'size minimum must not be greater than maximum');
  });

  it('table size at most 2^32-1, min <= max', () => {
    expectCompileError(mod(section(4, vec([[0x70, 0x00, ...uleb(0x1_0000_0000)]]))), 'invalid', 'table size');
    expectCompileError(mod(section(4, vec([[0x70, 0x01, 0x00, ...uleb(0x1_0000_0000)]]))), 'invalid', 'table size');
    expectCompileError(mod(section(4, vec([[0x70, 0x01, ...uleb(0xffff_ffff), 0x00]]))), 'invalid', 'size minimum must not be greater than maximum');
  });
});

describe('decodeModule validation: constant expressions', () => {
  it('result type must match', async () => {
    expectCompileError(await wat('(module (global i32 (i64.const 0)))'), 'invalid', 'type mismatch');
    expectCompileError(mod(section(6, vec([[0x7f, 0x00, 0x0b]]))), 'invalid', 'type mismatch');
    expectCompileError(mod(section(6, vec([[0x7f, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0b]]))), 'invalid', 'type mismatch');
    expectCompileError(mod(section(6, vec([[0x7f, 0x00, 0x41, 0x00, 0x6a, 0x0b]]))), 'invalid', 'type mismatch');
    expectCompileError(mod(section(6, vec([[0x7e, 0x00, 0x41, 0x00, 0x41, 0x00, 0x7c, 0x0b]]))), 'invalid', 'type mismatch');
    expectCompileError(mod(section(6, vec([[0x70, 0x00, 0xd0, 0x6f, 0x0b]]))), 'invalid', 'type mismatch');
    expectCompileError(mod(MEM1, section(11, vec([[0x00, 0x42, 0x00, 0x0b, 0x00]]))), 'invalid', 'type mismatch');
  });

  it('only constant instructions ("constant expression required")', () => {
    const g = (...expr: number[]): Uint8Array => mod(section(6, vec([[0x7f, 0x00, ...expr]])));
    expectCompileError(g(0x01, 0x41, 0x00, 0x0b), 'invalid', 'constant expression required'); // nop
    expectCompileError(g(0x41, 0x00, 0x68, 0x0b), 'invalid', 'constant expression required'); // i32.ctz
    expectCompileError(g(0x41, 0x00, 0x41, 0x00, 0x6d, 0x0b), 'invalid', 'constant expression required'); // i32.div_s
    expectCompileError(g(0x02, 0x7f, 0x41, 0x00, 0x0b, 0x0b), 'invalid', 'constant expression required'); // block
    expectCompileError(g(0x20, 0x00, 0x0b), 'invalid', 'constant expression required'); // local.get
    expectCompileError(g(0xfd, 0x0f, 0x0b), 'invalid', 'constant expression required'); // i8x16.splat
  });

  it('global.get: imported or earlier immutable globals only', async () => {
    // earlier defined immutable global: fine (Wasm 3.0 / extended const)
    await decodeWat('(module (global i32 (i32.const 0)) (global i32 (global.get 0)))');
    expectCompileError(await wat('(module (global i32 (global.get 0)))'), 'invalid', 'unknown global 0');
    expectCompileError(await wat('(module (global i32 (global.get 1)) (global i32 (i32.const 0)))'), 'invalid', 'unknown global 1');
    expectCompileError(await wat('(module (global (import "m" "g") (mut i32)) (global i32 (global.get 0)))'), 'invalid', 'constant expression required');
    expectCompileError(await wat('(module (global (import "m" "g") externref) (global funcref (global.get 0)))'), 'invalid', 'type mismatch');
    // segment offsets may read every immutable global
    await decodeWat('(module (memory 1) (global $g i32 (i32.const 4)) (data (global.get $g) "x"))');
    expectCompileError(await wat('(module (memory 1) (global $g (mut i32) (i32.const 4)) (data (global.get $g) "x"))'), 'invalid', 'constant expression required');
  });

  it('ref.func: index in range, recorded in declaredFuncRefs', async () => {
    expectCompileError(mod(section(6, vec([[0x70, 0x00, 0xd2, 0x00, 0x0b]]))), 'invalid', 'unknown function 0');
    const info = await decodeWat('(module (func $a) (func $b) (func $c) (global funcref (ref.func $b)) (elem declare func $c))');
    expect(info.declaredFuncRefs).toEqual(new Set([1, 2]));
  });
});

describe('decodeModule error ordering', () => {
  it('a malformed section after an invalid one reports the malformation', () => {
    const invalidThenMalformed = mod(TYPE_VOID, section(3, vec([[0x05]])), [0x0e, 0x00]);
    expectCompileError(invalidThenMalformed, 'malformed', 'malformed section id');
  });

  it('reports the first validation error in binary order', () => {
    const err = expectCompileError(mod(TYPE_VOID, section(3, vec([[0x07]])), section(7, vec([[...str('x'), 0x00, 0x09]])), CODE0), 'invalid', 'unknown type 7');
    expect(err).toBeInstanceOf(CompileError);
  });
});

describe('decodeModule unsupported Wasm 3.0 features', () => {
  it('multiple memories', () => {
    expectUnsupported(mod(section(5, vec([[0x00, 0x01], [0x00, 0x01]]))), 'multiple memories');
    expectUnsupported(mod(section(2, vec([[...str('m'), ...str('x'), 0x02, 0x00, 0x01]])), MEM1), 'multiple memories');
  });

  it('memory64, table64, shared memory', () => {
    expectUnsupported(mod(section(5, vec([[0x04, 0x01]]))), 'memory64');
    expectUnsupported(mod(section(4, vec([[0x70, 0x04, 0x01]]))), 'table64');
    expectUnsupported(mod(section(5, vec([[0x03, 0x01, 0x02]]))), 'shared memory');
  });

  it('GC type forms, rec groups and subtyping', () => {
    expectUnsupported(mod(section(1, vec([[0x5f, 0x01, 0x7f, 0x01]]))), 'struct');
    expectUnsupported(mod(section(1, vec([[0x5e, 0x78, 0x01]]))), 'array');
    expectUnsupported(mod(section(1, vec([[0x4e, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00]]))), 'recursive type groups');
    expectUnsupported(mod(section(1, vec([[0x50, 0x00, 0x60, 0x00, 0x00]]))), 'subtyping');
  });

  it('degenerate rec/sub final forms are plain function types', () => {
    const info = decodeModule(mod(section(1, vec([[0x4e, 0x01, 0x4f, 0x00, 0x60, 0x01, 0x7f, 0x00]]))));
    expect(info.types).toEqual([{ params: [0x7f], results: [] }]);
    // (ref null func) spelled out is funcref
    expect(decodeModule(mod(section(1, vec([[0x60, 0x01, 0x63, 0x70, 0x00]])))).types[0]!.params).toEqual([0x70]);
  });

  it('typed references, GC reference types, tags, table initializers', () => {
    expectUnsupported(mod(section(1, vec([[0x60, 0x01, 0x64, 0x70, 0x00]]))), 'typed function references');
    expectUnsupported(mod(section(1, vec([[0x60, 0x01, 0x6e, 0x00]]))), 'GC');
    expectUnsupported(mod(TYPE_VOID, section(13, vec([[0x00, 0x00]]))), 'tags');
    expectUnsupported(mod(TYPE_VOID, FUNC0, section(4, vec([[0x40, 0x00, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b]])), CODE0), 'table initializer');
    // a null initializer is the default: plain table
    const info = decodeModule(mod(section(4, vec([[0x40, 0x00, 0x70, 0x00, 0x01, 0xd0, 0x70, 0x0b]]))));
    expect(info.tables).toEqual([{ elemType: 0x70, limits: { min: 1 } }]);
  });

  it('GC instructions in constant expressions', () => {
    expectUnsupported(mod(section(6, vec([[0x6e, 0x00, 0x41, 0x00, 0xfb, 0x1c, 0x0b]]))), 'GC');
  });

  it('an invalid module that is unsupported first reports the unsupported feature', () => {
    expectUnsupported(mod(section(1, vec([[0x5f, 0x00]])), section(3, vec([[0x05]])), CODE0), 'struct');
  });
});
