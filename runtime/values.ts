/**
 * Conversions between API values (i32/f32/f64 → number, i64 → bigint, v128 → 16-byte Uint8Array,
 * funcref → Func | null, externref → any JS value) and host-level values (funcref → host function | null).
 */
import { ValType, valTypeName } from '../abi/types.js';
import { Func } from './func.js';
import type { Store } from './store.js';

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (typeof v === 'object' || typeof v === 'function') return v.constructor?.name ?? typeof v;
  if (typeof v === 'bigint') return `bigint ${v}n`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
};

/** Human-readable expectation per value type, for TypeErrors. */
const EXPECTED: Readonly<Record<number, string>> = {
  [ValType.i32]: 'i32 (a number)',
  [ValType.i64]: 'i64 (a bigint)',
  [ValType.f32]: 'f32 (a number)',
  [ValType.f64]: 'f64 (a number)',
  [ValType.funcref]: 'funcref (a Func or null)',
  [ValType.v128]: 'v128 (a Uint8Array of 16 bytes)',
};

/**
 * Checks API value `v` against `type` and returns the host-level value.
 * `where` names the position for the TypeError (e.g. "argument 0 of `add`").
 */
export const toHostValue = (type: ValType, v: unknown, where: () => string): unknown => {
  switch (type) {
    case ValType.i32:
    case ValType.f32:
    case ValType.f64:
      if (typeof v === 'number') return v;
      break;
    case ValType.i64:
      if (typeof v === 'bigint') return v;
      break;
    case ValType.funcref:
      if (v === null) return null;
      if (v instanceof Func) return v.hostFunction;
      break;
    case ValType.externref:
      return v;
    case ValType.v128:
      if (v instanceof Uint8Array && v.length === 16) return v;
      break;
    default:
      throw new TypeError(`${where()}: values of type ${valTypeName(type)} cannot cross the JavaScript boundary`);
  }
  throw new TypeError(`${where()}: expected ${EXPECTED[type]}, got ${describe(v)}`);
};

/** True when `v` is an API value of `type` (the fast check before `toHostValue`'s conversion). */
export const acceptsValue = (type: ValType, v: unknown): boolean => {
  switch (type) {
    case ValType.i32:
    case ValType.f32:
    case ValType.f64: return typeof v === 'number';
    case ValType.i64: return typeof v === 'bigint';
    case ValType.v128: return v instanceof Uint8Array && v.length === 16;
    case ValType.funcref: return v === null || v instanceof Func;
    case ValType.externref: return true;
    default: return false;
  }
};

/** Converts host-level value `v` of `type` to the API value (funcref → `Func` handle of `store`). */
export const fromHostValue = (store: Store, type: ValType, v: unknown): unknown => {
  if (type === ValType.funcref) return v === null ? null : Func.fromHostFunction(store, v as Function);
  return v;
};

/** Splits a host call's return value into one value per result type. */
export const resultList = (count: number, r: unknown): unknown[] =>
  count === 0 ? [] : count === 1 ? [r] : Array.from(r as Iterable<unknown>);

/** Packs API results as the API returns them: undefined, the value, or an array. */
export const packResults = (values: readonly unknown[]): unknown =>
  values.length === 0 ? undefined : values.length === 1 ? values[0] : [...values];
