/**
 * Decoders for types: value/reference/heap types, type-section entries (rec/sub/
 * func/struct/array), limits, and table/memory/global types, with their validation.
 */
import { ValType, type FuncType, type GlobalType, type Limits, type MemoryType, type TableType } from '../../abi/index.js';
import { MAX_WASM32_PAGES } from '../../abi/tunables.js';
import { DecodeContext } from './decode-context.js';
import type { ModuleInfo } from './module-info.js';
import { DecodeMsg, type BinaryReader } from './reader.js';

/**
 * Stand-in for a value type outside the Windlass vocabulary (typed references,
 * GC types). Its use has already been recorded as unsupported.
 */
export const UNSUPPORTED_VALTYPE = -1;

/** Abstract heap types by their (negative) s33/s7 value; concrete ones are type indices >= 0. */
export const HeapType = {
  noexn: -0x0c,
  nofunc: -0x0d,
  noextern: -0x0e,
  none: -0x0f,
  func: -0x10,
  extern: -0x11,
  any: -0x12,
  eq: -0x13,
  i31: -0x14,
  struct: -0x15,
  array: -0x16,
  exn: -0x17,
} as const;

const GC_REFS = 'GC / exception reference types';
const TYPED_REFS = 'typed function references';

/** Reads a heap type (s33: a type index, or a one-byte abstract heap type). */
export function readHeapType(cx: DecodeContext): number {
  const r = cx.r;
  const at = r.pos;
  const b = r.peek();
  if (b >= 0 && (b & 0xc0) === 0x40) {
    r.pos++;
    const v = (b << 25) >> 25;
    if (v < HeapType.exn || v > HeapType.noexn) r.fail('malformed heap type', at);
    return v;
  }
  const v = r.s33();
  if (v < 0) r.fail('malformed heap type', at);
  return v; // a type index: only reached by typed-reference features, validated when supported
}

/** The ValType of a nullable reference to an abstract heap type, or UNSUPPORTED_VALTYPE. */
function nullableRef(cx: DecodeContext, ht: number, at: number): number {
  if (ht === HeapType.func) return ValType.funcref;
  if (ht === HeapType.extern) return ValType.externref;
  cx.unsupported(at, ht >= 0 ? TYPED_REFS : GC_REFS);
  return UNSUPPORTED_VALTYPE;
}

/** Reads a reference type ("malformed reference type" otherwise). */
export function readRefType(cx: DecodeContext): number {
  const r = cx.r;
  const at = r.pos;
  const b = r.u8();
  if (b === ValType.funcref || b === ValType.externref) return b;
  if (b & 0x80) r.fail(DecodeMsg.tooLong, r.pos);
  if ((b >= 0x69 && b <= 0x6e) || (b >= 0x71 && b <= 0x74)) {
    cx.unsupported(at, GC_REFS);
    return UNSUPPORTED_VALTYPE;
  }
  if (b === 0x63) return nullableRef(cx, readHeapType(cx), at); // (ref null ht)
  if (b === 0x64) { // (ref ht), non-nullable
    readHeapType(cx);
    cx.unsupported(at, TYPED_REFS);
    return UNSUPPORTED_VALTYPE;
  }
  return r.fail('malformed reference type', at);
}

/** Reads a value type. */
export function readValType(cx: DecodeContext): number {
  const r = cx.r;
  const p = r.pos;
  if (p < r.end) {
    const b = r.buf[p]!;
    if (b >= ValType.v128 && b <= ValType.i32) {
      r.pos = p + 1;
      return b;
    }
  }
  return readRefType(cx);
}

/** Reads a vector of value types, bounded by `limit` (an implementation limit). */
function readResultType(cx: DecodeContext, limit: 'params' | 'results'): number[] {
  const r = cx.r;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, limit, n, `function ${limit}`);
  const ts = new Array<number>(n);
  for (let i = 0; i < n; i++) ts[i] = readValType(cx);
  return ts;
}

const PLACEHOLDER_TYPE: FuncType = Object.freeze({ params: [], results: [] });

/** Reads a storage type (value type or packed i8/i16) and mutability of a GC field. */
function readFieldType(cx: DecodeContext): void {
  const b = cx.r.peek();
  if (b === 0x78 || b === 0x77) cx.r.pos++;
  else readValType(cx);
  readMutability(cx);
}

/** Reads a composite type and appends it to `info.types` (GC types as placeholders). */
function readCompType(cx: DecodeContext): void {
  const r = cx.r;
  const at = r.pos;
  const form = r.s7();
  const types = cx.info.types;
  cx.checkLimit(at, 'types', types.length + 1);
  if (form === -0x20) {
    const params = readResultType(cx, 'params');
    const results = readResultType(cx, 'results');
    types.push({ params, results });
  } else if (form === -0x21) {
    const n = r.len32();
    for (let i = 0; i < n; i++) readFieldType(cx);
    cx.unsupported(at, 'GC struct types');
    types.push(PLACEHOLDER_TYPE);
  } else if (form === -0x22) {
    readFieldType(cx);
    cx.unsupported(at, 'GC array types');
    types.push(PLACEHOLDER_TYPE);
  } else {
    r.fail('malformed definition type', r.pos - 1);
  }
}

