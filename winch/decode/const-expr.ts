/**
 * Constant expressions (global initializers, segment offsets and elements):
 * decoding into ConstOp[] and validation (constness, index ranges, result type).
 */
import { ValType, valTypeName } from '../../abi/index.js';
import type { DecodeContext } from './decode-context.js';
import type { ConstExpr, ConstOp } from './module-info.js';
import { HeapType, UNSUPPORTED_VALTYPE, readHeapType, readValType } from './value-types.js';

const CONST_REQUIRED = 'constant expression required';

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** Opcodes illegal in every context (unassigned bytes). */
function isIllegalOpcode(op: number): boolean {
  return op === 0x06 || op === 0x07 || op === 0x09 || (op >= 0x16 && op <= 0x19) || op === 0x1d || op === 0x1e ||
    op === 0x27 || (op >= 0xc5 && op <= 0xcf) || (op >= 0xd7 && op <= 0xfa) || op === 0xfe || op === 0xff;
}

function skipMemArg(cx: DecodeContext): void {
  const r = cx.r;
  const at = r.pos;
  const flags = r.u32();
  if (flags >= 0x80) r.fail('malformed memop flags', at);
  if (flags & 0x40) r.u32();
  r.u64();
}

function skipBlockType(cx: DecodeContext): void {
  const r = cx.r;
  const b = r.peek();
  if (b === 0x40) r.pos++;
  else if (b >= 0 && (b & 0xc0) === 0x40) readValType(cx);
  else if (r.s33() < 0) r.fail('malformed type index', r.pos - 1);
}

/**
 * Skips the immediates of a valid but non-constant instruction, so the whole
 * expression decodes before constness is judged (as in the reference interpreter,
 * where malformed bytes win over "constant expression required").
 * Returns true when the instruction opens a block (closed by a later `end`).
 */
function skipNonConst(cx: DecodeContext, op: number, at: number): boolean {
  const r = cx.r;
  switch (op) {
    case 0x02: case 0x03: case 0x04:
      skipBlockType(cx);
      return true;
    case 0x1f: {
      skipBlockType(cx);
      const n = r.len32();
      for (let i = 0; i < n; i++) {
        const kind = r.u8();
        if (kind > 3) r.fail('malformed catch clause', r.pos - 1);
        if (kind < 2) r.u32();
        r.u32();
      }
      return true;
    }
    case 0x08: case 0x0c: case 0x0d: case 0x10: case 0x12: case 0x14: case 0x15:
    case 0x20: case 0x21: case 0x22: case 0x24: case 0x25: case 0x26:
    case 0x3f: case 0x40: case 0xd5: case 0xd6:
      r.u32();
      return false;
    case 0x11: case 0x13:
      r.u32();
      r.u32();
      return false;
    case 0x0e: {
      const n = r.len32();
      for (let i = 0; i <= n; i++) r.u32();
      return false;
    }
    case 0x1c: {
      const n = r.len32();
      for (let i = 0; i < n; i++) readValType(cx);
      return false;
    }
    case 0xfb: return skipGc(cx, at), false;
    case 0xfc: return skipMisc(cx, at), false;
    case 0xfd: return skipSimd(cx, at), false;
  }
  if (op >= 0x28 && op <= 0x3e) skipMemArg(cx);
  return false; // everything else has no immediates
}

/** 0xfc prefix: saturating truncation, bulk memory and table instructions. */
function skipMisc(cx: DecodeContext, at: number): void {
  const r = cx.r;
  const sub = r.u32();
  if (sub <= 7) return;
  if (sub > 17) r.fail(`illegal opcode fc ${hex2(sub)}`, at);
  r.u32();
  if (sub === 8 || sub === 10 || sub === 12 || sub === 14) r.u32();
}

/** 0xfd prefix (SIMD) other than v128.const. */
function skipSimd(cx: DecodeContext, at: number): void {
  const r = cx.r;
  const sub = r.u32();
  if (sub <= 0x0b || sub === 0x5c || sub === 0x5d) skipMemArg(cx);
  else if (sub === 0x0d) r.skip(16);
  else if (sub >= 0x15 && sub <= 0x22) r.u8();
  else if (sub >= 0x54 && sub <= 0x5b) {
    skipMemArg(cx);
    r.u8();
  } else if (sub > 0x113) r.fail(`illegal opcode ${sub}`, at);
}

