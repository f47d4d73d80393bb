/**
 * v128.const, shuffles, swizzles, splats and lane accesses, folded on the compile-time value
 * stack when their operands are constants: a splat or replace_lane of constants is a constant,
 * an extract_lane of a constant is a scalar constant, a shuffle of constants is a constant, and
 * a swizzle with a constant index vector becomes a shuffle (which host engines specialize).
 */
import { ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { OpSimd } from './simd-opcodes.js';
import { isConstSlot, pushV128Bytes, pushV128Const, topAreConst, v128Byte } from './simd-values.js';

const I32 = ValType.i32, I64 = ValType.i64, F32 = ValType.f32, F64 = ValType.f64, V128 = ValType.v128;

/** Scratch for folding: lane bytes of a result, and the lane indices of a shuffle. */
const bytes = new Uint8Array(16);
const lanes = new Uint8Array(16);

/** Lane type and count of a splat / extract / replace operator. */
interface LaneShape { readonly scalar: number; readonly bytes: number }
const I8X16: LaneShape = { scalar: I32, bytes: 1 };
const I16X8: LaneShape = { scalar: I32, bytes: 2 };
const I32X4: LaneShape = { scalar: I32, bytes: 4 };
const I64X2: LaneShape = { scalar: I64, bytes: 8 };
const F32X4: LaneShape = { scalar: F32, bytes: 4 };
const F64X2: LaneShape = { scalar: F64, bytes: 8 };

/** Shape of splat 0x0f..0x14 (index sub - 0x0f). */
const SPLAT_SHAPES = [I8X16, I16X8, I32X4, I64X2, F32X4, F64X2];

/** Shape of extract/replace 0x15..0x22. */
const laneShapeOf = (sub: number): LaneShape => {
  if (sub <= OpSimd.i8x16ReplaceLane) return I8X16;
  if (sub <= OpSimd.i16x8ReplaceLane) return I16X8;
  if (sub <= OpSimd.i32x4ReplaceLane) return I32X4;
  if (sub <= OpSimd.i64x2ReplaceLane) return I64X2;
  if (sub <= OpSimd.f32x4ReplaceLane) return F32X4;
  return F64X2;
};
const isReplace = (sub: number): boolean =>
  sub === OpSimd.i8x16ReplaceLane || sub === OpSimd.i16x8ReplaceLane || (sub >= OpSimd.i32x4ReplaceLane && (sub & 1) === 0);

/** Writes the low `n` bytes of scalar constant (lo, hi) at `bytes[at]`. */
const putScalar = (lo: number, hi: number, n: number, at: number): void => {
  for (let i = 0; i < n; i++) bytes[at + i] = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
};

/** `v128.const`: a lazy constant. */
export const compileV128Const = (c: FunctionCompiler): void => {
  const r = c.r;
  const w0 = r.u32le(), w1 = r.u32le(), w2 = r.u32le(), w3 = r.u32le();
  pushV128Const(c, w0, w1, w2, w3);
};

/** Reads a lane index immediate, valid below `count`. */
const readLane = (c: FunctionCompiler, count: number): number => {
  const lane = c.r.u8();
  if (lane >= count) throw c.invalid('invalid lane index');
  return lane;
};

/** `i8x16.shuffle`: two constant operands fold to a constant. */
export const compileShuffle = (c: FunctionCompiler): void => {
  for (let i = 0; i < 16; i++) lanes[i] = readLane(c, 32);
  if (!topAreConst(c, 2)) c.materializeBelow(2);
  const b = c.pop(V128);
  const a = c.pop(V128);
  if (isConstSlot(c, a) && isConstSlot(c, b)) {
    for (let i = 0; i < 16; i++) {
      const l = lanes[i]!;
      bytes[i] = l < 16 ? v128Byte(c, a, l) : v128Byte(c, b, l - 16);
    }
    pushV128Bytes(c, bytes);
    return;
  }
  c.emitOperand(a);
  c.emitOperand(b);
  emitShuffle(c);
  c.vs.pushStack(V128);
};

/** Emits `i8x16.shuffle` with the lane indices in `lanes`. */
const emitShuffle = (c: FunctionCompiler): void => {
  const code = c.code;
  code.simd(OpSimd.i8x16Shuffle);
  for (let i = 0; i < 16; i++) code.u8(lanes[i]!);
};

/**
 * `i8x16.swizzle` (and the relaxed swizzle, lowered to it): with a constant index vector it is
 * `shuffle(a, zero)` (indices >= 16 select a zero lane), or a constant when `a` is one too.
 */
export const compileSwizzle = (c: FunctionCompiler): void => {
  if (!topAreConst(c, 2)) c.materializeBelow(2);
  const s = c.pop(V128);
  const a = c.pop(V128);
  if (!isConstSlot(c, s)) {
    c.emitOperand(a);
    c.emitOperand(s);
    c.code.simd(OpSimd.i8x16Swizzle);
    c.vs.pushStack(V128);
    return;
  }
  for (let i = 0; i < 16; i++) lanes[i] = Math.min(v128Byte(c, s, i), 16);
  if (isConstSlot(c, a)) {
    for (let i = 0; i < 16; i++) bytes[i] = lanes[i]! < 16 ? v128Byte(c, a, lanes[i]!) : 0;
    pushV128Bytes(c, bytes);
    return;
  }
  c.emitOperand(a);
  c.code.v128Const(ZERO_WORDS, 0);
  emitShuffle(c);
  c.vs.pushStack(V128);
};
const ZERO_WORDS = new Int32Array(4);

/** `*.splat`: a constant scalar folds to a constant vector. */
export const compileSplat = (c: FunctionCompiler, sub: number): void => {
  const shape = SPLAT_SHAPES[sub - OpSimd.i8x16Splat]!;
  if (!topAreConst(c, 1)) c.materializeBelow(1);
  const x = c.pop(shape.scalar);
  if (isConstSlot(c, x)) {
    const lo = c.vs.a[x]!, hi = c.vs.b[x]!;
    for (let at = 0; at < 16; at += shape.bytes) putScalar(lo, hi, shape.bytes, at);
    pushV128Bytes(c, bytes);
    return;
  }
  c.emitOperand(x);
  c.code.simd(sub);
  c.vs.pushStack(V128);
};

/** `*.extract_lane*` and `*.replace_lane` with their lane immediate, folded on constants. */
export const compileLaneOp = (c: FunctionCompiler, sub: number): void => {
  const shape = laneShapeOf(sub);
  const lane = readLane(c, 16 / shape.bytes);
  if (isReplace(sub)) replaceLane(c, sub, shape, lane);
  else extractLane(c, sub, shape, lane);
};

const extractLane = (c: FunctionCompiler, sub: number, shape: LaneShape, lane: number): void => {
  if (!topAreConst(c, 1)) c.materializeBelow(1);
  const v = c.pop(V128);
  if (!isConstSlot(c, v)) {
    c.emitOperand(v);
    c.code.simd(sub);
    c.code.u8(lane);
    c.vs.pushStack(shape.scalar);
    return;
  }
  const at = lane * shape.bytes;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < shape.bytes; i++) {
    const b = v128Byte(c, v, at + i);
    if (i < 4) lo |= b << (8 * i);
    else hi |= b << (8 * (i - 4));
  }
  if (sub === OpSimd.i8x16ExtractLaneS) lo = (lo << 24) >> 24;
  if (sub === OpSimd.i16x8ExtractLaneS) lo = (lo << 16) >> 16;
  c.pushConst(shape.scalar, lo | 0, hi | 0);
};

const replaceLane = (c: FunctionCompiler, sub: number, shape: LaneShape, lane: number): void => {
  if (!topAreConst(c, 2)) c.materializeBelow(2);
  const x = c.pop(shape.scalar);
  const v = c.pop(V128);
  if (isConstSlot(c, v) && isConstSlot(c, x)) {
    for (let i = 0; i < 16; i++) bytes[i] = v128Byte(c, v, i);
    putScalar(c.vs.a[x]!, c.vs.b[x]!, shape.bytes, lane * shape.bytes);
    pushV128Bytes(c, bytes);
    return;
  }
  c.emitOperand(v);
  c.emitOperand(x);
  c.code.simd(sub);
  c.code.u8(lane);
  c.vs.pushStack(V128);
};
