/**
 * The 0xfd (SIMD) prefix: reads the sub-opcode and dispatches to its family
 * (memory, lanes, lane-wise arithmetic, relaxed lowering); unassigned sub-opcodes are malformed.
 */
import type { FunctionCompiler } from '../function-compiler.js';
import { compileRelaxedSimd } from './relaxed-simd.js';
import { compileSimdShift, compileSimdSimple, SIMD_SHAPE, SimdShape } from './simd-arith.js';
import { compileLaneOp, compileShuffle, compileSplat, compileSwizzle, compileV128Const } from './simd-lanes.js';
import { compileSimdAccess, compileSimdLaneAccess, isSimdLaneAccess, isSimdPlainAccess } from './simd-memory.js';
import { isRelaxedSimd, OpSimd, SIMD_OPCODE_END } from './simd-opcodes.js';

type SimdHandler = (c: FunctionCompiler, sub: number) => void;

/** One handler per sub-opcode; `undefined` = illegal. */
const HANDLERS = new Array<SimdHandler | undefined>(SIMD_OPCODE_END);
for (let sub = 0; sub < SIMD_OPCODE_END; sub++) {
  if (isSimdPlainAccess(sub)) HANDLERS[sub] = compileSimdAccess;
  else if (isSimdLaneAccess(sub)) HANDLERS[sub] = compileSimdLaneAccess;
  else if (sub >= OpSimd.i8x16Splat && sub <= OpSimd.f64x2Splat) HANDLERS[sub] = compileSplat;
  else if (sub >= OpSimd.i8x16ExtractLaneS && sub <= OpSimd.f64x2ReplaceLane) HANDLERS[sub] = compileLaneOp;
  else if (SIMD_SHAPE[sub] === SimdShape.shift) HANDLERS[sub] = compileSimdShift;
  else if (SIMD_SHAPE[sub] !== SimdShape.none) HANDLERS[sub] = compileSimdSimple;
  else if (isRelaxedSimd(sub)) HANDLERS[sub] = compileRelaxedSimd;
}
HANDLERS[OpSimd.v128Const] = (c) => compileV128Const(c);
HANDLERS[OpSimd.i8x16Shuffle] = (c) => compileShuffle(c);
HANDLERS[OpSimd.i8x16Swizzle] = (c) => compileSwizzle(c);

/** Compiles one 0xfd-prefixed operator (the prefix byte has been consumed). */
export const compilePrefixSIMD = (c: FunctionCompiler): void => {
  const sub = c.r.u32();
  const h = sub < SIMD_OPCODE_END ? HANDLERS[sub] : undefined;
  if (!h) throw c.malformed(`illegal opcode fd ${sub.toString(16)}`);
  h(c, sub);
};
