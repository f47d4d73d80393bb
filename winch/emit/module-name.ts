/**
 * The host module name: 'wl' + FNV-1a (32-bit, hex) of the guest bytes and the
 * tunables, so distinct compilations get distinct names in host stack frames.
 */
import type { Tunables } from '../../abi/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const fnv1a = (h: number, bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
};

/** Name written into the host module's name section. */
export const hostModuleNameFor = (guest: Uint8Array, tunables: Tunables): string => {
  let h = fnv1a(FNV_OFFSET, guest);
  const keys = Object.keys(tunables).sort() as (keyof Tunables)[];
  const text = keys.map((k) => `${k}=${String(tunables[k])}`).join(';');
  h = fnv1a(h, new TextEncoder().encode(text));
  return `wl${h.toString(16).padStart(8, '0')}`;
};
