/**
 * Relaxed SIMD, made deterministic: every relaxed operator is lowered to fixed-width SIMD
 * with the behaviour the spec's deterministic profile prescribes (each relaxed choice fixed to
 * its first alternative), so every host engine computes the same bits (docs/relaxed-simd.md):
 *
 * | guest operator                         | Windlass behaviour (host code)                                   |
 * |----------------------------------------|------------------------------------------------------------------|
 * | i8x16.relaxed_swizzle                  | i8x16.swizzle (index >= 16 gives 0)                              |
 * | i32x4.relaxed_trunc_f32x4_{s,u}        | i32x4.trunc_sat_f32x4_{s,u} (NaN → 0, saturating)                |
 * | i32x4.relaxed_trunc_f64x2_{s,u}_zero   | i32x4.trunc_sat_f64x2_{s,u}_zero                                 |
 * | f32x4/f64x2.relaxed_madd               | unfused: mul, then add (two roundings)                           |
 * | f32x4/f64x2.relaxed_nmadd              | unfused: neg(mul(a, b)) + c  (= fmul(-a, b) + c)                 |
 * | iNxM.relaxed_laneselect                | v128.bitselect (every mask bit selects)                          |
 * | f32x4/f64x2.relaxed_{min,max}          | f32x4/f64x2.{min,max} (NaN-propagating, -0 < +0)                 |
 * | i16x8.relaxed_q15mulr_s                | i16x8.q15mulr_sat_s (saturates -1 * -1 to 0x7fff)                |
 * | i16x8.relaxed_dot_i8x16_i7x16_s        | signed × signed products, pairs added with signed i16 saturation |
 * | i32x4.relaxed_dot_i8x16_i7x16_add_s    | the i16x8 dot above, pairwise widened to i32, plus the addend    |
 */
import { ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { emitSimdAs, SimdShape } from './simd-arith.js';
import { compileSwizzle } from './simd-lanes.js';
import { OpSimd } from './simd-opcodes.js';
import { EntryKind } from '../value-stack.js';

const V128 = ValType.v128;

/** Relaxed operators that are exactly one fixed-width host operator: [relaxed, shape, host]. */
const ONE_TO_ONE: readonly (readonly [number, number, number])[] = [
  [OpSimd.i32x4RelaxedTruncF32x4S, SimdShape.unary, OpSimd.i32x4TruncSatF32x4S],
  [OpSimd.i32x4RelaxedTruncF32x4U, SimdShape.unary, OpSimd.i32x4TruncSatF32x4U],
  [OpSimd.i32x4RelaxedTruncF64x2SZero, SimdShape.unary, OpSimd.i32x4TruncSatF64x2SZero],
  [OpSimd.i32x4RelaxedTruncF64x2UZero, SimdShape.unary, OpSimd.i32x4TruncSatF64x2UZero],
  [OpSimd.i8x16RelaxedLaneselect, SimdShape.ternary, OpSimd.v128Bitselect],
  [OpSimd.i16x8RelaxedLaneselect, SimdShape.ternary, OpSimd.v128Bitselect],
  [OpSimd.i32x4RelaxedLaneselect, SimdShape.ternary, OpSimd.v128Bitselect],
  [OpSimd.i64x2RelaxedLaneselect, SimdShape.ternary, OpSimd.v128Bitselect],
  [OpSimd.f32x4RelaxedMin, SimdShape.binary, OpSimd.f32x4Min],
  [OpSimd.f32x4RelaxedMax, SimdShape.binary, OpSimd.f32x4Max],
  [OpSimd.f64x2RelaxedMin, SimdShape.binary, OpSimd.f64x2Min],
  [OpSimd.f64x2RelaxedMax, SimdShape.binary, OpSimd.f64x2Max],
  [OpSimd.i16x8RelaxedQ15mulrS, SimdShape.binary, OpSimd.i16x8Q15mulrSatS],
];
const ONE_TO_ONE_SHAPE = new Map(ONE_TO_ONE.map(([op, shape, host]) => [op, [shape, host] as const]));

/** Compiles relaxed SIMD operator `sub` with its deterministic lowering. */
export const compileRelaxedSimd = (c: FunctionCompiler, sub: number): void => {
  const one = ONE_TO_ONE_SHAPE.get(sub);
  if (one) {
    emitSimdAs(c, one[0], one[1]);
    return;
  }
  switch (sub) {
    case OpSimd.i8x16RelaxedSwizzle: return compileSwizzle(c);
    case OpSimd.f32x4RelaxedMadd: return madd(c, OpSimd.f32x4Mul, OpSimd.f32x4Add, -1);
    case OpSimd.f32x4RelaxedNmadd: return madd(c, OpSimd.f32x4Mul, OpSimd.f32x4Add, OpSimd.f32x4Neg);
    case OpSimd.f64x2RelaxedMadd: return madd(c, OpSimd.f64x2Mul, OpSimd.f64x2Add, -1);
    case OpSimd.f64x2RelaxedNmadd: return madd(c, OpSimd.f64x2Mul, OpSimd.f64x2Add, OpSimd.f64x2Neg);
    case OpSimd.i16x8RelaxedDotI8x16I7x16S: return dot(c, false);
    case OpSimd.i32x4RelaxedDotI8x16I7x16AddS: return dot(c, true);
    default: throw c.malformed(`illegal opcode fd ${sub.toString(16)}`);
  }
};

/**
 * Unfused multiply-add `a * b + c` (`neg` set: `-(a * b) + c`, which equals `(-a) * b + c`
 * because rounding is sign-symmetric). The addend is parked in a scratch local if it is on the
 * host stack above the factors.
 */
const madd = (c: FunctionCompiler, mul: number, add: number, neg: number): void => {
  c.materializeBelow(3);
  const z = c.pop(V128);
  const y = c.pop(V128);
  const x = c.pop(V128);
  const code = c.code;
  const vs = c.vs;
  let parked = -1;
  if (z >= 0 && vs.kind[z] === EntryKind.stack) {
    parked = c.locals.acquireScratch(V128);
    code.localSet(parked);
  }
  c.emitOperand(x);
  c.emitOperand(y);
  code.simd(mul);
  if (neg >= 0) code.simd(neg);
  if (parked >= 0) code.localGet(parked);
  else c.emitOperand(z);
  code.simd(add);
  if (parked >= 0) c.locals.releaseScratch(V128, parked);
  vs.pushStack(V128);
};

/**
 * `i16x8.relaxed_dot_i8x16_i7x16_s` as the deterministic profile defines it (both operands
 * signed, pair sums saturated to i16): the exact pair sums come from `i32x4.dot_i16x8_s` of the
 * sign-extended halves and `i16x8.narrow_i32x4_s` saturates them. With `addend`, the
 * `_add_s` variant: those i16 sums widened pairwise to i32 plus the third operand.
 */
const dot = (c: FunctionCompiler, addend: boolean): void => {
  const n = addend ? 3 : 2;
  c.materializeBelow(n);
  for (let i = 0; i < n; i++) c.pop(V128);
  const vs = c.vs;
  const base = vs.height;
  const code = c.code;
  if (c.unreachable) {
    vs.pushStack(V128); // dead code: nothing is emitted
    return;
  }
  c.bindPopped(base, n);
  c.emitOperand(base);
  code.simd(OpSimd.i16x8ExtendLowI8x16S);
  c.emitOperand(base + 1);
  code.simd(OpSimd.i16x8ExtendLowI8x16S);
  code.simd(OpSimd.i32x4DotI16x8S);
  c.emitOperand(base);
  code.simd(OpSimd.i16x8ExtendHighI8x16S);
  c.emitOperand(base + 1);
  code.simd(OpSimd.i16x8ExtendHighI8x16S);
  code.simd(OpSimd.i32x4DotI16x8S);
  code.simd(OpSimd.i16x8NarrowI32x4S);
  if (addend) {
    code.simd(OpSimd.i32x4ExtaddPairwiseI16x8S);
    c.emitOperand(base + 2);
    code.simd(OpSimd.i32x4Add);
  }
  c.releaseBound(base, n);
  vs.pushStack(V128);
};
