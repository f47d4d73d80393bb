/**
 * BinaryReader: the cursor every guest decoder uses (module sections and, in
 * codegen, instruction immediates). LEB128 and UTF-8 rules follow the spec exactly.
 */
import { CompileError } from '../compile-error.js';

/** Error texts of the reference interpreter (spec scripts compare prefixes). */
export const DecodeMsg = {
  unexpectedEnd: 'unexpected end of section or function',
  tooLong: 'integer representation too long',
  tooLarge: 'integer too large',
  lengthOutOfBounds: 'length out of bounds',
  malformedUtf8: 'malformed UTF-8 encoding',
} as const;

const TWO_28 = 0x1000_0000;
const TWO_33 = 0x2_0000_0000;

/**
 * A forward-only reader over `buf[pos, end)`. All failures throw
 * `CompileError(offset, reason, 'malformed')`; reading at or past `end` fails with
 * "unexpected end of section or function".
 *
 * The API is stable and shared with the function compiler:
 * - `pos` (read/write) and `end` are plain fields, so hot loops may inline checks.
 * - Integer readers return `number` except the 64-bit ones, which return `bigint`.
 * - `bytes(n)` returns a zero-copy view into the guest buffer.
 */
export class BinaryReader {
  /** The whole guest buffer (offsets in errors are offsets into it). */
  readonly buf: Uint8Array;
  /** Offset of the next byte to read. */
  pos: number;
  /** Reads may not go at or beyond this offset. */
  end: number;
  private view: DataView | null = null;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** True when every byte up to `end` has been read. */
  get eof(): boolean {
    return this.pos >= this.end;
  }

  /** Number of bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a malformed-module `CompileError` (at `at`, default: the current position). */
  fail(reason: string, at: number = this.pos): never {
    throw new CompileError(at, reason, 'malformed');
  }

  /** Throws "unexpected end of section or function". */
  failEnd(): never {
    throw new CompileError(this.end, DecodeMsg.unexpectedEnd, 'malformed');
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  /** One raw byte. */
  u8(): number {
    const p = this.pos;
    if (p >= this.end) this.failEnd();
    this.pos = p + 1;
    return this.buf[p]!;
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    if (n < 0 || n > this.end - this.pos) this.failEnd();
    this.pos += n;
  }

  /** `n` raw bytes as a view into the guest buffer (no copy). */
  bytes(n: number): Uint8Array {
    const p = this.pos;
    if (n < 0 || n > this.end - p) this.failEnd();
    this.pos = p + n;
    return this.buf.subarray(p, p + n);
  }

  /** Unsigned LEB128, at most 5 bytes, value < 2^32. */
  u32(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    return this.u32Slow();
  }

  private u32Slow(): number {
    const buf = this.buf;
    let p = this.pos;
    let result = 0;
    for (let i = 0; i < 4; i++) {
      if (p >= this.end) this.failEnd();
      const b = buf[p++]!;
      result |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        this.pos = p;
        return result >>> 0;
      }
    }
    if (p >= this.end) this.failEnd();
    const b = buf[p++]!;
    if (b & 0x70) this.fail(DecodeMsg.tooLarge, p - 1);
    if (b & 0x80) this.fail(DecodeMsg.tooLong, p);
    this.pos = p;
    return (result >>> 0) + (b & 0x0f) * TWO_28;
  }

