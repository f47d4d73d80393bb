/**
 * Value conversions between JS and guest values (the JS API's ToWebAssemblyValue /
 * ToJSValue), the exported-function wrappers (one per runtime Func) and JS import adapters.
 */
import { ValType, valTypeName } from '../../abi/types.js';
import type { FuncType } from '../../abi/types.js';
import { Func } from '../index.js';
import type { Store } from '../index.js';
import { facadeBoundary, hostCallError } from './errors.js';

const wrappers = new WeakMap<Func, (...args: unknown[]) => unknown>();
const funcsByWrapper = new WeakMap<object, Func>();

/** The runtime Func behind a facade exported function, or undefined for any other value. */
export const funcOfExported = (v: unknown): Func | undefined =>
  typeof v === 'function' ? funcsByWrapper.get(v) : undefined;

/** ToBigInt64: BigInt, boolean and numeric strings convert; numbers and nullish throw TypeError. */
const toBigInt64 = (v: unknown): bigint => {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt.asIntN(64, BigInt(v));
  if (typeof v === 'object' && v !== null) return toBigInt64((v as { valueOf(): unknown }).valueOf());
  throw new TypeError(`Cannot convert ${typeof v === 'number' ? v : typeof v} to a BigInt`);
};

/** ToWebAssemblyValue: converts JS value `v` to a guest value of type `t` (runtime representation). */
export const toWasmValue = (t: ValType, v: unknown): unknown => {
  switch (t) {
    case ValType.i32: return (+(v as number)) | 0;
    case ValType.i64: return toBigInt64(v);
    case ValType.f32: return Math.fround(+(v as number));
    case ValType.f64: return +(v as number);
    case ValType.externref: return v;
    case ValType.funcref: {
      if (v === null) return null;
      const f = funcOfExported(v);
      if (!f) throw new TypeError('a funcref value must be null or an exported WebAssembly function');
      return f;
    }
    default: throw new TypeError(`cannot pass a ${valTypeName(t)} value from JavaScript`);
  }
};

/** ToJSValue: converts a guest value of type `t` (runtime representation) to a JS value. */
export const toJsValue = (t: ValType, v: unknown): unknown => {
  switch (t) {
    case ValType.funcref: return v === null || v === undefined ? null : exportedFunction(v as Func);
    case ValType.v128: throw new TypeError('cannot pass a v128 value to JavaScript');
    default: return v;
  }
};

/** Converts a result list (undefined / one value / array, as `Func.call` returns) to JS. */
const resultsToJs = (results: readonly ValType[], r: unknown): unknown => {
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJsValue(results[0]!, r);
  return (r as readonly unknown[]).map((x, i) => toJsValue(results[i]!, x));
};

const hasFuncref = (type: FuncType): boolean =>
  type.params.includes(ValType.funcref) || type.results.includes(ValType.funcref);

/** The JS API refuses a call whose signature has a v128 anywhere, before anything runs. */
const checkNoV128 = (type: FuncType): void => {
  if (type.params.includes(ValType.v128) || type.results.includes(ValType.v128)) {
    throw new TypeError('type incompatibility when transforming from/to JS');
  }
};

/**
 * Calls the raw host function directly: the host engine applies the JS API's own conversions
 * (the guest and host signatures are identical), so only errors need translating. Arguments
 * that are facade functions are unwrapped (for references whose type the runtime does not know).
 */
const directWrapper = (func: Func): ((...args: unknown[]) => unknown) => {
  const host = func.hostFunction as (...args: unknown[]) => unknown;
  const unknownType = func.typeIfKnown === undefined;
  const wrapper = (...args: unknown[]): unknown => {
    try {
      return unknownType ? host(...args.map((a) => funcOfExported(a)?.hostFunction ?? a)) : host(...args);
    } catch (e) {
      func.store.resetCallDepth(); // unwound guest frames skipped their epilogues
      throw hostCallError(e, func.owner, wrapper);
    }
  };
  return wrapper;
};

/** Converts funcref arguments and results between facade functions and runtime Funcs. */
const convertingWrapper = (func: Func, type: FuncType): ((...args: unknown[]) => unknown) => {
  const { params, results } = type;
  const wrapper = (...args: unknown[]): unknown => {
    checkNoV128(type);
    const wasmArgs = params.map((t, i) => toWasmValue(t, args[i]));
    return resultsToJs(results, facadeBoundary(() => func.call(...wasmArgs), wrapper));
  };
  return wrapper;
};

/** The JS API names an exported function by its function index: map the host index back. */
const guestFuncName = (func: Func): string => {
  const hostName = func.hostFunction.name;
  const owner = func.owner;
  const hostIndex = /^\d+$/.test(hostName) ? Number(hostName) : -1;
  if (!owner || hostIndex < owner.hostDefinedFuncBase) return hostName;
  // exports of metered modules are the outer wrappers, after the inner functions (winch ModuleContext.metered)
  const numDefined = owner.guest.funcTypes.length - owner.guest.numImportedFuncs;
  const k = hostIndex - owner.hostDefinedFuncBase;
  return String((k >= numDefined ? k - numDefined : k) + owner.guest.numImportedFuncs);
};

/**
 * The facade's exported function for `func`: a plain (non-constructor) JS function converting
 * arguments and results like the JS API and turning traps into facade RuntimeErrors.
 * One wrapper per Func, so identity is stable.
 */
export const exportedFunction = (func: Func): ((...args: unknown[]) => unknown) => {
  const cached = wrappers.get(func);
  if (cached) return cached;
  const type = func.typeIfKnown;
  const wrapper = type !== undefined && hasFuncref(type) ? convertingWrapper(func, type) : directWrapper(func);
  Object.defineProperty(wrapper, 'length', { value: type?.params.length ?? func.hostFunction.length });
  Object.defineProperty(wrapper, 'name', { value: guestFuncName(func) });
  wrappers.set(func, wrapper);
  funcsByWrapper.set(wrapper, func);
  return wrapper;
};

/** Converts what a JS import returned to the guest results of `type` (runtime representation). */
const resultsFromJs = (type: FuncType, r: unknown): unknown => {
  const { results } = type;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toWasmValue(results[0]!, r);
  if (r === null || r === undefined || typeof (r as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError('a function returning several values must return an iterable');
  }
  const list = Array.from(r as Iterable<unknown>);
  if (list.length !== results.length) {
    throw new TypeError(`expected ${results.length} results, the function returned ${list.length}`);
  }
  return list.map((x, i) => toWasmValue(results[i]!, x));
};

/**
 * Wraps JS callable `fn` as a runtime host Func of `type` with JS API conversions. Without
 * funcrefs, `fn` is handed over as is: the runtime makes it a host wasm function, and the host
 * engine converts arguments and results exactly like the JS API.
 */
export const hostFunc = (store: Store, type: FuncType, fn: (...args: unknown[]) => unknown): Func => {
  if (!hasFuncref(type)) return Func.fromJs(store, type, fn);
  const { params } = type;
  const adapter = (...args: unknown[]): unknown => {
    checkNoV128(type);
    const jsArgs = params.map((t, i) => toJsValue(t, args[i]));
    return resultsFromJs(type, Reflect.apply(fn, undefined, jsArgs));
  };
  return Func.fromJs(store, type, adapter);
};
