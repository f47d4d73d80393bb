/**
 * Table operators: table.get/set/size/grow/fill/copy/init and elem.drop. Accesses
 * are checked against the host `table.size` (TableOutOfBounds) before the host operator.
 */
import { TrapCode, ValType, VARIABLE_COST } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { EntryKind } from '../value-stack.js';
import { emitRangeEnd, emitTableSize64, emitThree, emitTrapIfAbove, popThree } from './range-check.js';

const I32 = ValType.i32;

/** Fails with "unknown table" unless table `t` exists; returns its element type. */
export const checkTable = (c: FunctionCompiler, t: number): number => {
  const table = c.ctx.info.tables[t];
  if (table === undefined) throw c.invalid(`unknown table ${t}`);
  return table.elemType;
};

const checkElemSegment = (c: FunctionCompiler, seg: number): number => {
  const elem = c.ctx.info.elems[seg];
  if (elem === undefined) throw c.invalid(`unknown elem segment ${seg}`);
  return elem.elemType;
};

/** Emits `index >= table.size(t)` → TableOutOfBounds for a re-emittable slot. */
const emitIndexCheck = (c: FunctionCompiler, index: number, t: number): void => {
  c.emitOperand(index);
  c.code.tableSize(t);
  c.code.i32GeU();
  c.code.trapIf(TrapCode.TableOutOfBounds);
};

/**
 * Leaves a checked table index (popped slot) on the host stack; a host-stack index is
 * teed into a scratch local for the check.
 */
export const checkedTableIndex = (c: FunctionCompiler, index: number, t: number): void => {
  const vs = c.vs;
  if (vs.kind[index] === EntryKind.stack) {
    const s = c.locals.acquireScratch(I32);
    c.code.localTee(s);
    vs.kind[index] = EntryKind.local;
    vs.a[index] = s;
    emitIndexCheck(c, index, t);
    c.locals.releaseScratch(I32, s);
  } else {
    emitIndexCheck(c, index, t);
    c.emitOperand(index);
  }
};

const checking = (c: FunctionCompiler): boolean => c.ctx.boundsChecks && !c.unreachable;

/** `table.get`: checks the index against `table.size`. */
export const compileTableGet = (c: FunctionCompiler): void => {
  const t = c.r.u32();
  const elemType = checkTable(c, t);
  c.materializeBelow(1);
  const index = c.pop(I32);
  if (checking(c)) checkedTableIndex(c, index, t);
  else c.emitOperand(index);
  c.code.tableGet(t);
  c.vs.pushStack(elemType);
};

/** `table.set`: checks the index against `table.size`. */
export const compileTableSet = (c: FunctionCompiler): void => {
  const t = c.r.u32();
  const elemType = checkTable(c, t);
  c.materializeBelow(2);
  const value = c.pop(elemType);
  const index = c.pop(I32);
  if (checking(c)) {
    const vs = c.vs;
    let sv = -1;
    if (vs.kind[value] === EntryKind.stack) {
      // the index is below it on the host stack: park the value in a scratch local
      sv = c.locals.acquireScratch(elemType);
      c.code.localSet(sv);
      vs.kind[value] = EntryKind.local;
      vs.a[value] = sv;
    }
    checkedTableIndex(c, index, t);
    c.emitOperand(value);
    if (sv >= 0) c.locals.releaseScratch(elemType, sv);
  } else {
    c.emitOperand(index);
    c.emitOperand(value);
  }
  c.code.tableSet(t);
};

/** `table.size`. */
export const compileTableSize = (c: FunctionCompiler): void => {
  const t = c.r.u32();
  checkTable(c, t);
  c.materializeAll();
  c.code.tableSize(t);
  c.vs.pushStack(I32);
};

/** `table.grow`: the host operator (the host table carries the guest maximum). */
export const compileTableGrow = (c: FunctionCompiler): void => {
  const t = c.r.u32();
  const elemType = checkTable(c, t);
  if (!c.ctx.fuel || c.unreachable) {
    c.materializeAll();
    c.pop(I32);
    c.pop(elemType);
  } else {
    // the requested delta is charged (even when the growth fails)
    c.materializeBelow(1);
    const delta = c.pop(I32);
    c.pop(elemType);
    c.bindPopped(delta, 1);
    c.meter.chargeUnits(delta, VARIABLE_COST.tableGrowPerElement);
    c.emitOperand(delta);
    c.releaseBound(delta, 1);
  }
  c.code.tableGrow(t);
  c.vs.pushStack(I32);
};

/** `table.fill`: checks the range. */
export const compileTableFill = (c: FunctionCompiler): void => {
  const t = c.r.u32();
  const elemType = checkTable(c, t);
  const base = popThree(c, I32, elemType, I32);
  if (base >= 0) {
    c.meter.chargeUnits(base + 2, VARIABLE_COST.tableFillPerElement);
    if (c.ctx.boundsChecks) {
      emitRangeEnd(c, base, base + 2);
      emitTableSize64(c, t);
      emitTrapIfAbove(c, TrapCode.TableOutOfBounds);
    }
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  c.code.tableFill(t);
};

/** `table.copy`: checks both ranges. */
export const compileTableCopy = (c: FunctionCompiler): void => {
  const dst = c.r.u32();
  const src = c.r.u32();
  const dstType = checkTable(c, dst);
  const srcType = checkTable(c, src);
  if (dstType !== srcType) throw c.typeMismatch();
  const base = popThree(c, I32, I32, I32);
  if (base >= 0) {
    c.meter.chargeUnits(base + 2, VARIABLE_COST.tableCopyPerElement);
    if (c.ctx.boundsChecks) {
      emitRangeEnd(c, base, base + 2);
      emitTableSize64(c, dst);
      emitTrapIfAbove(c, TrapCode.TableOutOfBounds);
      emitRangeEnd(c, base + 1, base + 2);
      emitTableSize64(c, src);
      emitTrapIfAbove(c, TrapCode.TableOutOfBounds);
    }
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  c.code.tableCopy(dst, src);
};

/** `table.init`: checks the destination against `table.size` and the source against the live segment length. */
export const compileTableInit = (c: FunctionCompiler): void => {
  const seg = c.r.u32();
  const t = c.r.u32();
  const tableType = checkTable(c, t);
  const segType = checkElemSegment(c, seg);
  if (tableType !== segType) throw c.typeMismatch();
  const base = popThree(c, I32, I32, I32);
  const code = c.code;
  if (base >= 0) {
    c.meter.chargeUnits(base + 2, VARIABLE_COST.tableInitPerElement);
    if (c.ctx.boundsChecks) {
      emitRangeEnd(c, base, base + 2);
      emitTableSize64(c, t);
      emitTrapIfAbove(c, TrapCode.TableOutOfBounds);
      emitRangeEnd(c, base + 1, base + 2);
      if (c.ctx.isPassiveElem(seg)) {
        code.globalGet(c.ctx.elemLengthGlobal(seg));
        code.i64ExtendI32U();
      } else {
        code.i64ConstNum(0); // active and declarative segments are dropped once instantiated
      }
      emitTrapIfAbove(c, TrapCode.TableOutOfBounds);
    }
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  code.tableInit(seg, t);
};

/** `elem.drop`: zeroes the live length, then drops the host segment. */
export const compileElemDrop = (c: FunctionCompiler): void => {
  const seg = c.r.u32();
  checkElemSegment(c, seg);
  if (c.ctx.boundsChecks && c.ctx.isPassiveElem(seg)) {
    c.code.i32Const(0);
    c.code.globalSet(c.ctx.elemLengthGlobal(seg));
  }
  c.code.elemDrop(seg);
};
