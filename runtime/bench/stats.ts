/** Statistics of the benchmark report: median, quantiles, spread and geometric mean. */

/** Median of `xs` (NaN when empty). */
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Linear-interpolated quantile `q` in [0, 1] of `xs` (NaN when empty). */
export const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
};

/** Summary of a sample: median, extremes and relative spread ((max - min) / median). */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median; 0 for one value. */
  readonly spread: number;
}

/** Summarizes `xs` (finite values only); undefined when there are none. */
export const summarize = (xs: readonly number[]): Summary | undefined => {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return undefined;
  const m = median(ok);
  const min = Math.min(...ok);
  const max = Math.max(...ok);
  return { n: ok.length, median: m, min, max, spread: m > 0 ? (max - min) / m : 0 };
};

/** Geometric mean of the positive finite values of `xs` (NaN when there are none). */
export const geomean = (xs: readonly number[]): number => {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length === 0 ? NaN : Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length);
};
