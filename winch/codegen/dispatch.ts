/**
 * The operator dispatch: maps each guest opcode to its family's compile function,
 * and rejects opcodes that are illegal or belong to proposals not compiled yet.
 */
import { UnsupportedError } from '../compile-error.js';
import type { FunctionCompiler } from './function-compiler.js';
import { Op, OpFC } from './opcodes.js';
import { compileDataDrop, compileMemoryCopy, compileMemoryFill, compileMemoryInit } from './ops/bulk-memory.js';
import { compileCall, compileCallIndirect, compileReturnCall } from './ops/call.js';
import {
  compileBlock, compileBr, compileBrIf, compileBrTable, compileElse, compileEnd, compileIf, compileLoop,
  compileReturn, compileUnreachable,
} from './ops/control.js';
import { compileConversion, compileTrunc, compileTruncSat, isTrappingTrunc } from './ops/conversion.js';
import { compileLoad, compileMemoryGrow, compileMemorySize, compileStore } from './ops/memory.js';
import {
  compileDivRem, compileF32Const, compileF64Const, compileI32Const, compileI64Const, compileSimpleNumeric,
  isSimpleNumeric,
} from './ops/numeric.js';
import { compileRefFunc, compileRefIsNull, compileRefNull } from './ops/reference.js';
import { compilePrefixSIMD } from './ops/simd-dispatch.js';
import {
  compileElemDrop, compileTableCopy, compileTableFill, compileTableGet, compileTableGrow, compileTableInit,
  compileTableSet, compileTableSize,
} from './ops/table.js';
import {
  compileDrop, compileGlobalGet, compileGlobalSet, compileLocalGet, compileLocalSet, compileLocalTee,
  compileSelect, compileSelectT,
} from './ops/variable.js';

const hex = (b: number): string => b.toString(16).padStart(2, '0');

/** Compiles one operator; `op` is its opcode byte (already consumed). */
type Handler = (c: FunctionCompiler, op: number) => void;

const illegal: Handler = (c, op) => {
  throw c.malformed(`illegal opcode ${hex(op)}`);
};
const unsupported = (feature: string): Handler => (c) => {
  throw new UnsupportedError(c.opOffset, feature);
};

/**
 * One handler per opcode byte. A table (not a `switch` on `Op.*` properties, which
 * V8 compiles to a chain of comparisons) keeps dispatch O(1).
 */
const HANDLERS: Handler[] = new Array<Handler>(256).fill(illegal);
const on = (op: number, h: Handler): void => {
  HANDLERS[op] = h;
};
on(Op.unreachable, compileUnreachable);
on(Op.nop, () => {});
on(Op.block, compileBlock);
on(Op.loop, compileLoop);
on(Op.if, compileIf);
on(Op.else, compileElse);
on(Op.end, compileEnd);
on(Op.br, compileBr);
on(Op.brIf, compileBrIf);
on(Op.brTable, compileBrTable);
on(Op.return, compileReturn);
on(Op.call, compileCall);
on(Op.callIndirect, compileCallIndirect);
on(Op.returnCall, (c) => compileReturnCall(c, false));
on(Op.returnCallIndirect, (c) => compileReturnCall(c, true));
on(Op.drop, compileDrop);
on(Op.select, compileSelect);
on(Op.selectT, compileSelectT);
on(Op.localGet, compileLocalGet);
on(Op.localSet, compileLocalSet);
on(Op.localTee, compileLocalTee);
on(Op.globalGet, compileGlobalGet);
on(Op.globalSet, compileGlobalSet);
on(Op.tableGet, compileTableGet);
on(Op.tableSet, compileTableSet);
for (let op = Op.i32Load; op <= Op.i64Load32U; op++) on(op, compileLoad);
for (let op = Op.i32Store; op <= Op.i64Store32; op++) on(op, compileStore);
on(Op.memorySize, compileMemorySize);
on(Op.memoryGrow, compileMemoryGrow);
on(Op.i32Const, compileI32Const);
on(Op.i64Const, compileI64Const);
on(Op.f32Const, compileF32Const);
on(Op.f64Const, compileF64Const);
for (let op = 0; op < 256; op++) if (isSimpleNumeric(op)) on(op, compileSimpleNumeric);
for (const op of [Op.i32DivS, Op.i32DivU, Op.i32RemS, Op.i32RemU, Op.i64DivS, Op.i64DivU, Op.i64RemS, Op.i64RemU]) {
  on(op, compileDivRem);
}
for (let op = Op.i32WrapI64; op <= Op.f64ReinterpretI64; op++) on(op, isTrappingTrunc(op) ? compileTrunc : compileConversion);
on(Op.refNull, compileRefNull);
on(Op.refIsNull, compileRefIsNull);
on(Op.refFunc, compileRefFunc);
on(Op.prefixFC, (c) => compilePrefixFC(c));
for (const op of [Op.throw, Op.throwRef, Op.tryTable]) on(op, unsupported('exception handling'));
on(Op.returnCallRef, unsupported('tail calls (return_call_ref)'));
for (const op of [Op.callRef, Op.refEq, Op.refAsNonNull, Op.brOnNull, Op.brOnNonNull]) {
  on(op, unsupported('typed function references'));
}
on(Op.prefixGC, unsupported('garbage collection'));
on(Op.prefixSIMD, compilePrefixSIMD);
on(Op.prefixThreads, unsupported('threads'));

