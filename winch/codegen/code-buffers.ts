/**
 * The host-code buffer and call-site table of one module compile, kept (weakly) for the next
 * compile: a fresh buffer is twice the guest's code, and allocating and faulting in megabytes
 * each time costs a noticeable part of a compile. Compiles are synchronous, so one spare suffices.
 */

export interface CodeBuffers {
  readonly buf: Uint8Array<ArrayBuffer>;
  readonly sites: Int32Array<ArrayBuffer>;
}

let spare: WeakRef<CodeBuffers> | undefined;

/** Buffers for a compile: the spare when its code buffer holds `capacity` bytes, else new ones. */
export const takeCodeBuffers = (capacity: number): CodeBuffers => {
  const s = spare?.deref();
  spare = undefined;
  if (s !== undefined && s.buf.length >= capacity) return s;
  return { buf: new Uint8Array(capacity), sites: s?.sites ?? new Int32Array(256) };
};

/** Offers the buffers of a finished compile (nothing may use them afterwards) to the next one. */
export const releaseCodeBuffers = (b: CodeBuffers): void => {
  spare = new WeakRef(b);
};
