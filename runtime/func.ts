/**
 * Func: handle on a guest function (a host wasm function exported by a compiled host module)
 * or on a JS function wrapped as a host wasm function. One handle per host function per store.
 */
import type { CompiledArtifact } from '../abi/artifact.js';
import { ValType } from '../abi/types.js';
import type { FuncType } from '../abi/types.js';
import { wasmFunctionFor } from './js-trampoline.js';
import type { Store } from './store.js';
import { translateError } from './trap.js';
import { fromHostValue, packResults, resultList, toHostValue } from './values.js';

/** Extra facts about a function, for messages and backtraces. */
export interface FuncInfo {
  /** Guest function name, export name or JS function name. */
  readonly name?: string | undefined;
  /** Artifact of the module defining the function (kept alive for backtraces). */
  readonly owner?: CompiledArtifact | undefined;
}

type Callable = (...args: unknown[]) => unknown;

const hasFuncref = (types: readonly number[]): boolean => types.includes(ValType.funcref);

/** Converts funcref parameters to `Func` handles and funcref results back to host functions. */
const wrapRefs = (store: Store, type: FuncType, fn: Callable): Callable => (...hostArgs: unknown[]) => {
  const r = fn(...hostArgs.map((a, i) => fromHostValue(store, type.params[i]!, a)));
  if (!hasFuncref(type.results)) return r;
  const host = resultList(type.results.length, r).map((v, j) =>
    type.results[j] === ValType.funcref && v instanceof Func ? v.hostFunction : v);
  return type.results.length === 1 ? host[0] : host;
};

/** A callable function handle. */
export class Func {
  #type: FuncType | undefined;
  #name: string | undefined;
  #owner: CompiledArtifact | undefined;

  private constructor(
    /** The store the handle belongs to. */
    readonly store: Store,
    /**
     * The raw host-level callable: a host wasm exported function (for guest functions and,
     * through a one-function wrapper module, for `Func.fromJs`). Pass errors from calling it
     * directly through `translateError`.
     */
    readonly hostFunction: Function,
    type: FuncType | undefined,
    info: FuncInfo,
  ) {
    this.#type = type;
    this.#name = info.name;
    this.#owner = info.owner;
  }

  /**
   * Wraps JS function `fn` as a function of type `type`. `fn` receives API values (i64 as bigint,
   * funcref as `Func | null`) and returns undefined, one value, or an iterable for several results;
   * it may throw a `Trap` (or any error, which propagates to the caller unchanged).
   */
  static fromJs(store: Store, type: FuncType, fn: (...args: any[]) => unknown): Func {
    const callable = hasFuncref(type.params) || hasFuncref(type.results) ? wrapRefs(store, type, fn) : fn;
    const host = wasmFunctionFor(type, callable);
    const func = new Func(store, host, type, { name: fn.name || undefined });
    store.funcHandles.set(host, func);
    return func;
  }

  /**
   * The store's handle for host function `hostFunction`, created on first sight. `type` may be
   * omitted only for function references whose type is unknown (see `Func.type`).
   */
  static fromHostFunction(store: Store, hostFunction: Function, type?: FuncType, info: FuncInfo = {}): Func {
    const known = store.funcHandles.get(hostFunction);
    if (known) {
      known.#type ??= type;
      known.#name ??= info.name;
      known.#owner ??= info.owner;
      return known;
    }
    const func = new Func(store, hostFunction, type, info);
    store.funcHandles.set(hostFunction, func);
    return func;
  }

  /**
   * The function's type. Throws for a reference to a guest function the runtime never saw exported
   * (its type cannot be recovered from the host); such a handle can still be called and stored.
   */
  get type(): FuncType {
    if (this.#type === undefined) throw new TypeError(`the type of ${this.describe()} is unknown`);
    return this.#type;
  }

  /** The type, or undefined when unknown (see `type`). */
  get typeIfKnown(): FuncType | undefined { return this.#type; }

  /** Guest, export or JS name, when known. */
  get name(): string | undefined { return this.#name; }

  /** @internal artifact of the defining module, if a guest function. */
  get owner(): CompiledArtifact | undefined { return this.#owner; }

  /** `function \`name\`` for messages. */
  describe(): string { return this.#name === undefined ? 'function' : `function \`${this.#name}\``; }

  /**
   * Calls the function with API values. Returns undefined (no results), the value (one),
   * or an array (several). Throws TypeError for a wrong argument count or type and
   * `Trap` when the guest traps.
   */
  call(...args: unknown[]): unknown {
    const type = this.#type;
    const fn = this.hostFunction as Callable;
    if (type === undefined) {
      try {
        return fn(...args.map((a) => (a instanceof Func ? a.hostFunction : a)));
      } catch (e) {
        throw translateError(e, this.#owner);
      }
    }
    if (args.length !== type.params.length) {
      throw new TypeError(`${this.describe()} expects ${type.params.length} argument(s), got ${args.length}`);
    }
    const hostArgs = args.map((a, i) => toHostValue(type.params[i]!, a, () => `argument ${i} of ${this.describe()}`));
    let r: unknown;
    try {
      r = fn(...hostArgs);
    } catch (e) {
      throw translateError(e, this.#owner);
    }
    if (type.results.length === 1) return fromHostValue(this.store, type.results[0]!, r);
    return packResults(resultList(type.results.length, r).map((v, j) => fromHostValue(this.store, type.results[j]!, v)));
  }
}
