/**
 * OpReader: the hot-path reader of one guest function body (opcodes and immediates),
 * bounded by the body's end; 64-bit immediates come as two 32-bit halves (no BigInt,
 * which the shared BinaryReader returns). Error texts are the shared DecodeMsg ones.
 */
import { CompileError } from '../compile-error.js';
import { DecodeMsg } from '../decode/reader.js';

/** Reads operators and immediates of one function body. */
export class OpReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Low and high halves of the last `s64()` / `u64le()` read. */
  lo = 0;
  hi = 0;

  /** Points the reader at `bytes[pos, end)`. */
  reset(bytes: Uint8Array, pos: number, end: number): void {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private unexpectedEnd(): never {
    throw new CompileError(this.pos, DecodeMsg.unexpectedEnd, 'malformed');
  }

  u8(): number {
    if (this.pos >= this.end) this.unexpectedEnd();
    return this.bytes[this.pos++]!;
  }

  peekU8(): number {
    if (this.pos >= this.end) this.unexpectedEnd();
    return this.bytes[this.pos]!;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const bytes = this.bytes;
    let p = this.pos;
    if (p < this.end) {
      const b = bytes[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
      if (p + 1 < this.end) {
        const b1 = bytes[p + 1]!;
        if (b1 < 0x80) {
          this.pos = p + 2;
          return (b & 0x7f) | (b1 << 7);
        }
      }
    }
    let result = 0;
    let shift = 0;
    for (;;) {
      if (p >= this.end) {
        this.pos = p;
        this.unexpectedEnd();
      }
      const b = bytes[p++]!;
      if (shift === 28) {
        if (b & 0x70) throw new CompileError(p - 1, DecodeMsg.tooLarge, 'malformed');
        if (b & 0x80) throw new CompileError(p, DecodeMsg.tooLong, 'malformed');
        result = (result | (b << 28)) >>> 0;
        break;
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    this.pos = p;
    return result >>> 0;
  }

  /** Signed LEB128 of at most `bits` (<= 32) bits. */
  sN(bits: number): number {
    const bytes = this.bytes;
    let p = this.pos;
    let result = 0;
    let shift = 0;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; ; i++) {
      if (p >= this.end) {
        this.pos = p;
        this.unexpectedEnd();
      }
      const b = bytes[p++]!;
      if (i === maxBytes - 1) {
        // the unused high bits of the last byte must all equal the sign bit
        const mask = (-1 << (bits - shift - 1)) & 0x7f;
        if ((b & mask) !== 0 && (b & mask) !== mask) throw new CompileError(p - 1, DecodeMsg.tooLarge, 'malformed');
        if (b & 0x80) throw new CompileError(p, DecodeMsg.tooLong, 'malformed');
        result |= (b & 0x7f) << shift;
        shift += 7;
        break;
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    this.pos = p;
    if (shift < 32 && (bytes[p - 1]! & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }

  s32(): number {
    const bytes = this.bytes;
    let p = this.pos;
    if (p + 4 < this.end) {
      // up to four bytes with no bound check per byte; a fifth (range checks) goes to sN
      let b = bytes[p++]!;
      let v = b & 0x7f;
      if (b < 0x80) {
        this.pos = p;
        return (v << 25) >> 25;
      }
      b = bytes[p++]!;
      v |= (b & 0x7f) << 7;
      if (b < 0x80) {
        this.pos = p;
        return (v << 18) >> 18;
      }
      b = bytes[p++]!;
      v |= (b & 0x7f) << 14;
      if (b < 0x80) {
        this.pos = p;
        return (v << 11) >> 11;
      }
      b = bytes[p++]!;
      v |= (b & 0x7f) << 21;
      if (b < 0x80) {
        this.pos = p;
        return (v << 4) >> 4;
      }
    } else if (p < this.end) {
      const b = bytes[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return (b << 25) >> 25;
      }
    }
    return this.sN(32);
  }

  /** Signed LEB128 of at most 64 bits into `lo`/`hi`. */
  s64(): void {
    const bytes = this.bytes;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b = 0;
    for (let i = 0; ; i++) {
      if (p >= this.end) {
        this.pos = p;
        this.unexpectedEnd();
      }
      b = bytes[p++]!;
      if (i === 9) {
        if ((b & 0x7f) !== 0 && (b & 0x7f) !== 0x7f) throw new CompileError(p - 1, DecodeMsg.tooLarge, 'malformed');
        if (b & 0x80) throw new CompileError(p, DecodeMsg.tooLong, 'malformed');
        hi |= (b & 1) << 31;
        shift = 64;
        break;
      }
      const v = b & 0x7f;
      if (shift < 28) {
        lo |= v << shift;
      } else if (shift === 28) {
        lo |= v << 28;
        hi |= v >>> 4;
      } else {
        hi |= v << (shift - 32);
      }
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    this.pos = p;
    if (shift < 64 && (b & 0x40) !== 0) {
      if (shift < 32) {
        lo |= -1 << shift;
        hi = -1;
      } else {
        hi |= -1 << (shift - 32);
      }
    }
    this.lo = lo | 0;
    this.hi = hi | 0;
  }

  /** Unsigned LEB128 of at most 64 bits into `lo`/`hi` (memarg offsets). */
  u64(): void {
    const bytes = this.bytes;
    let p = this.pos;
    if (p < this.end && bytes[p]! < 0x80) {
      this.lo = bytes[p]!;
      this.hi = 0;
      this.pos = p + 1;
      return;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0, shift = 0; ; i++, shift += 7) {
      if (p >= this.end) {
        this.pos = p;
        this.unexpectedEnd();
      }
      const b = bytes[p++]!;
      if (i === 9) {
        if (b & 0x7e) throw new CompileError(p - 1, DecodeMsg.tooLarge, 'malformed');
        if (b & 0x80) throw new CompileError(p, DecodeMsg.tooLong, 'malformed');
        hi |= (b & 1) << 31;
        break;
      }
      const v = b & 0x7f;
      if (shift < 28) {
        lo |= v << shift;
      } else if (shift === 28) {
        lo |= v << 28;
        hi |= v >>> 4;
      } else {
        hi |= v << (shift - 32);
      }
      if ((b & 0x80) === 0) break;
    }
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** Signed LEB128 of at most 33 bits (block types); returns a JS number. */
  s33(): number {
    const start = this.pos;
    const bytes = this.bytes;
    let p = start;
    let result = 0;
    let mul = 1;
    let b = 0;
    for (let i = 0; ; i++) {
      if (p >= this.end) {
        this.pos = p;
        this.unexpectedEnd();
      }
      b = bytes[p++]!;
      if (i === 4) {
        const rest = b & 0x70;
        if (rest !== 0 && rest !== 0x70) throw new CompileError(p - 1, DecodeMsg.tooLarge, 'malformed');
        if (b & 0x80) throw new CompileError(p, DecodeMsg.tooLong, 'malformed');
        result += (b & 0x7f) * mul;
        mul *= 128;
        break;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) break;
    }
    this.pos = p;
    if (b & 0x40) result -= mul;
    return result;
  }

  /** Four little-endian bytes as an i32 bit pattern. */
  u32le(): number {
    const p = this.pos;
    if (p + 4 > this.end) {
      this.pos = this.end;
      this.unexpectedEnd();
    }
    const b = this.bytes;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  /** Eight little-endian bytes into `lo`/`hi`. */
  u64le(): void {
    this.lo = this.u32le();
    this.hi = this.u32le();
  }
}
