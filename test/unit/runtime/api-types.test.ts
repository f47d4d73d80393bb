/**
 * The API's types turn common mistakes into compile-time errors (checked by `npm run typecheck`,
 * which `npm test` runs first: each `@ts-expect-error` line must really be an error), and the
 * correctly typed forms work at run time.
 */
import { describe, expect, it } from 'vitest';
import { Func } from '../../../runtime/index.js';
import type { TypedFunc } from '../../../runtime/index.js';
import { instantiateWat, setup } from './helpers.js';

describe('typed API', () => {
  it('correct uses type-check and run; mistakes do not type-check', () => {
    const s = setup();
    const scale = Func.wrap(s.store, { params: ['i64', 'f64'], results: ['i64'] }, (x, k) => x * BigInt(k));
    const pair = Func.wrap(s.store, { params: ['i32'], results: ['i32', 'i64'] }, (x) => [x + 1, BigInt(x)]);
    const dyn = Func.new(s.store, { params: ['i32', 'i64'], results: ['f64'] }, ([a, b]) => [a + Number(b)]);
    const i = instantiateWat(s, `(module
      (func (export "f") (param i32 i64) (result f64) (f64.convert_i64_s (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))))`);
    const f: TypedFunc<readonly ['i32', 'i64'], readonly ['f64']> = i.getFunc('f')!.typed(['i32', 'i64'], ['f64']);
    const r: number = f.call(1, 2n);
    expect(r).toBe(3);
    expect(scale.call(4n, 3)).toBe(12n);
    expect(pair.call(5)).toEqual([6, 5n]);
    expect(dyn.call(1, 2n)).toBe(3);

    const mistakes = (): void => {
      // @ts-expect-error an i64 parameter is a bigint, not a number
      Func.wrap(s.store, { params: ['i64'], results: ['i64'] }, (x) => x + 1);
      // @ts-expect-error an i64 result must be a bigint
      Func.wrap(s.store, { params: ['i32'], results: ['i64'] }, (x) => x);
      // @ts-expect-error two results are a tuple in order [i32, i64]
      Func.wrap(s.store, { params: [], results: ['i32', 'i64'] }, () => [1n, 2]);
      // @ts-expect-error a function with results must return them
      Func.wrap(s.store, { params: [], results: ['f32'] }, () => {});
      // @ts-expect-error unknown value type name
      Func.wrap(s.store, { params: ['i8'], results: [] }, () => {});
      // @ts-expect-error Func.new returns an array of results
      Func.new(s.store, { params: [], results: ['i32'] }, () => 1);
      // @ts-expect-error i64 arguments of a TypedFunc are bigints
      f.call(1, 2);
      // @ts-expect-error a TypedFunc checks the argument count
      f.call(1);
      // @ts-expect-error the result of [f64] is a number
      const s2: string = f.call(1, 2n);
      void s2;
    };
    expect(typeof mistakes).toBe('function');
  });
});
