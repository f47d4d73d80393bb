/**
 * The host engine's own `WebAssembly`, captured when this module loads so the facade keeps
 * working after it is installed as `globalThis.WebAssembly`; plus BufferSource helpers.
 */

/** The host's real WebAssembly API (never the facade). */
export const HostWebAssembly: typeof WebAssembly = globalThis.WebAssembly;

const toStringTag = (v: unknown): string => Object.prototype.toString.call(v);

/** True for an ArrayBuffer or SharedArrayBuffer, also from another realm (node:vm, iframes). */
const isArrayBufferLike = (v: unknown): v is ArrayBufferLike =>
  toStringTag(v) === '[object ArrayBuffer]' || toStringTag(v) === '[object SharedArrayBuffer]';

/**
 * Copies a BufferSource (ArrayBuffer or ArrayBufferView, any realm) into a fresh Uint8Array,
 * as the JS API requires ("get a copy of the buffer source"). Throws TypeError otherwise.
 */
export const copyBufferSource = (bytes: unknown, what: string): Uint8Array<ArrayBuffer> => {
  if (ArrayBuffer.isView(bytes)) {
    return new Uint8Array(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  if (isArrayBufferLike(bytes)) return new Uint8Array(new Uint8Array(bytes));
  throw new TypeError(`${what}: Argument 0 must be a buffer source`);
};

/** True when `v` is a non-null object or a function (WebIDL "is an Object"). */
export const isObject = (v: unknown): v is object =>
  (typeof v === 'object' && v !== null) || typeof v === 'function';

/**
 * Runs `f` with `globalThis.WebAssembly` temporarily set back to the host's API when something
 * else (this facade) is installed there, so runtime code that uses the bare global still reaches
 * the host engine. A no-op (one comparison) when the host API is installed.
 */
export const withHostGlobal = <T>(f: () => T): T => {
  const installed = globalThis.WebAssembly;
  if (installed === HostWebAssembly) return f();
  globalThis.WebAssembly = HostWebAssembly;
  try {
    return f();
  } finally {
    globalThis.WebAssembly = installed;
  }
};