/** 0xfb prefix (GC) instructions that are not constant. */
function skipGc(cx: DecodeContext, at: number): void {
  const r = cx.r;
  const sub = r.u32();
  if (sub === 0x0f || (sub >= 0x1a && sub <= 0x1e)) return;
  if (sub >= 0x14 && sub <= 0x17) {
    readHeapType(cx);
    return;
  }
  if (sub === 0x18 || sub === 0x19) {
    const flags = r.u8();
    if (flags & 0xfc) r.fail('malformed br_on_cast flags', r.pos - 1);
    r.u32();
    readHeapType(cx);
    readHeapType(cx);
    return;
  }
  if (sub > 0x1e) r.fail(`illegal opcode fb ${hex2(sub)}`, at);
  r.u32();
  if ((sub >= 0x02 && sub <= 0x05) || sub === 0x08 || sub === 0x09 || sub === 0x0a || sub >= 0x11) r.u32();
}

/**
 * Decodes a constant expression up to and including its `end`, then validates it
 * against `expected` (skipped for UNSUPPORTED_VALTYPE). `numGlobals` is how many
 * globals it may read (global initializers see only earlier globals).
 * `ref.func` targets are added to `declaredFuncRefs`.
 */
export function readConstExpr(cx: DecodeContext, expected: number, numGlobals: number): ConstExpr {
  const r = cx.r;
  const offset = r.pos;
  const ops: ConstOp[] = [];
  const opOffsets: number[] = [];
  let nonConstAt = -1;
  let unsupported = false;
  let depth = 0; // blocks opened by non-constant instructions
  for (;;) {
    const at = r.pos;
    const op = r.u8();
    if (op === 0x0b) {
      if (depth === 0) break;
      depth--;
      continue;
    }
    switch (op) {
      case 0x41: ops.push({ op: 'i32.const', value: r.s32() }); break;
      case 0x42: ops.push({ op: 'i64.const', value: r.s64() }); break;
      case 0x43: ops.push({ op: 'f32.const', bits: r.f32Bits() }); break;
      case 0x44: ops.push({ op: 'f64.const', bits: r.f64Bits() }); break;
      case 0x23: ops.push({ op: 'global.get', index: r.u32() }); break;
      case 0xd2: ops.push({ op: 'ref.func', index: r.u32() }); break;
      case 0x6a: ops.push({ op: 'i32.add' }); break;
      case 0x6b: ops.push({ op: 'i32.sub' }); break;
      case 0x6c: ops.push({ op: 'i32.mul' }); break;
      case 0x7c: ops.push({ op: 'i64.add' }); break;
      case 0x7d: ops.push({ op: 'i64.sub' }); break;
      case 0x7e: ops.push({ op: 'i64.mul' }); break;
      case 0xd0: {
        const ht = readHeapType(cx);
        // Bottom types hold only null, so `ref.null nofunc/noextern` is a null funcref/externref.
        let type: number;
        if (ht === HeapType.func || ht === HeapType.nofunc) type = ValType.funcref;
        else if (ht === HeapType.extern || ht === HeapType.noextern) type = ValType.externref;
        else {
          cx.unsupported(at, ht >= 0 ? 'typed function references' : 'GC / exception reference types');
          unsupported = true;
          type = UNSUPPORTED_VALTYPE;
        }
        ops.push({ op: 'ref.null', type });
        break;
      }
      case 0xfd: {
        const p = r.pos;
        if (r.u32() === 12) {
          ops.push({ op: 'v128.const', bytes: r.bytes(16).slice() });
          break;
        }
        r.pos = p;
        skipNonConst(cx, op, at);
        if (nonConstAt < 0) nonConstAt = at;
        continue;
      }
      case 0xfb: {
        const p = r.pos;
        const sub = r.u32();
        // struct.new(_default), array.new(_default), array.new_fixed, extern/any conversions, ref.i31
        if (sub <= 1 || sub === 6 || sub === 7 || sub === 8 || (sub >= 0x1a && sub <= 0x1c)) {
          if (sub <= 8) r.u32();
          if (sub === 8) r.u32();
          cx.unsupported(at, 'GC instructions');
          unsupported = true;
        } else {
          r.pos = p;
          skipNonConst(cx, op, at);
          if (nonConstAt < 0) nonConstAt = at;
        }
        continue;
      }
      case 0x05:
        if (depth === 0) return r.fail('END opcode expected', at);
        continue;
      default:
        if (isIllegalOpcode(op)) r.fail(`illegal opcode ${hex2(op)}`, at);
        if (skipNonConst(cx, op, at)) depth++;
        if (nonConstAt < 0) nonConstAt = at;
        continue;
    }
    opOffsets.push(at);
  }
  if (!unsupported) validate(cx, ops, opOffsets, nonConstAt, expected, numGlobals, offset);
  return { offset, ops };
}

