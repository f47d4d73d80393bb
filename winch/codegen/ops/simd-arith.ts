/**
 * Lane-wise SIMD operators that map 1:1 to the host (Node 20's engine has all of fixed-width
 * SIMD): comparisons, bitwise, integer and float arithmetic, saturating, q15, narrowing,
 * widening, dot products, conversions, tests and bitmasks, and shifts (a constant shift by a
 * multiple of the lane width folds to the identity).
 */
import { ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { OpSimd, SIMD_OPCODE_END } from './simd-opcodes.js';
import { repush, topAreConst } from './simd-values.js';

const I32 = ValType.i32, V128 = ValType.v128;

/** Operand/result shape of a simple SIMD operator. */
export const SimdShape = {
  none: 0,
  /** v128 → v128 */
  unary: 1,
  /** v128 v128 → v128 */
  binary: 2,
  /** v128 v128 v128 → v128 */
  ternary: 3,
  /** v128 → i32 (any_true, all_true, bitmask) */
  test: 4,
  /** v128 i32 → v128 */
  shift: 5,
} as const;

/** Shape per sub-opcode (0 = not a simple operator). Relaxed operators are registered by their lowering. */
export const SIMD_SHAPE = new Uint8Array(SIMD_OPCODE_END);

const shape = (s: number, ...ranges: (number | [number, number])[]): void => {
  for (const r of ranges) {
    const [from, to] = typeof r === 'number' ? [r, r] : r;
    for (let op = from; op <= to; op++) SIMD_SHAPE[op] = s;
  }
};
shape(SimdShape.binary, [0x23, 0x4c], [0x4e, 0x51], [0x65, 0x66], [0x6e, 0x73], [0x76, 0x79], 0x7b, 0x82,
  [0x85, 0x86], [0x8e, 0x93], [0x95, 0x99], [0x9b, 0x9f], 0xae, 0xb1, [0xb5, 0xba], [0xbc, 0xbf],
  0xce, 0xd1, [0xd5, 0xdf], [0xe4, 0xeb], [0xf0, 0xf7]);
shape(SimdShape.unary, 0x4d, [0x5e, 0x62], [0x67, 0x6a], [0x74, 0x75], 0x7a, [0x7c, 0x81], [0x87, 0x8a], 0x94,
  [0xa0, 0xa1], [0xa7, 0xaa], [0xc0, 0xc1], [0xc7, 0xca], [0xe0, 0xe1], 0xe3, [0xec, 0xed], 0xef, [0xf8, 0xff]);
shape(SimdShape.ternary, OpSimd.v128Bitselect);
shape(SimdShape.test, OpSimd.v128AnyTrue, [0x63, 0x64], [0x83, 0x84], [0xa3, 0xa4], [0xc3, 0xc4]);
shape(SimdShape.shift, [0x6b, 0x6d], [0x8b, 0x8d], [0xab, 0xad], [0xcb, 0xcd]);

/** Pops the operands of `shape` (validating them); they must already be on the host stack. */
const popShape = (c: FunctionCompiler, s: number): void => {
  switch (s) {
    case SimdShape.ternary: c.pop(V128); c.pop(V128); c.pop(V128); break;
    case SimdShape.binary: c.pop(V128); c.pop(V128); break;
    case SimdShape.shift: c.pop(I32); c.pop(V128); break;
    default: c.pop(V128);
  }
};

/**
 * Compiles a guest operator of shape `s` as the single host operator `hostSub`
 * (the guest's own opcode for fixed-width SIMD; a relaxed operator's lowering target).
 */
export const emitSimdAs = (c: FunctionCompiler, s: number, hostSub: number): void => {
  c.materializeAll();
  popShape(c, s);
  c.code.simd(hostSub);
  c.vs.pushStack(s === SimdShape.test ? I32 : V128);
};

/** A fixed-width SIMD operator that is its own host operator. */
export const compileSimdSimple = (c: FunctionCompiler, sub: number): void => {
  emitSimdAs(c, SIMD_SHAPE[sub]!, sub);
};

/** Lane width in bits of a shift operator (shifts count modulo the lane width). */
const shiftLaneBits = (sub: number): number => (sub <= 0x6d ? 8 : sub <= 0x8d ? 16 : sub <= 0xad ? 32 : 64);

/** `*.shl`, `*.shr_s`, `*.shr_u`: a constant count that is a multiple of the lane width is a no-op. */
export const compileSimdShift = (c: FunctionCompiler, sub: number): void => {
  const vs = c.vs;
  const identity = topAreConst(c, 1) && (vs.a[vs.height - 1]! & (shiftLaneBits(sub) - 1)) === 0;
  if (!identity) c.materializeBelow(2);
  const count = c.pop(I32);
  const v = c.pop(V128);
  if (identity) {
    repush(c, v, V128);
    return;
  }
  c.emitOperand(v);
  c.emitOperand(count);
  c.code.simd(sub);
  c.vs.pushStack(V128);
};
