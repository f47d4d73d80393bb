/**
 * v128 values on the compile-time value stack: lazy `v128.const` entries (4 little-endian
 * i32 words per slot in `ValueStack.v128`), their lanes, and re-pushing a popped entry unchanged.
 */
import { ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { EntryKind } from '../value-stack.js';

const V128 = ValType.v128;

/** Pushes a lazy v128 constant (lane bytes little-endian in the four words). */
export const pushV128Const = (c: FunctionCompiler, w0: number, w1: number, w2: number, w3: number): void => {
  c.pushConst(V128, w0, w1);
  c.vs.setV128(c.vs.height - 1, w0, w1, w2, w3);
};

/** Whether popped slot `slot` is a compile-time constant (slot -1, the polymorphic bottom, is not). */
export const isConstSlot = (c: FunctionCompiler, slot: number): boolean =>
  slot >= 0 && c.vs.kind[slot] === EntryKind.const;

/**
 * Whether the top `n` operands of the current frame are all constants. Folding operators test
 * this before `materializeBelow`, which would put the constants beneath them on the host stack.
 */
export const topAreConst = (c: FunctionCompiler, n: number): boolean => {
  const vs = c.vs;
  if (vs.height - n < c.cs.height[c.cs.depth - 1]!) return false;
  for (let i = vs.height - n; i < vs.height; i++) if (vs.kind[i] !== EntryKind.const) return false;
  return true;
};

/** Word `k` (0..3) of the v128 constant at `slot`. */
export const v128Word = (c: FunctionCompiler, slot: number, k: number): number => c.vs.v128[4 * slot + k]!;

/** Byte `i` (0..15) of the v128 constant at `slot`. */
export const v128Byte = (c: FunctionCompiler, slot: number, i: number): number =>
  (v128Word(c, slot, i >> 2) >>> (8 * (i & 3))) & 0xff;

/** Packs 16 bytes (lane 0 first) into the words of a new lazy v128 constant. */
export const pushV128Bytes = (c: FunctionCompiler, bytes: Uint8Array): void => {
  const w = (k: number): number =>
    bytes[4 * k]! | (bytes[4 * k + 1]! << 8) | (bytes[4 * k + 2]! << 16) | (bytes[4 * k + 3]! << 24);
  pushV128Const(c, w(0), w(1), w(2), w(3));
};

/**
 * Pushes popped slot `slot` back unchanged (an operator folded to the identity). It must be
 * the slot at the current height, i.e. everything above it was popped too.
 */
export const repush = (c: FunctionCompiler, slot: number, type: number): void => {
  const vs = c.vs;
  if (slot < 0) {
    vs.pushStack(type);
    return;
  }
  switch (vs.kind[slot]) {
    // a v128 constant's words are still in place: the entry goes back to the same index
    case EntryKind.const: c.pushConst(type, vs.a[slot]!, vs.b[slot]!); break;
    case EntryKind.local: c.pushLocal(type, vs.a[slot]!); break;
    default: vs.pushStack(type);
  }
};
