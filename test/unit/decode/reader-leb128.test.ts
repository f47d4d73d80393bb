// BinaryReader: LEB128 round trips (fast-check) and the spec's edge cases for length and unused bits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../../winch/compile-error.js';
import { BinaryReader } from '../../../winch/decode/reader.js';
import { sleb, uleb } from './wasm-fixtures.js';

const reader = (bytes: readonly number[]): BinaryReader => new BinaryReader(new Uint8Array(bytes));

/** Pads a LEB128 encoding to `n` bytes with continuation bytes (sign-extending for signed). */
function pad(enc: readonly number[], n: number, signed: boolean): number[] {
  const out = [...enc];
  const negative = signed && (out[out.length - 1]! & 0x40) !== 0;
  while (out.length < n) {
    out[out.length - 1]! |= 0x80;
    out.push(negative ? 0x7f : 0x00);
  }
  return out;
}

function failure(fn: () => unknown): CompileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).kind).toBe('malformed');
    return e as CompileError;
  }
  throw new Error('expected a CompileError');
}

describe('BinaryReader LEB128 round trips', () => {
  it('u32', () => {
    fc.assert(fc.property(fc.nat({ max: 0xffff_ffff }), fc.integer({ min: 0, max: 5 }), (v, extra) => {
      const enc = uleb(v);
      const bytes = pad(enc, Math.min(5, enc.length + extra), false);
      const r = reader([...bytes, 0xaa]);
      expect(r.u32()).toBe(v);
      expect(r.pos).toBe(bytes.length);
    }));
  });

  it('s32', () => {
    fc.assert(fc.property(fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }), fc.integer({ min: 0, max: 5 }), (v, extra) => {
      const enc = sleb(v);
      const bytes = pad(enc, Math.min(5, enc.length + extra), true);
      const r = reader(bytes);
      expect(r.s32()).toBe(v);
      expect(r.eof).toBe(true);
    }));
  });

  it('s33', () => {
    fc.assert(fc.property(fc.integer({ min: -0x1_0000_0000, max: 0xffff_ffff }), (v) => {
      const r = reader(sleb(v));
      expect(r.s33()).toBe(v);
      expect(r.eof).toBe(true);
    }));
  });

  it('u64', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 10 }), (v, extra) => {
      const enc = uleb(v);
      const bytes = pad(enc, Math.min(10, enc.length + extra), false);
      const r = reader(bytes);
      expect(r.u64()).toBe(v);
      expect(r.eof).toBe(true);
    }));
  });

  it('s64', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.integer({ min: 0, max: 10 }), (v, extra) => {
      const enc = sleb(v);
      const bytes = pad(enc, Math.min(10, enc.length + extra), true);
      const r = reader(bytes);
      expect(r.s64()).toBe(v);
      expect(r.eof).toBe(true);
    }));
  });

  it('f32Bits / f64Bits read raw little-endian bits', () => {
    fc.assert(fc.property(fc.nat({ max: 0xffff_ffff }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
      const bytes = [a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24];
      for (let i = 0n; i < 8n; i++) bytes.push(Number((b >> (8n * i)) & 0xffn));
      const r = reader(bytes);
      expect(r.f32Bits()).toBe(a);
      expect(r.f64Bits()).toBe(b);
    }));
  });
});

describe('BinaryReader LEB128 limits', () => {
  it('accepts the longest and the padded encodings', () => {
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).u32()).toBe(0xffff_ffff);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x00]).u32()).toBe(0);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x07]).s32()).toBe(0x7fff_ffff);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x78]).s32()).toBe(-0x8000_0000);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x7f]).s32()).toBe(-1);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).s33()).toBe(0xffff_ffff);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x70]).s33()).toBe(-0x1_0000_0000);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).u64()).toBe((1n << 64n) - 1n);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]).s64()).toBe(-(1n << 63n));
    expect(reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]).s64()).toBe((1n << 63n) - 1n);
  });

  it('rejects unused bits that are not zero (unsigned) or sign copies (signed): "integer too large"', () => {
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x10]).u32()).reason).toBe('integer too large');
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0x4f]).u32()).reason).toBe('integer too large');
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x70]).s32()).reason).toBe('integer too large');
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0x0f]).s32()).reason).toBe('integer too large');
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x60]).s33()).reason).toBe('integer too large');
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]).u64()).reason).toBe('integer too large');
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e]).s64()).reason).toBe('integer too large');
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).s64()).reason).toBe('integer too large');
  });

  it('rejects encodings longer than ceil(N/7) bytes: "integer representation too long"', () => {
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).u32()).reason).toBe('integer representation too long');
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).s32()).reason).toBe('integer representation too long');
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).s33()).reason).toBe('integer representation too long');
    expect(failure(() => reader([...Array(10).fill(0x80), 0x00]).u64()).reason).toBe('integer representation too long');
    expect(failure(() => reader([...Array(10).fill(0xff), 0x7f]).s64()).reason).toBe('integer representation too long');
    expect(failure(() => reader([0xe0, 0x7f]).s7()).reason).toBe('integer representation too long');
  });

  it('checks "too large" before "too long" on the last byte, like the reference interpreter', () => {
    expect(failure(() => reader([0x80, 0x80, 0x80, 0x80, 0xf0, 0x00]).u32()).reason).toBe('integer too large');
  });

  it('reports running off the end as "unexpected end"', () => {
    for (const read of [(r: BinaryReader) => r.u32(), (r: BinaryReader) => r.s32(), (r: BinaryReader) => r.s33(),
      (r: BinaryReader) => r.u64(), (r: BinaryReader) => r.s64()]) {
      expect(failure(() => read(reader([]))).reason).toMatch(/^unexpected end/);
      expect(failure(() => read(reader([0x80, 0x80]))).reason).toMatch(/^unexpected end/);
    }
    expect(failure(() => reader([1, 2, 3]).f32Bits()).reason).toMatch(/^unexpected end/);
    expect(failure(() => reader([1, 2, 3, 4, 5, 6, 7]).f64Bits()).reason).toMatch(/^unexpected end/);
    expect(failure(() => reader([1]).bytes(2)).reason).toMatch(/^unexpected end/);
  });

  it('honours `end` (a sub-range of the buffer)', () => {
    const r = new BinaryReader(new Uint8Array([0x01, 0x80, 0x01]), 0, 2);
    expect(r.u32()).toBe(1);
    expect(failure(() => r.u32()).offset).toBe(2);
  });

  it('len32 rejects lengths beyond the remaining bytes with "length out of bounds"', () => {
    expect(reader([0x02, 0xaa, 0xbb]).len32()).toBe(2);
    // The reference counts the length's own bytes as remaining.
    expect(reader([0x03, 0xaa, 0xbb]).len32()).toBe(3);
    expect(failure(() => reader([0x04, 0xaa, 0xbb]).len32()).reason).toBe('length out of bounds');
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0x0f]).len32()).reason).toBe('length out of bounds');
  });

  it('peek, skip and bytes (a view into the buffer)', () => {
    const buf = new Uint8Array([1, 2, 3, 4]);
    const r = new BinaryReader(buf);
    expect(r.peek()).toBe(1);
    r.skip(1);
    const v = r.bytes(2);
    expect([...v]).toEqual([2, 3]);
    expect(v.buffer).toBe(buf.buffer);
    expect(r.remaining).toBe(1);
    r.skip(1);
    expect(r.peek()).toBe(-1);
    expect(r.eof).toBe(true);
  });
});
