/**
 * The operator dispatch: maps each guest opcode to its family's compile function,
 * and rejects opcodes that are illegal or belong to proposals not compiled yet.
 */
import { UnsupportedError } from '../compile-error.js';
import type { FunctionCompiler } from './function-compiler.js';
import { Op, OpFC } from './opcodes.js';
import { compileDataDrop, compileMemoryCopy, compileMemoryFill, compileMemoryInit } from './ops/bulk-memory.js';
import { compileCall, compileCallIndirect } from './ops/call.js';
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
import {
  compileElemDrop, compileTableCopy, compileTableFill, compileTableGet, compileTableGrow, compileTableInit,
  compileTableSet, compileTableSize,
} from './ops/table.js';
import {
  compileDrop, compileGlobalGet, compileGlobalSet, compileLocalGet, compileLocalSet, compileLocalTee,
  compileSelect, compileSelectT,
} from './ops/variable.js';

const hex = (b: number): string => b.toString(16).padStart(2, '0');

/** Compiles one operator whose opcode byte `op` has been consumed. */
export const compileOperator = (c: FunctionCompiler, op: number): void => {
  switch (op) {
    case Op.unreachable: return compileUnreachable(c);
    case Op.nop: return;
    case Op.block: return compileBlock(c);
    case Op.loop: return compileLoop(c);
    case Op.if: return compileIf(c);
    case Op.else: return compileElse(c);
    case Op.end: return compileEnd(c);
    case Op.br: return compileBr(c);
    case Op.brIf: return compileBrIf(c);
    case Op.brTable: return compileBrTable(c);
    case Op.return: return compileReturn(c);
    case Op.call: return compileCall(c);
    case Op.callIndirect: return compileCallIndirect(c);
    case Op.drop: return compileDrop(c);
    case Op.select: return compileSelect(c);
    case Op.selectT: return compileSelectT(c);
    case Op.localGet: return compileLocalGet(c);
    case Op.localSet: return compileLocalSet(c);
    case Op.localTee: return compileLocalTee(c);
    case Op.globalGet: return compileGlobalGet(c);
    case Op.globalSet: return compileGlobalSet(c);
    case Op.tableGet: return compileTableGet(c);
    case Op.tableSet: return compileTableSet(c);
    case Op.memorySize: return compileMemorySize(c);
    case Op.memoryGrow: return compileMemoryGrow(c);
    case Op.i32Const: return compileI32Const(c);
    case Op.i64Const: return compileI64Const(c);
    case Op.f32Const: return compileF32Const(c);
    case Op.f64Const: return compileF64Const(c);
    case Op.i32DivS: case Op.i32DivU: case Op.i32RemS: case Op.i32RemU:
    case Op.i64DivS: case Op.i64DivU: case Op.i64RemS: case Op.i64RemU:
      return compileDivRem(c, op);
    case Op.refNull: return compileRefNull(c);
    case Op.refIsNull: return compileRefIsNull(c);
    case Op.refFunc: return compileRefFunc(c);
    case Op.prefixFC: return compilePrefixFC(c);
    case Op.throw: case Op.throwRef: case Op.tryTable:
      throw new UnsupportedError(c.opOffset, 'exception handling');
    case Op.returnCall: case Op.returnCallIndirect: case Op.returnCallRef:
      throw new UnsupportedError(c.opOffset, 'tail calls');
    case Op.callRef: case Op.refEq: case Op.refAsNonNull: case Op.brOnNull: case Op.brOnNonNull:
      throw new UnsupportedError(c.opOffset, 'typed function references');
    case Op.prefixGC: throw new UnsupportedError(c.opOffset, 'garbage collection');
    case Op.prefixSIMD: throw new UnsupportedError(c.opOffset, 'SIMD');
    case Op.prefixThreads: throw new UnsupportedError(c.opOffset, 'threads');
    default:
      if (op >= Op.i32Load && op <= Op.i64Load32U) return compileLoad(c, op);
      if (op >= Op.i32Store && op <= Op.i64Store32) return compileStore(c, op);
      if (isSimpleNumeric(op)) return compileSimpleNumeric(c, op);
      if (op >= Op.i32WrapI64 && op <= Op.f64ReinterpretI64) {
        return isTrappingTrunc(op) ? compileTrunc(c, op) : compileConversion(c, op);
      }
      throw c.malformed(`illegal opcode ${hex(op)}`);
  }
};

const compilePrefixFC = (c: FunctionCompiler): void => {
  const sub = c.r.u32();
  switch (sub) {
    case OpFC.memoryInit: return compileMemoryInit(c);
    case OpFC.dataDrop: return compileDataDrop(c);
    case OpFC.memoryCopy: return compileMemoryCopy(c);
    case OpFC.memoryFill: return compileMemoryFill(c);
    case OpFC.tableInit: return compileTableInit(c);
    case OpFC.elemDrop: return compileElemDrop(c);
    case OpFC.tableCopy: return compileTableCopy(c);
    case OpFC.tableGrow: return compileTableGrow(c);
    case OpFC.tableSize: return compileTableSize(c);
    case OpFC.tableFill: return compileTableFill(c);
    default:
      if (sub <= OpFC.i64TruncSatF64U) return compileTruncSat(c, sub);
      throw c.malformed(`illegal opcode fc ${sub.toString(16)}`);
  }
};
