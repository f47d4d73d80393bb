/**
 * SIMD memory operators: v128 loads and stores, extending, splat and zero loads, and lane
 * loads/stores. Each gets the same explicit bounds check as a scalar access of its size.
 */
import { ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { checkedAddress, checkedAddressThenValue, memarg, readMemarg } from './memory.js';
import { OpSimd } from './simd-opcodes.js';

const I32 = ValType.i32, V128 = ValType.v128;

/** log2 of the bytes each load / store / lane access touches (= its natural alignment). */
const ACCESS_LOG2 = new Uint8Array(0x60);
const access = (sizeLog2: number, ...subs: number[]): void => {
  for (const s of subs) ACCESS_LOG2[s] = sizeLog2;
};
access(4, OpSimd.v128Load, OpSimd.v128Store);
access(3, OpSimd.v128Load8x8S, OpSimd.v128Load8x8U, OpSimd.v128Load16x4S, OpSimd.v128Load16x4U,
  OpSimd.v128Load32x2S, OpSimd.v128Load32x2U, OpSimd.v128Load64Splat, OpSimd.v128Load64Zero,
  OpSimd.v128Load64Lane, OpSimd.v128Store64Lane);
access(2, OpSimd.v128Load32Splat, OpSimd.v128Load32Zero, OpSimd.v128Load32Lane, OpSimd.v128Store32Lane);
access(1, OpSimd.v128Load16Splat, OpSimd.v128Load16Lane, OpSimd.v128Store16Lane);
access(0, OpSimd.v128Load8Splat, OpSimd.v128Load8Lane, OpSimd.v128Store8Lane);

/** Whether `sub` is a SIMD load or store without a lane immediate. */
export const isSimdPlainAccess = (sub: number): boolean =>
  sub <= OpSimd.v128Store || sub === OpSimd.v128Load32Zero || sub === OpSimd.v128Load64Zero;

/** Whether `sub` is a lane load or store (memarg plus lane index). */
export const isSimdLaneAccess = (sub: number): boolean => sub >= OpSimd.v128Load8Lane && sub <= OpSimd.v128Store64Lane;

/** `v128.load*` (full, extending, splat, zero) and `v128.store`. */
export const compileSimdAccess = (c: FunctionCompiler, sub: number): void => {
  const sizeLog2 = ACCESS_LOG2[sub]!;
  readMemarg(c, sizeLog2);
  const { memory: m, offset, align } = memarg;
  const end = offset + (1 << sizeLog2);
  const checks = c.ctx.boundsChecks && !c.unreachable;
  if (sub === OpSimd.v128Store) {
    c.materializeBelow(2);
    const value = c.pop(V128);
    const addr = c.pop(I32);
    checkedAddressThenValue(c, addr, value, end, m);
    c.code.simdMemOp(sub, align, offset, m);
    return;
  }
  c.materializeBelow(1);
  const addr = c.pop(I32);
  if (checks) checkedAddress(c, addr, end, m);
  else c.emitOperand(addr);
  c.code.simdMemOp(sub, align, offset, m);
  c.vs.pushStack(V128);
};

/** `v128.loadN_lane` / `v128.storeN_lane`: address and vector operands, memarg and lane index. */
export const compileSimdLaneAccess = (c: FunctionCompiler, sub: number): void => {
  const sizeLog2 = ACCESS_LOG2[sub]!;
  readMemarg(c, sizeLog2);
  const { memory: m, offset, align } = memarg;
  const lane = c.r.u8();
  if (lane >= 16 >> sizeLog2) throw c.invalid('invalid lane index');
  c.materializeBelow(2);
  const value = c.pop(V128);
  const addr = c.pop(I32);
  checkedAddressThenValue(c, addr, value, offset + (1 << sizeLog2), m);
  c.code.simdMemOp(sub, align, offset, m);
  c.code.u8(lane);
  if (sub <= OpSimd.v128Load64Lane) c.vs.pushStack(V128);
};
