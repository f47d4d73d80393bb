/**
 * The host-code buffer and call-site table of one module compile, kept for the next compile:
 * a fresh buffer is twice the guest's code, and allocating and faulting in megabytes each time
 * costs a noticeable part of a compile. Compiles are synchronous, so one spare suffices. Only
 * buffers up to `MAX_SPARE_BYTES` are kept (a strong reference: a WeakRef would be cheaper to
 * hold but costs the garbage collector more than the reuse saves on small modules).
 */

export interface CodeBuffers {
  readonly buf: Uint8Array<ArrayBuffer>;
  readonly sites: Int32Array<ArrayBuffer>;
}

/** Largest code buffer kept between compiles (a guest of about 2 MB of code). */
export const MAX_SPARE_BYTES = 4 * 1024 * 1024;

let spare: CodeBuffers | undefined;

/** Buffers for a compile: the spare when its code buffer holds `capacity` bytes, else new ones. */
export const takeCodeBuffers = (capacity: number): CodeBuffers => {
  const s = spare;
  spare = undefined;
  if (s !== undefined && s.buf.length >= capacity) return s;
  return { buf: new Uint8Array(capacity), sites: s?.sites ?? new Int32Array(256) };
};

/** Offers the buffers of a finished compile (nothing may use them afterwards) to the next one. */
export const releaseCodeBuffers = (b: CodeBuffers): void => {
  if (b.buf.length <= MAX_SPARE_BYTES && b.sites.length * 4 <= MAX_SPARE_BYTES) {
    spare = { buf: b.buf, sites: b.sites };
  }
};