/** Validation as in the reference: constness of every instruction first, then typing. */
function validate(cx: DecodeContext, ops: readonly ConstOp[], opOffsets: readonly number[], nonConstAt: number,
  expected: number, numGlobals: number, offset: number): void {
  const globals = cx.info.globals;
  let firstIssue = nonConstAt >= 0 ? nonConstAt : Infinity;
  let issue = CONST_REQUIRED;
  for (let i = 0; i < ops.length && opOffsets[i]! < firstIssue; i++) {
    const o = ops[i]!;
    if (o.op !== 'global.get') continue;
    if (o.index >= numGlobals) {
      firstIssue = opOffsets[i]!;
      issue = `unknown global ${o.index}`;
    } else if (globals[o.index]!.mutable) {
      firstIssue = opOffsets[i]!;
      issue = CONST_REQUIRED;
    }
  }
  if (firstIssue !== Infinity) {
    cx.invalid(firstIssue, issue);
    return;
  }
  const stack: number[] = [];
  const show = (ts: readonly number[]): string => `[${ts.map(valTypeName).join(' ')}]`;
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    const at = opOffsets[i]!;
    switch (o.op) {
      case 'i32.const': stack.push(ValType.i32); break;
      case 'i64.const': stack.push(ValType.i64); break;
      case 'f32.const': stack.push(ValType.f32); break;
      case 'f64.const': stack.push(ValType.f64); break;
      case 'v128.const': stack.push(ValType.v128); break;
      case 'ref.null': stack.push(o.type); break;
      case 'global.get': stack.push(globals[o.index]!.type); break;
      case 'ref.func': {
        if (o.index >= cx.info.funcs.length) {
          cx.invalid(at, `unknown function ${o.index}`);
          return;
        }
        cx.info.declaredFuncRefs.add(o.index);
        stack.push(ValType.funcref);
        break;
      }
      default: {
        const t = o.op.startsWith('i32') ? ValType.i32 : ValType.i64;
        const n = stack.length;
        if (n < 2 || stack[n - 1] !== t || stack[n - 2] !== t) {
          cx.invalid(at, `type mismatch: ${o.op} requires ${show([t, t])} but stack has ${show(stack.slice(-2))}`);
          return;
        }
        stack.pop();
      }
    }
  }
  if (expected === UNSUPPORTED_VALTYPE) return;
  if (stack.length !== 1 || stack[0] !== expected) {
    cx.invalid(offset, `type mismatch: constant expression requires ${show([expected])} but stack has ${show(stack)}`);
  }
}

/** Builds the `ref.func x` expression of a function-index element, validating `x`. */
export function readFuncIndexElem(cx: DecodeContext): ConstExpr {
  const r = cx.r;
  const offset = r.pos;
  const index = r.u32();
  if (index >= cx.info.funcs.length) cx.invalid(offset, `unknown function ${index}`);
  else cx.info.declaredFuncRefs.add(index);
  return { offset, ops: [{ op: 'ref.func', index }] };
}
