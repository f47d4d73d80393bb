/**
 * Shared helpers of bulk memory and table operators: popping three operands into
 * re-emittable form, and the i64 range check zext64(start) + zext64(length) > limit.
 */
import type { FunctionCompiler } from '../function-compiler.js';

/** Emits `zext64(start) + zext64(length)` for two re-emittable popped slots. */
export const emitRangeEnd = (c: FunctionCompiler, start: number, length: number): void => {
  const code = c.code;
  c.emitOperand(start);
  code.i64ExtendI32U();
  c.emitOperand(length);
  code.i64ExtendI32U();
  code.i64Add();
};

/** Traps with `trapCode` when the range end (on the stack) exceeds the i64 limit below it. */
export const emitTrapIfAbove = (c: FunctionCompiler, trapCode: number): void => {
  c.code.i64GtU();
  c.code.trapIf(trapCode);
};

/** Emits `zext64(table.size t)`. */
export const emitTableSize64 = (c: FunctionCompiler, table: number): void => {
  c.code.tableSize(table);
  c.code.i64ExtendI32U();
};

/**
 * Pops three operands. With checks or fuel on (and live code) binds them re-emittable and
 * returns the base slot; otherwise leaves them on the host stack and returns -1.
 */
export const popThree = (c: FunctionCompiler, t1: number, t2: number, t3: number): number => {
  if ((!c.ctx.boundsChecks && !c.ctx.fuel) || c.unreachable) {
    c.materializeAll();
    c.pop(t3);
    c.pop(t2);
    c.pop(t1);
    return -1;
  }
  c.materializeBelow(3);
  c.pop(t3);
  c.pop(t2);
  c.pop(t1);
  const base = c.vs.height;
  c.bindPopped(base, 3);
  return base;
};

/** Emits the three re-emittable operands bound by `popThree`, in order. */
export const emitThree = (c: FunctionCompiler, base: number): void => {
  c.emitOperand(base);
  c.emitOperand(base + 1);
  c.emitOperand(base + 2);
};

