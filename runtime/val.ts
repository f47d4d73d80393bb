/**
 * Values of the embedding API: value types by name, the JS value of each (`i64` as bigint,
 * `v128` as 16 bytes, references as handles), signatures written with names, and the
 * type-level mappings that make a wrong argument or result type a compile-time error.
 */
import { ValType, valTypeName } from '../abi/types.js';
import type { FuncType } from '../abi/types.js';
import type { Func } from './func.js';

/** Value types by name. */
export type ValTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** A v128 value: exactly 16 bytes, lane 0 first (little-endian, as in linear memory). */
export type V128 = Uint8Array;

/** The JS value of each value type. */
export interface ValOf {
  i32: number;
  i64: bigint;
  f32: number;
  f64: number;
  v128: V128;
  funcref: Func | null;
  externref: unknown;
}

/** Any API value. */
export type Val = ValOf[ValTypeName];

/** The JS values of a list of value types (a tuple for a tuple). */
export type ValsOf<T extends readonly ValTypeName[]> = { -readonly [K in keyof T]: ValOf[T[K]] };

/** What a call returns for results `R`: undefined for none, the value for one, a tuple for several. */
export type ResultOf<R extends readonly ValTypeName[]> =
  R extends readonly [] ? undefined
    : R extends readonly [infer A extends ValTypeName] ? ValOf[A]
      : ValsOf<R>;

/**
 * What a typed host function returns for results `R`: as `ResultOf`, plus `void` for no results.
 * Written as a union of conditional types (not one conditional) so that TypeScript reads a
 * returned array literal as a tuple.
 */
export type HostResultOf<R extends readonly ValTypeName[]> =
  | ResultOf<R>
  | (R extends readonly [ValTypeName, ValTypeName, ...ValTypeName[]] ? ValsOf<R> : never)
  | (R extends readonly [] ? void : never);

/** A function type written with names, e.g. `{ params: ['i32', 'i64'], results: ['f64'] }`. */
export interface Signature<P extends readonly ValTypeName[] = readonly ValTypeName[], R extends readonly ValTypeName[] = readonly ValTypeName[]> {
  readonly params: P;
  readonly results: R;
}

/** Binary code of each value type name. */
export const VAL_TYPE_CODES: Readonly<Record<ValTypeName, ValType>> = {
  i32: ValType.i32, i64: ValType.i64, f32: ValType.f32, f64: ValType.f64, v128: ValType.v128,
  funcref: ValType.funcref, externref: ValType.externref,
};

const codeOf = (n: unknown): ValType => {
  if (typeof n === 'number') return n;
  const c = VAL_TYPE_CODES[n as ValTypeName];
  if (c === undefined) throw new TypeError(`unknown value type ${JSON.stringify(n)}`);
  return c;
};

/** The `FuncType` (binary codes) of a signature given with names or codes. */
export const toFuncType = (sig: Signature | FuncType): FuncType => ({
  params: sig.params.map(codeOf),
  results: sig.results.map(codeOf),
});

/** True when every value of `type` crosses the JS boundary natively (no v128). */
export const isJsRepresentable = (type: FuncType): boolean =>
  !type.params.includes(ValType.v128) && !type.results.includes(ValType.v128);

/** True when `type` has a funcref parameter or result (converted between `Func` and host function). */
export const hasFuncref = (type: FuncType): boolean =>
  type.params.includes(ValType.funcref) || type.results.includes(ValType.funcref);

/** Checks a v128 API value. */
export const isV128 = (v: unknown): v is V128 => v instanceof Uint8Array && v.length === 16;

/** `i32`, `i64`, ... for messages. */
export const typeName = (t: ValType): string => valTypeName(t);
