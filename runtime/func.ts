/**
 * Func: handle on a guest function (a host wasm function exported by a compiled host module)
 * or on a JS function wrapped as a host wasm function. One handle per host function per store.
 * Dynamic calls in both directions (`call`, `Func.new`) use the array-call convention
 * (runtime/array-call); `Func.wrap` and `TypedFunc` are the typed fast paths.
 */
import type { CompiledArtifact } from '../abi/artifact.js';
import { ValType, formatFuncType } from '../abi/types.js';
import type { FuncType } from '../abi/types.js';
import { ArrayEntry, arrayExitFunction } from './array-call/calls.js';
import { isArrayCallType } from './array-call/slots.js';
import { wasmFunctionFor, wasmFunctionsFor } from './js-trampoline.js';
import type { Store } from './store.js';
import { translateError } from './trap.js';
import { TypedFunc } from './typed-func.js';
import { isJsRepresentable, toFuncType } from './val.js';
import type { HostResultOf, Signature, ValTypeName, ValsOf } from './val.js';
import { acceptsValue, fromHostValue, packResults, resultList, toHostValue } from './values.js';

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

/**
 * `fn` with the store's call-depth budget reset when it throws: the exception unwinds guest
 * frames whose epilogues never run (as the trap builtin does for traps). Arity-specialized so
 * the common host functions pay no rest-argument array.
 */
const resettingDepthOnThrow = (store: Store, fn: Callable, arity: number): Callable => {
  const fail = (e: unknown): never => {
    store.resetCallDepth();
    throw e;
  };
  switch (arity) {
    case 0: return () => { try { return fn(); } catch (e) { return fail(e); } };
    case 1: return (a) => { try { return fn(a); } catch (e) { return fail(e); } };
    case 2: return (a, b) => { try { return fn(a, b); } catch (e) { return fail(e); } };
    case 3: return (a, b, c) => { try { return fn(a, b, c); } catch (e) { return fail(e); } };
    case 4: return (a, b, c, d) => { try { return fn(a, b, c, d); } catch (e) { return fail(e); } };
    default: return (...args) => { try { return fn(...args); } catch (e) { return fail(e); } };
  }
};

