// Validity agreement between Windlass and the host engine's validator, with wabt as the
// tie-breaker: a disagreement wabt confirms is marked CONFIRMED (a Windlass validation bug).
import { hostValid } from './harness.js';
import type { Outcome } from './oracle.js';
import { wabtValidAnyFeature, wabtValidWasm2 } from './second-opinion.js';

/** Prefix of disagreement notes that are bugs (the test fails on them). */
export const CONFIRMED = 'CONFIRMED';

/**
 * Flags inputs where Windlass and the host engine's validator disagree about validity; a
 * disagreement that wabt confirms (it sides with the host engine) is a Windlass bug and fails.
 */
export const validatorCheck = (input: Uint8Array, o: Outcome): string | null => {
  const host = hostValid(input);
  if (host && o.kind === 'compile-error') {
    return wabtValidWasm2(input)
      ? `${CONFIRMED}: host engine and wabt accept, Windlass rejects: ${o.error.message}`
      : `host engine accepts, Windlass rejects (wabt sides with Windlass): ${o.error.message}`;
  }
  if (!host && o.kind === 'compiled') {
    const why = hostError(input);
    if (WASM3_RELAXATIONS.test(why)) return `host engine rejects (${why}), Windlass compiles: Wasm 3.0 allows it (wabt does not implement it)`;
    return wabtValidAnyFeature(input)
      ? `host engine rejects (${why}), Windlass compiles (wabt sides with Windlass)`
      : `${CONFIRMED}: host engine (${why}) and wabt reject, Windlass compiles`;
  }
  return null;
};

/**
 * Host (Node 20) rejections of what Wasm 3.0 made valid and Windlass compiles, which wabt 1.0.39
 * does not implement either: reads of defined (immutable, earlier) globals in constant expressions.
 * The spec corpus (core/global.json) checks Windlass's validation of them.
 */
const WASM3_RELAXATIONS = /non-imported globals cannot be used in constant expressions/;

const hostError = (input: Uint8Array): string => {
  try {
    new WebAssembly.Module(input as Uint8Array<ArrayBuffer>);
    return 'no error';
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^WebAssembly\.Module\(\): /, '') : String(e);
  }
};