/**
 * Compiles one operator whose opcode byte `op` has been consumed. The most frequent operators
 * (about three quarters of real code) are direct calls, which the JIT can inline into the
 * compile loop; a call through the table always goes through the generic call path. The case
 * labels are literals (see the `Op` names beside them): a case on a property load would be a
 * chain of comparisons.
 */
export const compileOperator = (c: FunctionCompiler, op: number): void => {
  switch (op) {
    case 0x20: compileLocalGet(c); return; // Op.localGet
    case 0x41: compileI32Const(c); return; // Op.i32Const
    case 0x21: compileLocalSet(c); return; // Op.localSet
    case 0x22: compileLocalTee(c); return; // Op.localTee
    case 0x0d: compileBrIf(c); return; // Op.brIf
    case 0x0b: compileEnd(c); return; // Op.end
    case 0x10: compileCall(c); return; // Op.call
    case 0x02: compileBlock(c); return; // Op.block
    case 0x03: compileLoop(c); return; // Op.loop
    case 0x04: compileIf(c); return; // Op.if
    case 0x05: compileElse(c); return; // Op.else
    case 0x0c: compileBr(c); return; // Op.br
    case 0x0e: compileBrTable(c); return; // Op.brTable
    case 0x0f: compileReturn(c); return; // Op.return
    case 0x11: compileCallIndirect(c); return; // Op.callIndirect
    case 0x1a: compileDrop(c); return; // Op.drop
    case 0x1b: compileSelect(c); return; // Op.select
    case 0x23: compileGlobalGet(c); return; // Op.globalGet
    case 0x24: compileGlobalSet(c); return; // Op.globalSet
    case 0x42: compileI64Const(c); return; // Op.i64Const
    // Op.i32Load .. Op.i64Load32U
    case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: case 0x2f: case 0x30:
    case 0x31: case 0x32: case 0x33: case 0x34: case 0x35:
      compileLoad(c, op); return;
    // Op.i32Store .. Op.i64Store32
    case 0x36: case 0x37: case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e:
      compileStore(c, op); return;
    // the plain numeric operators (see isSimpleNumeric): Op.i32Eqz .. Op.i32Mul, Op.i32And .. Op.i64Mul,
    // Op.i64And .. Op.f64Copysign, Op.i32Extend8S .. Op.i64Extend32S
    case 0x45: case 0x46: case 0x47: case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d:
    case 0x4e: case 0x4f: case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56:
    case 0x57: case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
    case 0x60: case 0x61: case 0x62: case 0x63: case 0x64: case 0x65: case 0x66: case 0x67: case 0x68:
    case 0x69: case 0x6a: case 0x6b: case 0x6c: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75:
    case 0x76: case 0x77: case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e:
    case 0x83: case 0x84: case 0x85: case 0x86: case 0x87: case 0x88: case 0x89: case 0x8a: case 0x8b:
    case 0x8c: case 0x8d: case 0x8e: case 0x8f: case 0x90: case 0x91: case 0x92: case 0x93: case 0x94:
    case 0x95: case 0x96: case 0x97: case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d:
    case 0x9e: case 0x9f: case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4: case 0xa5: case 0xa6:
    case 0xc0: case 0xc1: case 0xc2: case 0xc3: case 0xc4:
      compileSimpleNumeric(c, op); return;
    default: HANDLERS[op]!(c, op);
  }
};

const compilePrefixFC = (c: FunctionCompiler): void => {
  const sub = c.r.u32();
  switch (sub) {
    case 8: return compileMemoryInit(c);
    case 9: return compileDataDrop(c);
    case 10: return compileMemoryCopy(c);
    case 11: return compileMemoryFill(c);
    case 12: return compileTableInit(c);
    case 13: return compileElemDrop(c);
    case 14: return compileTableCopy(c);
    case 15: return compileTableGrow(c);
    case 16: return compileTableSize(c);
    case 17: return compileTableFill(c);
    default:
      if (sub <= OpFC.i64TruncSatF64U) return compileTruncSat(c, sub);
      throw c.malformed(`illegal opcode fc ${sub.toString(16)}`);
  }
};