  /** Signed LEB128, at most 5 bytes, value in [-2^31, 2^31). */
  s32(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return (b << 25) >> 25;
      }
    }
    return this.sSlow(32);
  }

  /**
   * Signed LEB128 with 33 significant bits (block types), at most 5 bytes.
   * Returns the exact value in [-2^32, 2^32) (not wrapped to 32 bits).
   */
  s33(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return (b << 25) >> 25;
      }
    }
    return this.sSlow(33);
  }

  /** Signed LEB128 limited to one byte (type constructors, value types): [-64, 64). */
  s7(): number {
    const b = this.u8();
    if (b & 0x80) this.fail(DecodeMsg.tooLong, this.pos);
    return (b << 25) >> 25;
  }

  /** Slow path of s32/s33: up to 5 bytes; `bits` is 32 or 33. */
  private sSlow(bits: 32 | 33): number {
    const buf = this.buf;
    let p = this.pos;
    let low = 0; // bits 0..27
    for (let i = 0; i < 4; i++) {
      if (p >= this.end) this.failEnd();
      const b = buf[p++]!;
      low |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        this.pos = p;
        const shift = 32 - 7 * (i + 1);
        return (low << shift) >> shift; // sign-extend from 7(i+1) bits
      }
    }
    if (p >= this.end) this.failEnd();
    const b = buf[p++]!;
    // Bits of the 5th byte above the value's width must all equal its sign bit.
    const mask = bits === 32 ? 0x78 : 0x70;
    const top = b & mask;
    if (top !== 0 && top !== mask) this.fail(DecodeMsg.tooLarge, p - 1);
    if (b & 0x80) this.fail(DecodeMsg.tooLong, p);
    this.pos = p;
    if (bits === 32) return low | ((b & 0x0f) << 28);
    const v = (low >>> 0) + (b & 0x1f) * TWO_28;
    return b & 0x10 ? v - TWO_33 : v;
  }

  /** Unsigned LEB128, at most 10 bytes, value < 2^64. */
  u64(): bigint {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return BigInt(b);
      }
    }
    return this.leb64(false);
  }

  /** Signed LEB128, at most 10 bytes, value in [-2^63, 2^63). */
  s64(): bigint {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return BigInt((b << 25) >> 25);
      }
    }
    return this.leb64(true);
  }

  private leb64(signed: boolean): bigint {
    const buf = this.buf;
    let p = this.pos;
    // Accumulate in 28-bit number halves; bigint work happens once at the end.
    let lo = 0; // bits 0..27 (bytes 1-4)
    let hi = 0; // bits 28..55 (bytes 5-8)
    for (let i = 0; i < 8; i++) {
      if (p >= this.end) this.failEnd();
      const b = buf[p++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else hi |= (b & 0x7f) << (7 * (i - 4));
      if (b < 0x80) {
        this.pos = p;
        const v = (BigInt(hi) << 28n) | BigInt(lo);
        return signed && b & 0x40 ? v - (1n << BigInt(7 * (i + 1))) : v;
      }
    }
    if (p >= this.end) this.failEnd();
    const b8 = buf[p++]!; // bits 56..62
    const low63 = (BigInt(b8 & 0x7f) << 56n) | (BigInt(hi) << 28n) | BigInt(lo);
    if (b8 < 0x80) {
      this.pos = p;
      return signed && b8 & 0x40 ? low63 - (1n << 63n) : low63;
    }
    if (p >= this.end) this.failEnd();
    const b = buf[p++]!; // bit 63; the rest must be zero (unsigned) or sign copies
    const rest = b & 0x7f;
    if (signed ? rest !== 0 && rest !== 0x7f : rest > 1) this.fail(DecodeMsg.tooLarge, p - 1);
    if (b & 0x80) this.fail(DecodeMsg.tooLong, p);
    this.pos = p;
    const v = b & 1 ? low63 | (1n << 63n) : low63;
    return signed ? BigInt.asIntN(64, v) : v;
  }

  /** A little-endian f32 as its raw u32 bit pattern. */
  f32Bits(): number {
    const p = this.pos;
    if (this.end - p < 4) this.failEnd();
    this.pos = p + 4;
    const buf = this.buf;
    return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  }

  /** A little-endian f64 as its raw u64 bit pattern. */
  f64Bits(): bigint {
    const p = this.pos;
    if (this.end - p < 8) this.failEnd();
    this.pos = p + 8;
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view.getBigUint64(p, true);
  }

  /**
   * A vector length or byte count (u32) that must not exceed the bytes left
   * (counted from the length's own first byte, as the reference interpreter does):
   * "length out of bounds" otherwise. Callers can then size arrays safely.
   */
  len32(): number {
    const start = this.pos;
    const n = this.u32();
    if (n > this.end - start) this.fail(DecodeMsg.lengthOutOfBounds, start);
    return n;
  }

  /** A length-prefixed, well-formed UTF-8 name. */
  name(): string {
    const start = this.pos;
    const n = this.len32();
    const p = this.pos;
    if (n > this.end - p) this.failEnd();
    this.pos = p + n;
    const s = decodeUtf8(this.buf, p, p + n);
    if (s === null) this.fail(DecodeMsg.malformedUtf8, start);
    return s;
  }
}

/**
 * Strict UTF-8 decoding of `buf[start, end)`: rejects overlong forms, surrogates,
 * code points above U+10FFFF and truncated sequences (returns null). A leading
 * U+FEFF is kept (unlike `TextDecoder` by default).
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | null {
  let i = start;
  while (i < end && buf[i]! < 0x80) i++;
  if (i === end) return asciiString(buf, start, end);
  const units: number[] = [];
  for (let k = start; k < i; k++) units.push(buf[k]!);
  while (i < end) {
    const b0 = buf[i]!;
    if (b0 < 0x80) {
      units.push(b0);
      i++;
      continue;
    }
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    let extra: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      extra = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      extra = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lo = 0xa0; // overlong
      else if (b0 === 0xed) hi = 0x9f; // surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      extra = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lo = 0x90; // overlong
      else if (b0 === 0xf4) hi = 0x8f; // > U+10FFFF
    } else {
      return null;
    }
    if (end - i <= extra) return null;
    for (let k = 1; k <= extra; k++) {
      const b = buf[i + k]!;
      if (b < lo || b > hi) return null;
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
    }
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else {
      units.push(cp);
    }
  }
  return unitsString(units);
}

/** Reused argument list for `String.fromCharCode` (no typed-array view per name). */
const charCodes: number[] = [];

function asciiString(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 6) {
    // the shortest names: concatenation beats building an argument list
    let s = '';
    for (let p = start; p < end; p++) s += String.fromCharCode(buf[p]!);
    return s;
  }
  if (n <= 0x1000) {
    charCodes.length = n;
    for (let i = 0; i < n; i++) charCodes[i] = buf[start + i]!;
    return String.fromCharCode.apply(null, charCodes);
  }
  let s = '';
  for (let p = start; p < end; p += 0x1000) s += asciiString(buf, p, Math.min(end, p + 0x1000));
  return s;
}

function unitsString(units: number[]): string {
  let s = '';
  for (let p = 0; p < units.length; p += 0x1000) s += String.fromCharCode.apply(null, units.slice(p, p + 0x1000));
  return s;
}

/** Unsigned LEB128 encoding of a u32 (for tests and writers). */
export function encodeU32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
