/**
 * Checked access to the guest's linear memory for WASI calls: every pointer/length pair is
 * checked against the guest-visible size (never the host buffer's, which may be larger), and
 * a bad one fails the call with `fault`.
 */
import { Errno } from './constants.js';
import { WasiFsError } from './fs.js';

/** Where WASI finds the guest's bytes: returns a view of exactly the guest-visible memory. */
export type GuestBytesSource = () => Uint8Array;

const fault = (ptr: number, len: number, size: number): never => {
  throw new WasiFsError(Errno.fault, `guest range [${ptr}, ${ptr + len}) outside memory of ${size} bytes`);
};

/**
 * A snapshot view of guest memory for one WASI call. Views are taken at the start of each
 * call (the guest cannot grow its memory while the host runs a WASI function).
 */
export class GuestMemory {
  readonly u8: Uint8Array;
  readonly view: DataView;

  constructor(u8: Uint8Array) {
    this.u8 = u8;
    this.view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  /** Throws `fault` unless [ptr, ptr+len) lies in guest memory. `ptr`/`len` are u32 from the guest. */
  check(ptr: number, len: number): void {
    const p = ptr >>> 0;
    const l = len >>> 0;
    if (p + l > this.u8.length) fault(p, l, this.u8.length);
  }

  /** A zero-copy view of [ptr, ptr+len). */
  bytes(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.u8.subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  }

  u32(ptr: number): number { this.check(ptr, 4); return this.view.getUint32(ptr >>> 0, true); }
  u64(ptr: number): bigint { this.check(ptr, 8); return this.view.getBigUint64(ptr >>> 0, true); }
  setU8(ptr: number, v: number): void { this.check(ptr, 1); this.view.setUint8(ptr >>> 0, v); }
  setU16(ptr: number, v: number): void { this.check(ptr, 2); this.view.setUint16(ptr >>> 0, v, true); }
  setU32(ptr: number, v: number): void { this.check(ptr, 4); this.view.setUint32(ptr >>> 0, v, true); }
  setU64(ptr: number, v: bigint): void { this.check(ptr, 8); this.view.setBigUint64(ptr >>> 0, BigInt.asUintN(64, v), true); }

  /** The UTF-8 string at [ptr, ptr+len); `ilseq` when it is not valid UTF-8. */
  string(ptr: number, len: number): string {
    try {
      return decoder.decode(this.bytes(ptr, len));
    } catch (e) {
      if (e instanceof WasiFsError) throw e;
      throw new WasiFsError(Errno.ilseq, 'path is not valid UTF-8');
    }
  }

  /** The (buf, len) pairs of an iovec array, each checked. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    this.check(ptr, (count >>> 0) * 8);
    const out: Uint8Array[] = [];
    for (let i = 0; i < count >>> 0; i++) {
      const base = (ptr >>> 0) + i * 8;
      out.push(this.bytes(this.view.getUint32(base, true), this.view.getUint32(base + 4, true)));
    }
    return out;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
