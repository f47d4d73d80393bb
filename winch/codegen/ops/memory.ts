/**
 * Loads, stores, memory.size and memory.grow. Every access checks
 * zext64(addr) + offset + size <= bound unless a constant address is provably in bounds.
 */
import { TrapCode, ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { Op } from '../opcodes.js';
import { EntryKind } from '../value-stack.js';

const I32 = ValType.i32, I64 = ValType.i64, F32 = ValType.f32, F64 = ValType.f64;

/** log2 of the access size and the value type, per load/store opcode. */
const SIZE_LOG2 = new Uint8Array(256);
const VALUE_TYPE = new Uint8Array(256);
const access = (op: number, sizeLog2: number, type: number): void => {
  SIZE_LOG2[op] = sizeLog2;
  VALUE_TYPE[op] = type;
};
access(Op.i32Load, 2, I32); access(Op.i64Load, 3, I64); access(Op.f32Load, 2, F32); access(Op.f64Load, 3, F64);
access(Op.i32Load8S, 0, I32); access(Op.i32Load8U, 0, I32); access(Op.i32Load16S, 1, I32); access(Op.i32Load16U, 1, I32);
access(Op.i64Load8S, 0, I64); access(Op.i64Load8U, 0, I64); access(Op.i64Load16S, 1, I64); access(Op.i64Load16U, 1, I64);
access(Op.i64Load32S, 2, I64); access(Op.i64Load32U, 2, I64);
access(Op.i32Store, 2, I32); access(Op.i64Store, 3, I64); access(Op.f32Store, 2, F32); access(Op.f64Store, 3, F64);
access(Op.i32Store8, 0, I32); access(Op.i32Store16, 1, I32);
access(Op.i64Store8, 0, I64); access(Op.i64Store16, 1, I64); access(Op.i64Store32, 2, I64);

/** Decoded memarg of the current operator (set by `readMemarg`). */
export const memarg = { align: 0, memory: 0, offset: 0 };

/** Reads a memarg (with the multi-memory index bit) into `memarg` and validates it. */
export const readMemarg = (c: FunctionCompiler, naturalLog2: number): void => {
  const r = c.r;
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags >= 0x80) throw c.malformed('malformed memop flags', flagsOffset);
  memarg.memory = 0;
  if (flags & 0x40) memarg.memory = r.u32();
  r.u64();
  memarg.offset = r.lo;
  memarg.align = flags & 0x3f;
  checkMemory(c, memarg.memory);
  if (memarg.align > naturalLog2) throw c.invalid('alignment must not be larger than natural');
  if (r.hi !== 0) throw c.invalid('offset out of range');
};

/** Fails with "unknown memory" unless memory `m` exists. */
export const checkMemory = (c: FunctionCompiler, m: number): void => {
  if (m >= c.ctx.numMemories) throw c.invalid(`unknown memory ${m}`);
};

/** Pushes memory `m`'s bound in bytes as an i64 (from its bound local). */
export const emitBound64 = (c: FunctionCompiler, m: number): void => {
  const code = c.code;
  code.localGet(c.locals.boundForRead(m));
  if (c.ctx.boundLastByte[m]) {
    code.i64ExtendI32U();
    code.i64ConstNum(1);
    code.i64Add();
  }
};

/**
 * Emits the bounds check of an access at address `slot` (lazy or bound to a local)
 * ending `end` bytes past the address, unless a constant address is below the memory minimum.
 *
 * The common form, for a memory of at least one page and an access ending within its minimum
 * size, is one i32 compare against the i32 local `last = bound - 1`: `addr >u last - (end - 1)`,
 * where `last - (end - 1)` cannot wrap because the bound never drops below the minimum. It
 * costs a compare and a branch in V8's baseline tier (which fuses i32 compares into branches);
 * the limit does not depend on the address, so the optimizing tier shares it between accesses.
 * Otherwise: `zext64(addr) >s bound - end` in i64 (signed: `bound - end` may be negative).
 */
const emitAddressCheck = (c: FunctionCompiler, slot: number, end: number, m: number): void => {
  const code = c.code;
  const vs = c.vs;
  if (vs.kind[slot] === EntryKind.const) {
    const ea = (vs.a[slot]! >>> 0) + end;
    if (ea <= c.ctx.memoryMinBytes[m]!) return;
    code.i64ConstNum(ea);
    emitBound64(c, m);
    code.i64GtU();
    code.trapIf(TrapCode.MemoryOutOfBounds);
    return;
  }
  // a guest local's value as the address: its checks are remembered (check-facts.ts)
  const factLocal = m === 0 && vs.kind[slot] === EntryKind.local && vs.a[slot]! < c.locals.numGuest ? vs.a[slot]! : -1;
  if (factLocal >= 0 && c.facts.covers(factLocal, end)) return; // checked already, as far or further
  if (c.ctx.boundLastByte[m] && end <= c.ctx.memoryMinBytes[m]!) {
    c.emitOperand(slot);
    code.aboveLimit(c.locals.boundForRead(m), end - 1);
  } else {
    c.emitOperand(slot);
    code.i64ExtendI32U();
    code.localGet(c.locals.boundForRead(m));
    if (c.ctx.boundLastByte[m]) {
      code.i64ExtendI32U(); // the local is `bound - 1`
      code.i64ConstNum(end - 1);
    } else {
      code.i64ConstNum(end);
    }
    code.op(Op.i64Sub);
    code.op(Op.i64GtS);
  }
  code.trapIf(TrapCode.MemoryOutOfBounds);
  if (factLocal >= 0) c.facts.record(factLocal, end);
};