/** Reads a sub type (`sub`, `sub final` or a bare composite type). */
function readSubType(cx: DecodeContext): void {
  const r = cx.r;
  const at = r.pos;
  const b = r.peek();
  if (b === 0x50 || b === 0x4f) {
    r.pos++;
    const n = r.len32();
    // `sub final` without supertypes is exactly a plain type; anything else needs GC subtyping.
    if (b === 0x50 || n > 0) cx.unsupported(at, 'GC subtyping');
    for (let i = 0; i < n; i++) r.u32();
  }
  readCompType(cx);
}

/** Reads one type-section entry (a rec group or a single sub type), appending to `info.types`. */
export function readTypeEntry(cx: DecodeContext): void {
  const r = cx.r;
  const at = r.pos;
  if (r.peek() === 0x4e) {
    r.pos++;
    const n = r.len32();
    // A group of one type is the same as the plain type; larger groups are iso-recursive (GC).
    if (n !== 1) cx.unsupported(at, 'recursive type groups');
    for (let i = 0; i < n; i++) readSubType(cx);
    return;
  }
  readSubType(cx);
}

/** Reads a mutability byte: false = const, true = var. */
export function readMutability(cx: DecodeContext): boolean {
  const b = cx.r.u8();
  if (b > 1) cx.r.fail('malformed mutability', cx.r.pos - 1);
  return b === 1;
}

/** Raw limits as read: 64-bit bounds and flags. */
interface RawLimits {
  readonly at: number;
  readonly min: bigint;
  readonly max: bigint | undefined;
  readonly is64: boolean;
  readonly shared: boolean;
}

function readRawLimits(cx: DecodeContext, allowShared: boolean): RawLimits {
  const r = cx.r;
  const at = r.pos;
  const flags = r.u8();
  if (flags & (allowShared ? 0xf8 : 0xfa)) r.fail('malformed limits flags', at);
  const min = r.u64();
  const max = flags & 1 ? r.u64() : undefined;
  return { at, min, max, is64: (flags & 4) !== 0, shared: (flags & 2) !== 0 };
}

/** Validates limits against `range`; returns them as numbers (exact when valid). */
function checkLimits(cx: DecodeContext, l: RawLimits, range: bigint, msg: string): Limits {
  if (l.min > range || (l.max !== undefined && l.max > range)) cx.invalid(l.at, msg);
  else if (l.max !== undefined && l.min > l.max) cx.invalid(l.at, 'size minimum must not be greater than maximum');
  return l.max === undefined ? { min: Number(l.min) } : { min: Number(l.min), max: Number(l.max) };
}

/** Reads and validates a table type. */
export function readTableType(cx: DecodeContext): TableType {
  const elemType = readRefType(cx);
  const l = readRawLimits(cx, false);
  if (l.is64) cx.unsupported(l.at, 'table64');
  const limits = checkLimits(cx, l, l.is64 ? 0xffff_ffff_ffff_ffffn : 0xffff_ffffn,
    l.is64 ? 'table size must be at most 2^64-1' : 'table size must be at most 2^32-1');
  return { elemType, limits };
}

/** Reads and validates a memory type. */
export function readMemoryType(cx: DecodeContext): MemoryType {
  const l = readRawLimits(cx, true);
  if (l.is64) cx.unsupported(l.at, 'memory64');
  const limits = l.is64
    ? checkLimits(cx, l, 0x1_0000_0000_0000n, 'memory size must be at most 2^48 pages (256 TiB)')
    : checkLimits(cx, l, BigInt(MAX_WASM32_PAGES), `memory size must be at most ${MAX_WASM32_PAGES} pages (4GiB)`);
  if (l.shared) {
    if (l.max === undefined) cx.invalid(l.at, 'shared memory must have maximum');
    cx.unsupported(l.at, 'shared memory (threads)');
    return { limits, shared: true };
  }
  return { limits };
}

/** Reads a global type. */
export function readGlobalType(cx: DecodeContext): GlobalType {
  const type = readValType(cx);
  const mutable = readMutability(cx);
  return { type, mutable };
}

/** Reads a tag type (exception handling): a zero byte and a function type index. */
export function readTagType(cx: DecodeContext): void {
  const r = cx.r;
  const at = r.pos;
  if (r.u8() !== 0) r.fail('zero byte expected', at);
  const x = r.u32();
  if (x >= cx.info.types.length) cx.invalid(at, `unknown type ${x}`);
  cx.unsupported(at, 'exception handling (tags)');
}

/**
 * For codegen (locals, `select t`, block types): reads a value type and throws at once —
 * `CompileError` when malformed, `UnsupportedError` for types outside the Windlass
 * vocabulary — instead of deferring like the section decoders do.
 */
export function readValTypeOrThrow(r: BinaryReader, info: ModuleInfo): ValType {
  const p = r.pos;
  if (p < r.end) {
    const b = r.buf[p]!;
    if ((b >= ValType.v128 && b <= ValType.i32) || b === ValType.funcref || b === ValType.externref) {
      r.pos = p + 1;
      return b;
    }
  }
  const cx = new DecodeContext(r, info);
  const t = readValType(cx);
  if (cx.pending) throw cx.pending;
  return t;
}
