/**
 * Numeric operators: constants, tests, comparisons, arithmetic and bit operations.
 * Integer division and remainder check their trap conditions explicitly.
 */
import { TrapCode, ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { Op } from '../opcodes.js';
import { EntryKind } from '../value-stack.js';

const I32 = ValType.i32, I64 = ValType.i64, F32 = ValType.f32, F64 = ValType.f64;

/** Per opcode 0x45..0xc4: operand type, operand count, result type (0 = not a simple op). */
const OPERAND = new Uint8Array(256);
const ARITY = new Uint8Array(256);
const RESULT = new Uint8Array(256);

const def = (from: number, to: number, operand: number, arity: number, result: number): void => {
  for (let op = from; op <= to; op++) {
    OPERAND[op] = operand;
    ARITY[op] = arity;
    RESULT[op] = result;
  }
};
def(Op.i32Eqz, Op.i32Eqz, I32, 1, I32);
def(Op.i32Eq, Op.i32GeU, I32, 2, I32);
def(Op.i64Eqz, Op.i64Eqz, I64, 1, I32);
def(Op.i64Eq, Op.i64GeU, I64, 2, I32);
def(Op.f32Eq, Op.f32Ge, F32, 2, I32);
def(Op.f64Eq, Op.f64Ge, F64, 2, I32);
def(Op.i32Clz, Op.i32Popcnt, I32, 1, I32);
def(Op.i32Add, Op.i32Rotr, I32, 2, I32);
def(Op.i64Clz, Op.i64Popcnt, I64, 1, I64);
def(Op.i64Add, Op.i64Rotr, I64, 2, I64);
def(Op.f32Abs, Op.f32Sqrt, F32, 1, F32);
def(Op.f32Add, Op.f32Copysign, F32, 2, F32);
def(Op.f64Abs, Op.f64Sqrt, F64, 1, F64);
def(Op.f64Add, Op.f64Copysign, F64, 2, F64);
def(Op.i32Extend8S, Op.i32Extend16S, I32, 1, I32);
def(Op.i64Extend8S, Op.i64Extend32S, I64, 1, I64);

/** Whether `op` is a plain numeric operator handled by `compileSimpleNumeric`. */
export const isSimpleNumeric = (op: number): boolean => ARITY[op] !== 0;

/** `i32.const`: a lazy constant. */
export const compileI32Const = (c: FunctionCompiler): void => {
  c.pushConst(I32, c.r.s32(), 0);
};
/** `i64.const`: a lazy constant. */
export const compileI64Const = (c: FunctionCompiler): void => {
  c.r.s64();
  c.pushConst(I64, c.r.lo, c.r.hi);
};
/** `f32.const`: a lazy constant. */
export const compileF32Const = (c: FunctionCompiler): void => {
  c.pushConst(F32, c.r.u32le(), 0);
};
/** `f64.const`: a lazy constant. */
export const compileF64Const = (c: FunctionCompiler): void => {
  c.r.u64le();
  c.pushConst(F64, c.r.lo, c.r.hi);
};

/** A one- or two-operand numeric operator that maps 1:1 to the host. */
export const compileSimpleNumeric = (c: FunctionCompiler, op: number): void => {
  c.materializeAll();
  const t = OPERAND[op]!;
  c.pop(t);
  if (ARITY[op] === 2) c.pop(t);
  c.code.op(op);
  if (op >= Op.i32Eqz && op <= Op.f64Ge) c.code.testEnd = c.code.pos;
  c.vs.pushStack(RESULT[op]!);
};

const isConstValue = (c: FunctionCompiler, slot: number, lo: number, hi: number, is64: boolean): boolean =>
  c.vs.a[slot] === lo && (!is64 || c.vs.b[slot] === hi);

/**
 * Integer div/rem: traps IntegerDivisionByZero on a zero divisor and, for div_s,
 * IntegerOverflow on INT_MIN / -1 (rem_s of that is 0, which the host computes).
 */
export const compileDivRem = (c: FunctionCompiler, op: number): void => {
  const is64 = op >= Op.i64DivS;
  const t = is64 ? I64 : I32;
  const signedDiv = op === Op.i32DivS || op === Op.i64DivS;
  c.materializeBelow(2);
  const b = c.pop(t);
  const a = c.pop(t);
  const code = c.code;
  if (c.unreachable) {
    code.op(op);
    c.vs.pushStack(t);
    return;
  }
  const vs = c.vs;
  const bConst = vs.kind[b] === EntryKind.const;
  const bZero = bConst && isConstValue(c, b, 0, 0, is64);
  const bMinus1 = bConst && isConstValue(c, b, -1, -1, is64);
  if (bConst && !bZero && !(signedDiv && bMinus1)) {
    // a constant divisor that cannot trap: no checks
    c.emitOperand(a);
    c.emitOperand(b);
  } else if (!signedDiv) {
    // zero check only; `a` is used once
    if (c.isLazy(b)) {
      c.emitOperand(b);
      eqz(c, is64);
      code.trapIf(TrapCode.IntegerDivisionByZero);
      c.emitOperand(a);
      c.emitOperand(b);
    } else {
      const s = c.locals.acquireScratch(t);
      code.localTee(s);
      eqz(c, is64);
      code.trapIf(TrapCode.IntegerDivisionByZero);
      code.localGet(s);
      c.locals.releaseScratch(t, s);
    }
  } else {
    // div_s: both operands are needed twice
    const base = vs.height;
    c.bindPopped(base, 2);
    if (!bMinus1) {
      c.emitOperand(b);
      eqz(c, is64);
      code.trapIf(TrapCode.IntegerDivisionByZero);
    }
    c.emitOperand(a);
    if (is64) {
      code.i64Const(0, 0x80000000 | 0);
      code.i64Eq();
    } else {
      code.i32Const(0x80000000 | 0);
      code.i32Eq();
    }
    if (!bMinus1) {
      c.emitOperand(b);
      if (is64) {
        code.i64Const(-1, -1);
        code.i64Eq();
      } else {
        code.i32Const(-1);
        code.i32Eq();
      }
      code.i32And();
    }
    code.trapIf(TrapCode.IntegerOverflow);
    c.emitOperand(a);
    c.emitOperand(b);
    c.releaseBound(base, 2);
  }
  code.op(op);
  vs.pushStack(t);
};

const eqz = (c: FunctionCompiler, is64: boolean): void => {
  if (is64) c.code.i64Eqz();
  else c.code.i32Eqz();
};
