/**
 * ByteWriter: a growable byte buffer with the Wasm binary encodings (LEB128,
 * IEEE bits, names, length-prefixed sections). No allocation per write.
 */

const utf8 = new TextEncoder();

/** Writes the unsigned LEB128 of `v` (taken as a u32) at `buf[p]`; returns the position after it. */
export const putU32 = (buf: Uint8Array, p: number, v: number): number => {
  v >>>= 0;
  while (v >= 0x80) {
    buf[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
};

/** Writes the signed LEB128 of `v` (taken as an i32) at `buf[p]`; returns the position after it. */
export const putS32 = (buf: Uint8Array, p: number, v: number): number => {
  v |= 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      buf[p++] = b;
      return p;
    }
    buf[p++] = b | 0x80;
  }
};

/** Appends Wasm binary encodings to a growable buffer. */
export class ByteWriter {
  buf: Uint8Array<ArrayBuffer>;
  /** Number of bytes written (the write position). */
  pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Forgets everything written at or after `pos`. */
  truncate(pos: number): void {
    this.pos = pos;
  }

  reset(): void {
    this.pos = 0;
  }

  u8(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Two bytes, e.g. a prefixed opcode with a one-byte sub-opcode. */
  u8x2(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b;
  }

  /** An opcode byte followed by the unsigned LEB128 of `v` in [0, 2^32) (one capacity check). */
  opU32(op: number, v: number): void {
    let p = this.pos;
    if (p + 6 > this.buf.length) this.ensure(6);
    const buf = this.buf;
    buf[p++] = op;
    this.pos = putU32(buf, p, v);
  }

  /** An opcode byte followed by the signed LEB128 of the 32-bit integer `v` (one capacity check). */
  opS32(op: number, v: number): void {
    let p = this.pos;
    if (p + 6 > this.buf.length) this.ensure(6);
    const buf = this.buf;
    buf[p++] = op;
    this.pos = putS32(buf, p, v);
  }

  /** Unsigned LEB128 of a value in [0, 2^32). */
  u32(v: number): void {
    this.ensure(5);
    this.pos = putU32(this.buf, this.pos, v);
  }

  /** Signed LEB128 of a 32-bit integer. */
  s32(v: number): void {
    this.ensure(5);
    this.pos = putS32(this.buf, this.pos, v);
  }

  /** Signed LEB128 of the 64-bit integer `hi:lo` (two 32-bit halves, no BigInt). */
  s64Parts(lo: number, hi: number): void {
    if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) {
      this.s32(lo);
      return;
    }
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    let l = lo >>> 0;
    let h = hi | 0;
    for (;;) {
      const b = l & 0x7f;
      // shift the 64-bit value right by 7 (arithmetic)
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>= 7;
      const done = (h === 0 && l === 0 && (b & 0x40) === 0) || (h === -1 && l === 0xffffffff && (b & 0x40) !== 0);
      if (done) {
        buf[p++] = b;
        break;
      }
      buf[p++] = b | 0x80;
    }
    this.pos = p;
  }

  /** Signed LEB128 of a BigInt (cold paths only). */
  s64(v: bigint): void {
    const w = BigInt.asIntN(64, v);
    this.s64Parts(Number(BigInt.asIntN(32, w)), Number(BigInt.asIntN(32, w >> 32n)));
  }

  /** Four little-endian bytes (f32 bit pattern). */
  u32le(bits: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = bits & 0xff;
    buf[p + 1] = (bits >>> 8) & 0xff;
    buf[p + 2] = (bits >>> 16) & 0xff;
    buf[p + 3] = (bits >>> 24) & 0xff;
    this.pos = p + 4;
  }

  /** Eight little-endian bytes (f64 bit pattern as two halves). */
  u64le(lo: number, hi: number): void {
    this.u32le(lo);
    this.u32le(hi);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Length-prefixed UTF-8 name (ASCII, the usual case, is written without the encoder). */
  name(s: string): void {
    const n = s.length;
    const start = this.pos;
    this.u32(n);
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start;
        const b = utf8.encode(s);
        this.u32(b.length);
        this.bytes(b);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** Length-prefixed bytes. */
  vecBytes(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  /**
   * Writes section `id` with the content `body` writes, in place: the size goes in a
   * 5-byte padded LEB128 (valid encoding) patched afterwards, so nothing is copied.
   */
  section(id: number, body: (w: ByteWriter) => void): void {
    this.u8(id);
    this.ensure(5);
    const sizePos = this.pos;
    this.pos += 5;
    body(this);
    let size = this.pos - sizePos - 5;
    const buf = this.buf;
    for (let i = 0; i < 4; i++) {
      buf[sizePos + i] = (size & 0x7f) | 0x80;
      size >>>= 7;
    }
    buf[sizePos + 4] = size;
  }

  /** The written bytes (a view; copy with `slice()` to keep). */
  view(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the written bytes. */
  toBytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.pos);
  }
}

/** Number of bytes the unsigned LEB128 of `v` takes. */
export const u32Size = (v: number): number => {
  v >>>= 0;
  let n = 1;
  while (v >= 0x80) {
    v >>>= 7;
    n++;
  }
  return n;
};