/** A callable function handle. */
export class Func {
  #type: FuncType | undefined;
  #name: string | undefined;
  #owner: CompiledArtifact | undefined;
  #entry: ArrayEntry | undefined;
  #arrayOk: boolean | undefined;

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
    const host = wasmFunctionFor(type, resettingDepthOnThrow(store, callable, type.params.length));
    const func = new Func(store, host, type, { name: fn.name || undefined });
    store.funcHandles.set(host, func);
    return func;
  }

  /** @internal `fromJs` for several functions at once (one host instantiation; no funcref types). */
  static fromJsBatch(store: Store, items: readonly { readonly type: FuncType; readonly fn: (...args: any[]) => unknown }[]): Func[] {
    for (const { type } of items) {
      if (hasFuncref(type.params) || hasFuncref(type.results) || !isJsRepresentable(type)) {
        throw new TypeError(`fromJsBatch: ${formatFuncType(type)} needs conversions; use Func.wrap`);
      }
    }
    const hosts = wasmFunctionsFor(items.map((i) => i.type), items.map((i) => resettingDepthOnThrow(store, i.fn, i.type.params.length)));
    return hosts.map((host, k) => {
      const func = new Func(store, host, items[k]!.type, { name: items[k]!.fn.name || undefined });
      store.funcHandles.set(host, func);
      return func;
    });
  }

  /**
   * Typed host function (the fast path): `fn` receives one JS value per parameter (`i64` as
   * bigint, funcref as `Func | null`, v128 as 16 bytes) and returns undefined, the value, or a
   * tuple for several results. With a signature written with names the argument and result
   * types are checked at compile time:
   * `Func.wrap(store, { params: ['i32', 'i64'], results: ['f64'] }, (a, b) => a + Number(b))`.
   * `fn` may throw a `Trap` (or any error, which reaches the caller unchanged).
   */
  static wrap<const P extends readonly ValTypeName[], const R extends readonly ValTypeName[]>(
    store: Store, sig: Signature<P, R>, fn: (...args: ValsOf<P>) => HostResultOf<R>): Func;
  /** `wrap` with a type of binary codes (`FuncType`): values are not checked at compile time. */
  static wrap(store: Store, type: FuncType, fn: (...args: any[]) => unknown): Func;
  static wrap(store: Store, sig: Signature | FuncType, fn: (...args: any[]) => unknown): Func {
    const type = toFuncType(sig);
    if (isJsRepresentable(type)) return Func.fromJs(store, type, fn);
    // v128 cannot cross the host's JS boundary: go through the array-call exit.
    return Func.#arrayHost(store, type, (args) => {
      const r = fn(...args);
      return resultList(type.results.length, r);
    }, fn.name);
  }

  /**
   * Dynamic host function: `fn` receives the arguments as an array of JS values and returns the
   * results as an array (or nothing when there are none). Calls go through the array-call
   * convention (value slots in host memory), so every value type works, v128 included.
   */
  static new<const P extends readonly ValTypeName[], const R extends readonly ValTypeName[]>(
    store: Store, sig: Signature<P, R>, fn: (args: ValsOf<P>) => ValsOf<R> | (R extends readonly [] ? void : never)): Func;
  /** `new` with a type of binary codes (`FuncType`). */
  static new(store: Store, type: FuncType, fn: (args: any[]) => readonly unknown[] | void): Func;
  static new(store: Store, sig: Signature | FuncType, fn: (args: any[]) => readonly unknown[] | void): Func {
    const type = toFuncType(sig);
    return Func.#arrayHost(store, type, (args) => {
      const r = fn(args);
      if (r === undefined && type.results.length === 0) return [];
      if (r === null || typeof r !== 'object' || typeof (r as Iterable<unknown>)[Symbol.iterator] !== 'function') {
        throw new TypeError(`a Func.new callback must return an array of ${type.results.length} result(s)`);
      }
      return Array.from(r as Iterable<unknown>);
    }, fn.name);
  }

  /** A host function on the array-call exit: `fn` gets API values and returns API values (checked here). */
  static #arrayHost(store: Store, type: FuncType, fn: (args: unknown[]) => unknown[], name: string): Func {
    for (const t of [...type.params, ...type.results]) {
      if (!isArrayCallType(t)) throw new TypeError(`host functions cannot take or return ${formatFuncType(type)}`);
    }
    const { params, results } = type;
    const refParams = params.includes(ValType.funcref);
    const refResults = results.includes(ValType.funcref);
    const where = (j: number) => () => `result ${j} of host function${name ? ` \`${name}\`` : ''}`;
    const host = arrayExitFunction(type, (args) => {
      if (refParams) for (let i = 0; i < params.length; i++) args[i] = fromHostValue(store, params[i]!, args[i]);
      const r = fn(args);
      if (r.length !== results.length) {
        throw new TypeError(`host function returned ${r.length} result(s), its type ${formatFuncType(type)} has ${results.length}`);
      }
      for (let j = 0; j < results.length; j++) {
        if (!acceptsValue(results[j]!, r[j])) toHostValue(results[j]!, r[j], where(j)); // throws the TypeError
      }
      return refResults ? r.map((v, j) => toHostValue(results[j]!, v, where(j))) : r;
    });
    const func = new Func(store, host, type, { name: name || undefined });
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
   * A typed view of this function whose `call` takes and returns plain JS values with no
   * per-call checks: the types are checked once, here, against the function's type
   * (TypeError on a mismatch), and at compile time for every call site.
   * `instance.getFunc('f')!.typed(['i32', 'i64'], ['f64']).call(1, 2n)` returns a number.
   */
  typed<const P extends readonly ValTypeName[], const R extends readonly ValTypeName[]>(params: P, results: R): TypedFunc<P, R> {
    const want = toFuncType({ params, results });
    const have = this.type;
    const same = have.params.length === want.params.length && have.results.length === want.results.length &&
      have.params.every((t, i) => t === want.params[i]) && have.results.every((t, j) => t === want.results[j]);
    if (!same) throw new TypeError(`${this.describe()} has type ${formatFuncType(have)}, not ${formatFuncType(want)}`);
    return new TypedFunc<P, R>(this);
  }

  /** `call` through the array-call entry; `args` (the rest array) is converted in place. */
  #callArray(type: FuncType, args: unknown[]): unknown {
    const { params, results } = type;
    if (args.length !== params.length) {
      throw new TypeError(`${this.describe()} expects ${params.length} argument(s), got ${args.length}`);
    }
    for (let i = 0; i < params.length; i++) {
      const t = params[i]!;
      const v = args[i];
      if (!acceptsValue(t, v)) toHostValue(t, v, () => `argument ${i} of ${this.describe()}`); // throws the TypeError
      if (t === ValType.funcref && v !== null) args[i] = (v as Func).hostFunction;
    }
    const entry = this.#entry ?? this.arrayEntry();
    let r: unknown[];
    try {
      r = entry.call(args);
    } catch (e) {
      this.store.resetCallDepth(); // unwound guest frames skipped their epilogues
      throw translateError(e, this.#owner);
    }
    if (results.length === 0) return undefined;
    if (results.length === 1) return results[0] === ValType.funcref ? fromHostValue(this.store, ValType.funcref, r[0]) : r[0];
    for (let j = 0; j < results.length; j++) if (results[j] === ValType.funcref) r[j] = fromHostValue(this.store, ValType.funcref, r[j]);
    return r;
  }

  /** @internal the array-call entry of this function (created on first use). */
  arrayEntry(): ArrayEntry {
    this.#entry ??= new ArrayEntry(this.type, this.hostFunction);
    return this.#entry;
  }

  /**
   * Calls the function with API values through the array-call convention. Returns undefined
   * (no results), the value (one), or an array (several). Throws TypeError for a wrong argument
   * count or type and `Trap` when the guest traps.
   */
  call(...args: unknown[]): unknown {
    const type = this.#type;
    const fn = this.hostFunction as Callable;
    if (type !== undefined && (this.#arrayOk ??= type.params.every(isArrayCallType) && type.results.every(isArrayCallType))) {
      return this.#callArray(type, args);
    }
    if (type === undefined) {
      try {
        return fn(...args.map((a) => (a instanceof Func ? a.hostFunction : a)));
      } catch (e) {
        this.store.resetCallDepth(); // unwound guest frames skipped their epilogues
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
      this.store.resetCallDepth(); // unwound guest frames skipped their epilogues
      throw translateError(e, this.#owner);
    }
    if (type.results.length === 1) return fromHostValue(this.store, type.results[0]!, r);
    return packResults(resultList(type.results.length, r).map((v, j) => fromHostValue(this.store, type.results[j]!, v)));
  }
}
