import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNABLES } from '../../../abi/index.js';
import { hashBytes, hostModuleNameFor } from '../../../winch/emit/module-name.js';

const sample = (n: number): Uint8Array => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) & 0xff;
  return b;
};

describe('host module name hash', () => {
  it('gives the same hash for aligned and unaligned views of the same bytes', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 63, 1000]) {
      const bytes = sample(n);
      const backing = new Uint8Array(n + 3);
      backing.set(bytes, 1);
      const unaligned = backing.subarray(1, 1 + n);
      expect(unaligned.byteOffset & 3).toBe(1);
      expect(hashBytes(unaligned)).toBe(hashBytes(bytes));
    }
  });

  it('changes when any single bit changes, including in the tail bytes', () => {
    const bytes = sample(23);
    const base = hashBytes(bytes);
    const seen = new Set([base]);
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = bytes.slice();
        copy[i]! ^= 1 << bit;
        seen.add(hashBytes(copy));
      }
    }
    expect(seen.size).toBe(1 + 23 * 8);
  });

  it('depends on the length (trailing zero bytes count)', () => {
    expect(hashBytes(new Uint8Array(4))).not.toBe(hashBytes(new Uint8Array(5)));
    expect(hashBytes(new Uint8Array(0))).not.toBe(hashBytes(new Uint8Array(1)));
  });

  it('names are wl + 8 hex digits and depend on the tunables', () => {
    const bytes = sample(100);
    const a = hostModuleNameFor(bytes, DEFAULT_TUNABLES);
    const b = hostModuleNameFor(bytes, { ...DEFAULT_TUNABLES, boundsChecks: !DEFAULT_TUNABLES.boundsChecks });
    expect(a).toMatch(/^wl[0-9a-f]{8}$/);
    expect(b).toMatch(/^wl[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(hostModuleNameFor(bytes.slice(), DEFAULT_TUNABLES)).toBe(a);
  });

  describe('what the name depends on', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const typeSection = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
    const custom = (name: string, payload: number[]): number[] => {
      const n = [...new TextEncoder().encode(name)];
      const body = [n.length, ...n, ...payload];
      return [0x00, body.length, ...body];
    };
    const nameOf = (...parts: number[][]): string => hostModuleNameFor(new Uint8Array(parts.flat()), DEFAULT_TUNABLES);

    it('ignores trailing custom sections other than `name`', () => {
      const plain = nameOf(header, typeSection);
      expect(nameOf(header, typeSection, custom('.debug_info', [1, 2, 3]))).toBe(plain);
      expect(nameOf(header, typeSection, custom('producers', [9]), custom('.debug_line', [4]))).toBe(plain);
    });

    it('depends on trailing `name` sections and on custom sections before the last other section', () => {
      const plain = nameOf(header, typeSection);
      const named = nameOf(header, typeSection, custom('name', [0, 2, 1, 0x61]));
      expect(named).not.toBe(plain);
      expect(nameOf(header, typeSection, custom('name', [0, 2, 1, 0x62]))).not.toBe(named);
      expect(nameOf(header, typeSection, custom('.debug_info', [7]), custom('name', [0, 2, 1, 0x61]))).toBe(named);
      // a custom section before a non-custom one moves the code: it counts
      expect(nameOf(header, custom('.debug_info', [1]), typeSection)).not.toBe(plain);
    });

    it('hashes a malformed section table whole', () => {
      const truncated = [...header, ...typeSection, 0x00, 0x7f, 0x01];
      expect(nameOf(truncated)).not.toBe(nameOf(truncated.slice(0, -1)));
    });
  });
});
