/**
 * The host module name: 'wl' + a 32-bit hash (hex) of the guest bytes and the tunables, so
 * distinct compilations get distinct names in host stack frames (and in the artifact registry).
 */
import type { Tunables } from '../../abi/index.js';

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;
const SEED = 0x811c9dc5 | 0;

/** One little-endian 32-bit word of input mixed into `h` (MurmurHash3's block step). */
const mixWord = (h: number, w: number): number => {
  let k = Math.imul(w, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
};

/** Final avalanche: every input bit affects every output bit. */
const finish = (h: number, length: number): number => {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * 32-bit hash of `bytes`, four bytes a step in two interleaved lanes (the guest can be
 * megabytes: a byte-at-a-time hash cost several percent of a whole compile, and one lane is
 * bound by its multiply chain). Words are read through an Int32Array view when the bytes are
 * 4-aligned on a little-endian host, assembled from bytes otherwise (same result).
 */
export const hashBytes = (bytes: Uint8Array, seed = SEED): number => {
  const n = bytes.length;
  const words = n >>> 2;
  const pairs = words >>> 1;
  let h1 = seed | 0;
  let h2 = (seed ^ 0x9e3779b9) | 0;
  if (littleEndian && (bytes.byteOffset & 3) === 0) {
    const w32 = new Int32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < pairs; i++) {
      h1 = mixWord(h1, w32[2 * i]!);
      h2 = mixWord(h2, w32[2 * i + 1]!);
    }
  } else {
    for (let i = 0, p = 0; i < pairs; i++, p += 8) {
      h1 = mixWord(h1, bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24));
      h2 = mixWord(h2, bytes[p + 4]! | (bytes[p + 5]! << 8) | (bytes[p + 6]! << 16) | (bytes[p + 7]! << 24));
    }
  }
  // an odd last word and the last 1-3 bytes go into the first lane
  let p = pairs << 3;
  if (n - p >= 4) {
    h1 = mixWord(h1, bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24));
    p += 4;
  }
  if (p < n) {
    let tail = 0;
    for (let q = n - 1; q >= p; q--) tail = (tail << 8) | bytes[q]!;
    h1 = mixWord(h1, tail);
  }
  return finish(h1 ^ ((h2 << 16) | (h2 >>> 16)) ^ Math.imul(h2, 0x2c1b3c6d), n);
};

/** `hashBytes` of the UTF-8 encoding of `text`, for ASCII text without encoding it. */
const hashText = (text: string): number => {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return hashBytes(new TextEncoder().encode(text));
    bytes[i] = c;
  }
  return hashBytes(bytes);
};

const readU32 = (b: Uint8Array, pos: number): [value: number, next: number] => {
  let value = 0;
  for (let shift = 0; pos < b.length && shift < 35; shift += 7) {
    const byte = b[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  return [value, pos];
};

const NAME = [0x04, 0x6e, 0x61, 0x6d, 0x65]; // the custom section name 'name', length-prefixed

/**
 * Hash of what can tell two compilations apart in a backtrace: every byte up to the end of the
 * last non-custom section (code offsets, the code itself) and the `name` sections after it.
 * Other trailing custom sections (debug info, producers: often most of a small guest) change
 * neither offsets nor names, so two guests differing only there may share a name.
 */
const hashGuest = (guest: Uint8Array, seed: number): number => {
  let prefixEnd = guest.length;
  const names: [number, number][] = [];
  for (let pos = 8; pos < guest.length;) {
    const id = guest[pos]!;
    const [size, start] = readU32(guest, pos + 1);
    const end = start + size;
    if (end > guest.length) return hashBytes(guest, seed); // not a well-formed module: hash it all
    if (id !== 0) {
      prefixEnd = end;
      names.length = 0;
    } else if (NAME.every((b, i) => guest[start + i] === b)) {
      names.push([pos, end]);
    }
    pos = end;
  }
  // trailing custom sections start where the prefix ends
  let h = hashBytes(prefixEnd === guest.length ? guest : guest.subarray(0, prefixEnd), seed);
  for (const [from, to] of names) if (from >= prefixEnd) h = hashBytes(guest.subarray(from, to), h);
  return h;
};

/** Name written into the host module's name section. */
export const hostModuleNameFor = (guest: Uint8Array, tunables: Tunables): string => {
  const keys = Object.keys(tunables).sort() as (keyof Tunables)[];
  const text = keys.map((k) => `${k}=${String(tunables[k])}`).join(';');
  const h = hashGuest(guest, hashText(text));
  return `wl${h.toString(16).padStart(8, '0')}`;
};
