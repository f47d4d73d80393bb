/**
 * TypedFunc: a function whose type was checked once (`Func.typed`), called with plain JS values.
 * Signatures whose values cross the host's JS boundary natively (no v128, no funcref to
 * convert) call the host function directly, the fast path; the others use the array-call entry.
 */
import type { Func } from './func.js';
import { hasFuncref, isJsRepresentable } from './val.js';
import type { ResultOf, ValTypeName, ValsOf } from './val.js';

type Host = (...args: unknown[]) => unknown;

/** The array-call path (`Func.call`): converts `Func` handles, checks v128 values, translates traps. */
const arrayCall = (func: Func): Host => (...args) => func.call(...args);

/**
 * A function with a statically known type `P -> R`. Create it with `Func.typed`.
 *
 * Errors on the fast path: guest traps arrive as `Trap` (compiled code raises them through the
 * trap builtin) and errors thrown by host functions arrive unchanged, as with `Func.call`; but
 * the two traps the host engine raises itself are not translated here: its stack exhaustion
 * (`RangeError`; with the default call-depth checks Windlass traps `StackOverflow` first) and a
 * `call_indirect` signature mismatch (`WebAssembly.RuntimeError`). Pass a caught error through
 * `translateError` to get a `Trap` in every case, or use `Func.call`.
 */
export class TypedFunc<P extends readonly ValTypeName[], R extends readonly ValTypeName[]> {
  /**
   * Calls the function: arguments and the result are plain JS values of the declared types
   * (undefined for no results, the value for one, a tuple for several). Traps throw `Trap`.
   */
  readonly call: (...args: ValsOf<P>) => ResultOf<R>;

  /** @internal use `func.typed(params, results)`, which checks the type. */
  constructor(readonly func: Func) {
    const type = func.type;
    const direct = isJsRepresentable(type) && !hasFuncref(type);
    // The fast path is the host function itself: any JS wrapper with a try/catch keeps the host
    // engine from inlining its JS-to-wasm call (measured: 2-2.6x slower), see the class comment.
    this.call = (direct ? func.hostFunction : arrayCall(func)) as never;
  }
}
