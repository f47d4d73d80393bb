// Small statistics and formatting helpers for the benchmark tables.
export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const min = (xs: readonly number[]): number => (xs.length === 0 ? NaN : Math.min(...xs));

/** Fixed-point number for a table cell; '-' for NaN or undefined. */
export const fmt = (x: number | undefined, digits = 2): string =>
  x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);

/** Wall-clock milliseconds of one call. */
export const timeMs = <T>(fn: () => T): { ms: number; value: T } => {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
};
