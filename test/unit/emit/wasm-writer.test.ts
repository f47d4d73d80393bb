/**
 * ByteWriter encodings (LEB128 of 32/64-bit values, IEEE bits, names) and the
 * OpReader decoding them back, including 64-bit values split into halves.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OpReader } from '../../../winch/codegen/op-reader.js';
import { ByteWriter, u32Size } from '../../../winch/emit/wasm-writer.js';

const readBack = (w: ByteWriter): OpReader => {
  const r = new OpReader();
  const b = w.toBytes();
  r.reset(b, 0, b.length);
  return r;
};

describe('LEB128', () => {
  it('u32 round trips and sizes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
      const w = new ByteWriter(4);
      w.u32(v);
      expect(w.pos).toBe(u32Size(v));
      const r = readBack(w);
      expect(r.u32()).toBe(v);
      expect(r.atEnd).toBe(true);
    }));
  });
  it('s32 round trips', () => {
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (v) => {
      const w = new ByteWriter(4);
      w.s32(v);
      expect(readBack(w).s32()).toBe(v);
    }));
  });
  it('opcode + u32 / s32 write the same bytes as u8 then u32 / s32, growing the buffer as needed', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      fc.integer({ min: 0, max: 40 }), (u, s, fill) => {
        const fused = new ByteWriter(16);
        const plain = new ByteWriter(16);
        for (let i = 0; i < fill; i++) { fused.u8(i); plain.u8(i); }
        fused.opU32(0x20, u);
        fused.opS32(0x41, s);
        plain.u8(0x20);
        plain.u32(u);
        plain.u8(0x41);
        plain.s32(s);
        expect(fused.toBytes()).toEqual(plain.toBytes());
      }));
  });
  it('OpReader.u32 / s32 read every length, with bytes following (fast paths) or not', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      fc.integer({ min: 0, max: 6 }), (u, v, tail) => {
        const w = new ByteWriter(4);
        w.u32(u);
        const uEnd = w.pos;
        w.s32(v);
        const sEnd = w.pos;
        for (let i = 0; i < tail; i++) w.u8(0xff);
        const b = w.toBytes();
        const r = new OpReader();
        r.reset(b, 0, b.length);
        expect(r.u32()).toBe(u);
        expect(r.pos).toBe(uEnd);
        expect(r.s32()).toBe(v);
        expect(r.pos).toBe(sEnd);
      }));
    // non-minimal encodings (padding) decode to the same value
    const r = new OpReader();
    r.reset(new Uint8Array([0x80, 0x80, 0x80, 0x00, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]), 0, 12);
    expect([r.s32(), r.s32(), r.pos]).toEqual([0, -1, 8]);
  });
  it('OpReader.u64 reads unsigned 64-bit LEB128 into halves (one-byte and longer forms)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => {
      const bytes: number[] = [];
      let x = v;
      do {
        const b = Number(x & 0x7fn);
        x >>= 7n;
        bytes.push(x === 0n ? b : b | 0x80);
      } while (x !== 0n);
      const r = new OpReader();
      r.reset(new Uint8Array(bytes), 0, bytes.length);
      r.u64();
      expect(r.atEnd).toBe(true);
      expect((BigInt(r.hi) << 32n) | BigInt(r.lo)).toBe(v);
    }));
    const r = new OpReader();
    r.reset(new Uint8Array([0x7f, 0x05]), 0, 2);
    r.u64();
    expect([r.lo, r.hi, r.pos]).toEqual([0x7f, 0, 1]);
  });
  it('s64 halves round trip and match the BigInt encoding', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (v) => {
      const a = new ByteWriter(4);
      a.s64(v);
      const r = readBack(a);
      r.s64();
      expect(BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo >>> 0))).toBe(v);
      // reference encoding
      const ref: number[] = [];
      let x = v;
      for (;;) {
        const b = Number(x & 0x7fn);
        x >>= 7n;
        if ((x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0)) { ref.push(b); break; }
        ref.push(b | 0x80);
      }
      expect([...a.toBytes()]).toEqual(ref);
    }));
  });
  it('accepts padded encodings and rejects overlong ones', () => {
    const r = new OpReader();
    const padded = new Uint8Array([0x81, 0x80, 0x80, 0x80, 0x00]);
    r.reset(padded, 0, 5);
    expect(r.u32()).toBe(1);
    const tooLong = new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    r.reset(tooLong, 0, 6);
    expect(() => r.u32()).toThrow(/integer representation too long/);
    const tooLarge = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x1f]);
    r.reset(tooLarge, 0, 5);
    expect(() => r.u32()).toThrow(/integer too large/);
    const s = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x4f]);
    r.reset(s, 0, 5);
    expect(() => r.s32()).toThrow(/integer too large/);
    const s33 = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x7f]);
    r.reset(s33, 0, 5);
    expect(r.s33()).toBe(-1);
  });
});

describe('ByteWriter', () => {
  it('writes every name as its length-prefixed UTF-8 encoding (ASCII and not)', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 40 })), fc.integer({ min: 0, max: 20 }),
      (name, fill) => {
        const w = new ByteWriter(8);
        for (let i = 0; i < fill; i++) w.u8(0xee);
        w.name(name);
        const utf8 = new TextEncoder().encode(name);
        const expected = new ByteWriter(8);
        for (let i = 0; i < fill; i++) expected.u8(0xee);
        expected.u32(utf8.length);
        expected.bytes(utf8);
        expect(w.toBytes()).toEqual(expected.toBytes());
      }));
  });

  it('grows, truncates, writes names and sections', () => {
    const w = new ByteWriter(16);
    for (let i = 0; i < 1000; i++) w.u8(i & 0xff);
    expect(w.pos).toBe(1000);
    w.truncate(3);
    w.name('é');
    expect([...w.toBytes()]).toEqual([0, 1, 2, 2, 0xc3, 0xa9]);
    const s = new ByteWriter(4);
    s.section(1, (x) => x.u32(300));
    expect([...s.toBytes()]).toEqual([1, 0x82, 0x80, 0x80, 0x80, 0x00, 0xac, 0x02]);
  });
});
