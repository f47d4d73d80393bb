/**
 * Bulk memory operators: memory.init/copy/fill and data.drop, with explicit i64
 * range checks against the bound and the live segment length before the host operator.
 */
import { TrapCode, ValType, VARIABLE_COST } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { checkMemory, emitBound64 } from './memory.js';
import { emitRangeEnd, emitThree, emitTrapIfAbove, popThree } from './range-check.js';

const I32 = ValType.i32;

/** Checks data segment index `seg` (needs the data count section). */
const checkDataSegment = (c: FunctionCompiler, seg: number): void => {
  const count = c.ctx.info.dataCount;
  if (count === null) throw c.malformed('data count section required');
  if (seg >= count) throw c.invalid(`unknown data segment ${seg}`);
};

/** `memory.init`: checks the destination against the bound and the source against the live segment length. */
export const compileMemoryInit = (c: FunctionCompiler): void => {
  const seg = c.r.u32();
  const m = c.r.u32();
  checkMemory(c, m);
  checkDataSegment(c, seg);
  const base = popThree(c, I32, I32, I32);
  const code = c.code;
  if (base >= 0) {
    const d = base, s = base + 1, n = base + 2;
    c.meter.chargeUnits(n, VARIABLE_COST.memoryInitPerByte);
    if (c.ctx.boundsChecks) emitInitChecks(c, seg, m, d, s, n);
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  code.memoryInit(seg, m);
};

/** memory.init's checks: the destination against the bound, the source against the live segment length. */
const emitInitChecks = (c: FunctionCompiler, seg: number, m: number, d: number, s: number, n: number): void => {
  const code = c.code;
  emitRangeEnd(c, d, n);
  emitBound64(c, m);
  emitTrapIfAbove(c, TrapCode.MemoryOutOfBounds);
  emitRangeEnd(c, s, n);
  if (c.ctx.isPassiveData(seg)) {
    code.globalGet(c.ctx.dataLengthGlobal(seg));
    code.i64ExtendI32U();
  } else {
    code.i64ConstNum(0); // active segments are dropped once instantiated
  }
  emitTrapIfAbove(c, TrapCode.MemoryOutOfBounds);
};

/** `data.drop`: zeroes the live length, then drops the host segment. */
export const compileDataDrop = (c: FunctionCompiler): void => {
  const seg = c.r.u32();
  checkDataSegment(c, seg);
  if (c.ctx.boundsChecks && c.ctx.isPassiveData(seg)) {
    c.code.i32Const(0);
    c.code.globalSet(c.ctx.dataLengthGlobal(seg));
  }
  c.code.dataDrop(seg);
};

/** `memory.copy`: checks both ranges. */
export const compileMemoryCopy = (c: FunctionCompiler): void => {
  const dst = c.r.u32();
  const src = c.r.u32();
  checkMemory(c, dst);
  checkMemory(c, src);
  const base = popThree(c, I32, I32, I32);
  const code = c.code;
  if (base >= 0) {
    c.meter.chargeUnits(base + 2, VARIABLE_COST.memoryCopyPerByte);
    if (c.ctx.boundsChecks) {
      emitRangeEnd(c, base, base + 2);
      emitBound64(c, dst);
      emitTrapIfAbove(c, TrapCode.MemoryOutOfBounds);
      emitRangeEnd(c, base + 1, base + 2);
      emitBound64(c, src);
      emitTrapIfAbove(c, TrapCode.MemoryOutOfBounds);
    }
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  code.memoryCopy(dst, src);
};

/** `memory.fill`: checks the range. */
export const compileMemoryFill = (c: FunctionCompiler): void => {
  const m = c.r.u32();
  checkMemory(c, m);
  const base = popThree(c, I32, I32, I32);
  const code = c.code;
  if (base >= 0) {
    c.meter.chargeUnits(base + 2, VARIABLE_COST.memoryFillPerByte);
    if (c.ctx.boundsChecks) {
      emitRangeEnd(c, base, base + 2);
      emitBound64(c, m);
      emitTrapIfAbove(c, TrapCode.MemoryOutOfBounds);
    }
    emitThree(c, base);
    c.releaseBound(base, 3);
  }
  code.memoryFill(m);
};
