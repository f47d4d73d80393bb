/**
 * Compares a guest's output with the expected bytes and describes the first difference, so a
 * wrong answer is reported as a failure with something a human can act on.
 */

const snippet = (b: Uint8Array, at: number): string => {
  const part = b.subarray(Math.max(0, at - 20), Math.min(b.length, at + 40));
  return JSON.stringify(new TextDecoder('utf-8', { fatal: false }).decode(part));
};

/** `undefined` when `actual` equals `expected`, else a one-line description of the first difference. */
export const describeMismatch = (what: string, actual: Uint8Array, expected: Uint8Array): string | undefined => {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i === n && actual.length === expected.length) return undefined;
  return `${what} differs from the expected file at byte ${i} (got ${actual.length} bytes, expected ${expected.length}): `
    + `got ${snippet(actual, i)}, expected ${snippet(expected, i)}`;
};
