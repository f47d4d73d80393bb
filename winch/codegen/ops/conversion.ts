/**
 * Conversion operators. Trapping float-to-int truncations check NaN
 * (BadConversionToInteger) and range (IntegerOverflow) explicitly with exact bounds.
 */
import { TrapCode, ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { Op } from '../opcodes.js';
import { EntryKind } from '../value-stack.js';

const I32 = ValType.i32, I64 = ValType.i64, F32 = ValType.f32, F64 = ValType.f64;

/** Operand and result type per conversion opcode 0xa7..0xbf. */
const FROM = new Uint8Array(256);
const TO = new Uint8Array(256);
const conv = (op: number, from: number, to: number): void => {
  FROM[op] = from;
  TO[op] = to;
};
conv(Op.i32WrapI64, I64, I32);
conv(Op.i32TruncF32S, F32, I32); conv(Op.i32TruncF32U, F32, I32);
conv(Op.i32TruncF64S, F64, I32); conv(Op.i32TruncF64U, F64, I32);
conv(Op.i64ExtendI32S, I32, I64); conv(Op.i64ExtendI32U, I32, I64);
conv(Op.i64TruncF32S, F32, I64); conv(Op.i64TruncF32U, F32, I64);
conv(Op.i64TruncF64S, F64, I64); conv(Op.i64TruncF64U, F64, I64);
conv(Op.f32ConvertI32S, I32, F32); conv(Op.f32ConvertI32U, I32, F32);
conv(Op.f32ConvertI64S, I64, F32); conv(Op.f32ConvertI64U, I64, F32);
conv(Op.f32DemoteF64, F64, F32);
conv(Op.f64ConvertI32S, I32, F64); conv(Op.f64ConvertI32U, I32, F64);
conv(Op.f64ConvertI64S, I64, F64); conv(Op.f64ConvertI64U, I64, F64);
conv(Op.f64PromoteF32, F32, F64);
conv(Op.i32ReinterpretF32, F32, I32); conv(Op.i64ReinterpretF64, F64, I64);
conv(Op.f32ReinterpretI32, I32, F32); conv(Op.f64ReinterpretI64, I64, F64);

/** Non-trapping conversion (including reinterpretations). */
export const compileConversion = (c: FunctionCompiler, op: number): void => {
  c.materializeAll();
  c.pop(FROM[op]!);
  c.code.op(op);
  c.vs.pushStack(TO[op]!);
};

/** Saturating truncations (0xfc 0..7): operand and result types by sub-opcode. */
const SAT_FROM = [F32, F32, F64, F64, F32, F32, F64, F64] as const;
const SAT_TO = [I32, I32, I32, I32, I64, I64, I64, I64] as const;

/** Saturating truncations (`0xfc 0..7`): map 1:1 to the host. */
export const compileTruncSat = (c: FunctionCompiler, sub: number): void => {
  c.materializeAll();
  c.pop(SAT_FROM[sub]!);
  c.code.fc(sub);
  c.vs.pushStack(SAT_TO[sub]!);
};

/** Valid input range of a trapping truncation: lo (< or <=) x < hi. */
interface TruncRange {
  readonly lo: number;
  /** true: x >= lo is valid; false: x > lo is valid. */
  readonly loInclusive: boolean;
  readonly hi: number;
}
const TWO31 = 2147483648, TWO32 = 4294967296, TWO63 = 9223372036854775808, TWO64 = 18446744073709551616;
const RANGES: Record<number, TruncRange> = {
  [Op.i32TruncF32S]: { lo: -TWO31, loInclusive: true, hi: TWO31 },
  [Op.i32TruncF32U]: { lo: -1, loInclusive: false, hi: TWO32 },
  [Op.i32TruncF64S]: { lo: -TWO31 - 1, loInclusive: false, hi: TWO31 },
  [Op.i32TruncF64U]: { lo: -1, loInclusive: false, hi: TWO32 },
  [Op.i64TruncF32S]: { lo: -TWO63, loInclusive: true, hi: TWO63 },
  [Op.i64TruncF32U]: { lo: -1, loInclusive: false, hi: TWO64 },
  [Op.i64TruncF64S]: { lo: -TWO63, loInclusive: true, hi: TWO63 },
  [Op.i64TruncF64U]: { lo: -1, loInclusive: false, hi: TWO64 },
};

const f32Bits = (x: number): number => {
  f32View[0] = x;
  return u32View[0]! | 0;
};
const scratch = new ArrayBuffer(8);
const f32View = new Float32Array(scratch);
const f64View = new Float64Array(scratch);
const u32View = new Int32Array(scratch);

/** Value of a constant float slot. */
const constFloat = (c: FunctionCompiler, slot: number, isF32: boolean): number => {
  if (isF32) {
    u32View[0] = c.vs.a[slot]!;
    return f32View[0]!;
  }
  u32View[0] = c.vs.a[slot]!;
  u32View[1] = c.vs.b[slot]!;
  return f64View[0]!;
};

const emitFloatConst = (c: FunctionCompiler, x: number, isF32: boolean): void => {
  if (isF32) {
    c.code.f32Const(f32Bits(x));
  } else {
    f64View[0] = x;
    c.code.f64Const(u32View[0]!, u32View[1]!);
  }
};

const inRange = (x: number, r: TruncRange): boolean => (r.loInclusive ? x >= r.lo : x > r.lo) && x < r.hi;

/** Trapping float-to-int truncation (0xa8..0xb1 except the non-trunc ones). */
export const compileTrunc = (c: FunctionCompiler, op: number): void => {
  const from = FROM[op]!;
  const isF32 = from === F32;
  c.materializeBelow(1);
  const x = c.pop(from);
  const code = c.code;
  const range = RANGES[op]!;
  if (c.unreachable || (c.vs.kind[x] === EntryKind.const && inRange(constFloat(c, x, isF32), range))) {
    c.emitOperand(x);
    code.op(op);
    c.vs.pushStack(TO[op]!);
    return;
  }
  const base = c.vs.height;
  c.bindPopped(base, 1);
  // NaN: x != x
  c.emitOperand(x);
  c.emitOperand(x);
  code.op(isF32 ? Op.f32Ne : Op.f64Ne);
  code.trapIf(TrapCode.BadConversionToInteger);
  // range: !(lo <= x (or lo < x) && x < hi)
  c.emitOperand(x);
  emitFloatConst(c, range.lo, isF32);
  code.op(range.loInclusive ? (isF32 ? Op.f32Ge : Op.f64Ge) : (isF32 ? Op.f32Gt : Op.f64Gt));
  c.emitOperand(x);
  emitFloatConst(c, range.hi, isF32);
  code.op(isF32 ? Op.f32Lt : Op.f64Lt);
  code.i32And();
  code.i32Eqz();
  code.trapIf(TrapCode.IntegerOverflow);
  c.emitOperand(x);
  c.releaseBound(base, 1);
  code.op(op);
  c.vs.pushStack(TO[op]!);
};

/** Whether `op` is a trapping truncation. */
export const isTrappingTrunc = (op: number): boolean => RANGES[op] !== undefined;
