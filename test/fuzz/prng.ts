// Seeded PRNG for reproducible fuzzing: mulberry32 (32-bit state) plus small helpers.
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  u32(): number;
  /** Uniform integer in [0, n) for n >= 1. */
  int(n: number): number;
  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  bytes(n: number): Uint8Array;
}

export const mulberry32 = (seed: number): Rng => {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const int = (n: number): number => Math.floor((u32() / 0x1_0000_0000) * n);
  return {
    u32,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => u32() / 0x1_0000_0000 < p,
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new Error('pick from empty list');
      return xs[int(xs.length)]!;
    },
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
};
