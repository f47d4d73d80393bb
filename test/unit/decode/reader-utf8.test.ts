// BinaryReader.name / decodeUtf8: strict UTF-8 (overlong, surrogates, > U+10FFFF, truncation) against TextDecoder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../../winch/compile-error.js';
import { BinaryReader, decodeUtf8 } from '../../../winch/decode/reader.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function reference(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

const decode = (bytes: readonly number[]): string | null => decodeUtf8(new Uint8Array(bytes), 0, bytes.length);

describe('decodeUtf8', () => {
  it('round-trips every well-formed string (including a leading BOM)', () => {
    const codePoints = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7ff }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength: 40 });
    fc.assert(fc.property(codePoints, (cps) => {
      // Lone surrogates become U+FFFD in the encoder, so compare with the well-formed version.
      const s = String.fromCodePoint(...cps);
      const wellFormed = Array.from(s, (ch) => (/^[\ud800-\udfff]$/.test(ch) ? '\ufffd' : ch)).join('');
      const bytes = new TextEncoder().encode(s);
      const decoded = decodeUtf8(bytes, 0, bytes.length);
      expect(decoded).toBe(reference(bytes));
      expect(decoded).toBe(wellFormed);
    }), { numRuns: 2000, examples: [[[0xd800, 0xdc00]], [[0xdbff]], [[0xfeff, 0x61]]] });
    expect(decode([0xef, 0xbb, 0xbf, 0x61])).toBe('\ufeffa');
  });

  it('decodes ASCII of every length class (short, medium, chunked)', () => {
    for (const n of [0, 1, 6, 7, 23, 24, 25, 100, 0x1000, 0x1001, 0x2345]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => 0x20 + (i % 95));
      expect(decodeUtf8(bytes, 0, n)).toBe(reference(bytes));
      const padded = new Uint8Array(n + 6);
      padded.set(bytes, 3);
      expect(decodeUtf8(padded, 3, 3 + n)).toBe(reference(bytes));
    }
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
      expect(decodeUtf8(bytes, 0, bytes.length)).toBe(reference(bytes));
    }), { numRuns: 5000 });
  });

  it('accepts the boundaries of each length class', () => {
    expect(decode([0x7f])).toBe('\u007f');
    expect(decode([0xc2, 0x80])).toBe('\u0080');
    expect(decode([0xdf, 0xbf])).toBe('\u07ff');
    expect(decode([0xe0, 0xa0, 0x80])).toBe('\u0800');
    expect(decode([0xed, 0x9f, 0xbf])).toBe('\ud7ff');
    expect(decode([0xee, 0x80, 0x80])).toBe('\ue000');
    expect(decode([0xef, 0xbf, 0xbf])).toBe('\uffff');
    expect(decode([0xf0, 0x90, 0x80, 0x80])).toBe('\u{10000}');
    expect(decode([0xf4, 0x8f, 0xbf, 0xbf])).toBe('\u{10ffff}');
  });

  it('rejects overlong forms, surrogates, code points above U+10FFFF and broken sequences', () => {
    const bad = [
      [0xc0, 0x80], [0xc1, 0xbf], // overlong 2-byte
      [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], // overlong 3-byte
      [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], // overlong 4-byte
      [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], // surrogates
      [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], // > U+10FFFF / invalid lead
      [0x80], [0xbf], // lone continuation
      [0xc2], [0xe1, 0x80], [0xf1, 0x80, 0x80], // truncated
      [0xc2, 0x41], [0xe1, 0x80, 0xc0], // bad continuation
    ];
    for (const b of bad) expect(decode(b), b.map((x) => x.toString(16)).join(' ')).toBeNull();
  });

  it('handles long names (chunked string building)', () => {
    const s = 'ä'.repeat(10_000) + 'x'.repeat(10_000);
    const bytes = new TextEncoder().encode(s);
    expect(decodeUtf8(bytes, 0, bytes.length)).toBe(s);
  });
});

describe('BinaryReader.name', () => {
  it('reads a length-prefixed name', () => {
    const r = new BinaryReader(new Uint8Array([0x03, 0x61, 0xc3, 0xa4, 0x00]));
    expect(r.name()).toBe('aä');
    expect(r.pos).toBe(4);
  });

  it('throws "malformed UTF-8 encoding" at the name', () => {
    const r = new BinaryReader(new Uint8Array([0x00, 0x02, 0xc0, 0x80]), 1);
    try {
      r.name();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).reason).toBe('malformed UTF-8 encoding');
      expect((e as CompileError).kind).toBe('malformed');
      expect((e as CompileError).offset).toBe(1);
    }
  });
});
