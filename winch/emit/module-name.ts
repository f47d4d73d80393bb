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
 * 32-bit hash of `bytes`, four bytes a step (the guest can be megabytes: a byte-at-a-time hash
 * cost several percent of a whole compile). Words are read through an Int32Array view when
 * the bytes are 4-aligned on a little-endian host, assembled from bytes otherwise (same result).
 */
export const hashBytes = (bytes: Uint8Array, seed = SEED): number => {
  const n = bytes.length;
  const words = n >>> 2;
  let h = seed | 0;
  if (littleEndian && (bytes.byteOffset & 3) === 0) {
    const w32 = new Int32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) h = mixWord(h, w32[i]!);
  } else {
    for (let i = 0, p = 0; i < words; i++, p += 4) {
      h = mixWord(h, bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24));
    }
  }
  let tail = 0;
  for (let p = n - 1; p >= words << 2; p--) tail = (tail << 8) | bytes[p]!;
  if ((n & 3) !== 0) h = mixWord(h, tail);
  return finish(h, n);
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

/** Name written into the host module's name section. */
export const hostModuleNameFor = (guest: Uint8Array, tunables: Tunables): string => {
  const keys = Object.keys(tunables).sort() as (keyof Tunables)[];
  const text = keys.map((k) => `${k}=${String(tunables[k])}`).join(';');
  const h = hashBytes(guest, hashText(text));
  return `wl${h.toString(16).padStart(8, '0')}`;
};