/** Loads of every width, with the bounds check. */
export const compileLoad = (c: FunctionCompiler, op: number): void => {
  const sizeLog2 = SIZE_LOG2[op]!;
  readMemarg(c, sizeLog2);
  const m = memarg.memory, offset = memarg.offset, align = memarg.align;
  c.materializeBelow(1);
  const addr = c.pop(I32);
  if (c.ctx.boundsChecks && !c.unreachable) checkedAddress(c, addr, offset + (1 << sizeLog2), m);
  else c.emitOperand(addr);
  c.code.memOp(op, align, offset, m);
  c.vs.pushStack(VALUE_TYPE[op]!);
};

/**
 * Leaves the address of popped slot `addr` on the host stack after checking it:
 * a host-stack address is teed into a scratch local for the check, a lazy one is emitted twice.
 */
export const checkedAddress = (c: FunctionCompiler, addr: number, end: number, m: number): void => {
  const vs = c.vs;
  if (vs.kind[addr] === EntryKind.stack) {
    const s = c.locals.acquireScratch(I32);
    c.code.localTee(s);
    vs.kind[addr] = EntryKind.local;
    vs.a[addr] = s;
    emitAddressCheck(c, addr, end, m);
    c.locals.releaseScratch(I32, s);
  } else {
    emitAddressCheck(c, addr, end, m);
    c.emitOperand(addr);
  }
};

/** Stores of every width, with the bounds check. */
export const compileStore = (c: FunctionCompiler, op: number): void => {
  const sizeLog2 = SIZE_LOG2[op]!;
  readMemarg(c, sizeLog2);
  const m = memarg.memory, offset = memarg.offset, align = memarg.align;
  c.materializeBelow(2);
  const value = c.pop(VALUE_TYPE[op]!);
  const addr = c.pop(I32);
  checkedAddressThenValue(c, addr, value, offset + (1 << sizeLog2), m);
  c.code.memOp(op, align, offset, m);
};

/**
 * Leaves popped slots `addr` (i32) and `value` (above it) on the host stack, with the address
 * checked for an access ending `end` bytes past it (stores, SIMD lane accesses).
 */
export const checkedAddressThenValue = (c: FunctionCompiler, addr: number, value: number, end: number, m: number): void => {
  if (c.ctx.boundsChecks && !c.unreachable) {
    const vs = c.vs;
    const valueType = vs.type[value]!;
    let sv = -1;
    if (vs.kind[value] === EntryKind.stack) {
      // the address is below it on the host stack: park the value in a scratch local
      sv = c.locals.acquireScratch(valueType);
      c.code.localSet(sv);
      vs.kind[value] = EntryKind.local;
      vs.a[value] = sv;
    }
    checkedAddress(c, addr, end, m);
    c.emitOperand(value);
    if (sv >= 0) c.locals.releaseScratch(valueType, sv);
  } else {
    c.emitOperand(addr);
    c.emitOperand(value);
  }
};

/** Reads the memory index immediate of memory.size / memory.grow. */
const readMemoryIndex = (c: FunctionCompiler): number => {
  const m = c.r.u32();
  checkMemory(c, m);
  return m;
};

/** `memory.size`: the bound global in pages. */
export const compileMemorySize = (c: FunctionCompiler): void => {
  const m = readMemoryIndex(c);
  c.materializeAll();
  const code = c.code;
  code.globalGet(c.ctx.boundGlobal(m));
  if (c.ctx.boundLastByte[m]) {
    // last = pages * 65536 - 1 with pages >= 1
    code.i32Const(16);
    code.op(Op.i32ShrU);
    code.i32Const(1);
    code.op(Op.i32Add);
  } else {
    code.i64ConstNum(16);
    code.i64ShrU();
    code.i32WrapI64();
  }
  c.vs.pushStack(I32);
};

/** `memory.grow`: the `memory_grow` builtin, then the bound locals are reloaded. */
export const compileMemoryGrow = (c: FunctionCompiler): void => {
  const m = readMemoryIndex(c);
  c.materializeBelow(1);
  const delta = c.pop(I32);
  const code = c.code;
  if (c.isLazy(delta)) {
    code.i32Const(m);
    c.emitOperand(delta);
  } else {
    const s = c.locals.acquireScratch(I32);
    code.localSet(s);
    code.i32Const(m);
    code.localGet(s);
    c.locals.releaseScratch(I32, s);
  }
  code.call(c.ctx.memoryGrowFunc);
  c.vs.pushStack(I32);
  c.reloadBounds();
};
