/**
 * Value and block type decoding for function bodies, with the errors for
 * malformed types and for types of proposals Windlass does not compile yet.
 */
import { ValType } from '../../abi/index.js';
import { CompileError, UnsupportedError } from '../compile-error.js';
import { BLOCK_TYPE_EMPTY } from './opcodes.js';
import type { OpReader } from './op-reader.js';

/** True for the value type bytes of Wasm 2.0 (numbers, v128, funcref, externref). */
export const isSupportedValType = (b: number): boolean =>
  b === ValType.i32 || b === ValType.i64 || b === ValType.f32 || b === ValType.f64 || b === ValType.v128 ||
  b === ValType.funcref || b === ValType.externref;

/** Fails for a type byte that is not a supported value type. */
export const checkValTypeByte = (b: number, offset: number): void => {
  if (isSupportedValType(b)) return;
  if (b === 0x63 || b === 0x64 || (b >= 0x69 && b <= 0x74 && b !== 0x70 && b !== 0x6f)) {
    throw new UnsupportedError(offset, 'typed function references / GC types');
  }
  throw new CompileError(offset, 'malformed value type', 'malformed');
};

/** Reads a value type. */
export const readValType = (r: OpReader): number => {
  const offset = r.pos;
  const b = r.u8();
  checkValTypeByte(b, offset);
  return b;
};

/** Reads a reference type (ref.null immediate, typed tables). */
export const readRefType = (r: OpReader): number => {
  const offset = r.pos;
  const b = r.u8();
  if (b === ValType.funcref || b === ValType.externref) return b;
  if (b === 0x63 || b === 0x64 || (b >= 0x69 && b <= 0x74)) {
    throw new UnsupportedError(offset, 'typed function references / GC heap types');
  }
  throw new CompileError(offset, 'malformed reference type', 'malformed');
};

/**
 * Reads a block type as a HostBlockType: type index (>= 0), `-BLOCK_TYPE_EMPTY`,
 * or the negated value type byte.
 */
export const readBlockType = (r: OpReader, numTypes: number): number => {
  const offset = r.pos;
  const b = r.peekU8();
  if (b === BLOCK_TYPE_EMPTY) {
    r.pos++;
    return -BLOCK_TYPE_EMPTY;
  }
  if (b >= 0x40 && b < 0x80) {
    r.pos++;
    checkValTypeByte(b, offset);
    return -b;
  }
  const index = r.s33();
  if (index < 0) throw new CompileError(offset, 'malformed value type', 'malformed');
  if (index >= numTypes) throw new CompileError(offset, 'unknown type');
  return index;
};
