/**
 * Constant folding of SIMD operators on the compile-time value stack: a splat, lane access,
 * shuffle, swizzle or shift with constant operands must give exactly what the same operator
 * gives on run-time operands (seeded random cases), and a fully constant computation must
 * leave no SIMD instruction in the host module at all.
 */
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../winch/index.js';
import { arg, callBits, instantiateBytes, instantiateSimd, prng, randomV128, simdWat } from './simd-harness.js';
import type { RawValue } from '../../../runtime/raw-call.js';

const wabt = await wabtInit();
const next = prng(0x5eed);

/** `v128.const i8x16 ...` of a hex value. */
const v128Const = (hex: string): string => `(v128.const i8x16 ${hex.match(/../g)!.map((h) => parseInt(h, 16)).join(' ')})`;

/** An f32 bit pattern as an exact WAT literal (hex float, inf, or NaN with payload). */
const f32Literal = (bits: number): string => {
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (exp === 0xff) return `${sign}${frac === 0 ? 'inf' : `nan:0x${frac.toString(16)}`}`;
  const digits = (frac << 1).toString(16).padStart(6, '0');
  return exp === 0 ? `${sign}0x0.${digits}p-126` : `${sign}0x1.${digits}p${exp - 127}`;
};
/** An f64 bit pattern as an exact WAT literal. */
const f64Literal = (bits: bigint): string => {
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (exp === 0x7ff) return `${sign}${frac === 0n ? 'inf' : `nan:0x${frac.toString(16)}`}`;
  const digits = frac.toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${digits}p-1022` : `${sign}0x1.${digits}p${exp - 1023}`;
};

/** A random scalar of type `t`: [WAT constant, raw argument]. Floats include NaNs, infinities, subnormals. */
const scalar = (t: 'i32' | 'i64' | 'f32' | 'f64'): [string, RawValue] => {
  const pick = next() % 8;
  if (t === 'i32') {
    const x = pick === 0 ? 0 : pick === 1 ? -1 : next() | 0;
    return [`(i32.const ${x})`, arg.i32(x)];
  }
  if (t === 'i64') {
    const x = BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next()));
    return [`(i64.const ${x})`, arg.i64(x)];
  }
  if (t === 'f32') {
    const bits = pick === 0 ? 0x7fc00001 : pick === 1 ? 0xff800000 : pick === 2 ? 0x00000003 : next();
    return [`(f32.const ${f32Literal(bits)})`, { type: 0x7d, bits: BigInt(bits >>> 0) }];
  }
  const bits = pick === 0 ? 0x7ff4000000000001n : pick === 1 ? 0x8000000000000000n : pick === 2 ? 1n : (BigInt(next()) << 32n) | BigInt(next());
  return [`(f64.const ${f64Literal(bits)})`, { type: 0x7c, bits }];
};

interface Pair {
  /** Body computing the result from constants only. */
  readonly folded: string;
  /** The same operator on parameters. */
  readonly params: string;
  readonly paramTypes: readonly string[];
  readonly args: readonly RawValue[];
  readonly result: string;
}

/** Compiles every pair into one guest and compares the folded result with the run-time one. */
const checkPairs = (pairs: readonly Pair[]): void => {
  const funcs = pairs.map((p, i) => `
    (func (export "c${i}") (result ${p.result}) ${p.folded})
    (func (export "d${i}") ${p.paramTypes.map((t) => `(param ${t})`).join(' ')} (result ${p.result}) ${p.params})`);
  const inst = instantiateSimd(`(module ${funcs.join('\n')})`);
  pairs.forEach((p, i) => {
    expect(callBits(inst, `c${i}`), `case ${i}: ${p.folded}`).toEqual(callBits(inst, `d${i}`, p.args));
  });
};

const SPLATS = [['i8x16', 'i32'], ['i16x8', 'i32'], ['i32x4', 'i32'], ['i64x2', 'i64'], ['f32x4', 'f32'], ['f64x2', 'f64']] as const;
const LANES: Record<string, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };

describe('SIMD constant folding gives the run-time result', () => {
  it('splat', () => {
    checkPairs(SPLATS.flatMap(([shape, t]) => Array.from({ length: 6 }, () => {
      const [c, a] = scalar(t);
      return { folded: `(${shape}.splat ${c})`, params: `(${shape}.splat (local.get 0))`, paramTypes: [t], args: [a], result: 'v128' };
    })));
  });

  it('extract_lane (signed and unsigned) and replace_lane', () => {
    const pairs: Pair[] = [];
    for (const [shape, t] of SPLATS) {
      const extracts = shape === 'i8x16' || shape === 'i16x8' ? ['extract_lane_s', 'extract_lane_u'] : ['extract_lane'];
      for (let k = 0; k < 4; k++) {
        const hex = randomV128(next);
        const lane = next() % LANES[shape]!;
        for (const ex of extracts) {
          pairs.push({ folded: `(${shape}.${ex} ${lane} ${v128Const(hex)})`, params: `(${shape}.${ex} ${lane} (local.get 0))`,
            paramTypes: ['v128'], args: [arg.v128(hex)], result: t });
        }
        const [c, a] = scalar(t);
        pairs.push({ folded: `(${shape}.replace_lane ${lane} ${v128Const(hex)} ${c})`, params: `(${shape}.replace_lane ${lane} (local.get 0) (local.get 1))`,
          paramTypes: ['v128', t], args: [arg.v128(hex), a], result: 'v128' });
      }
    }
    checkPairs(pairs);
  });

  it('shuffle of two constants', () => {
    checkPairs(Array.from({ length: 24 }, () => {
      const a = randomV128(next);
      const b = randomV128(next);
      const mask = Array.from({ length: 16 }, () => next() % 32).join(' ');
      return { folded: `(i8x16.shuffle ${mask} ${v128Const(a)} ${v128Const(b)})`, params: `(i8x16.shuffle ${mask} (local.get 0) (local.get 1))`,
        paramTypes: ['v128', 'v128'], args: [arg.v128(a), arg.v128(b)], result: 'v128' };
    }));
  });

  it('swizzle and relaxed_swizzle with a constant index vector (as a shuffle), and of two constants', () => {
    const pairs: Pair[] = [];
    for (const op of ['i8x16.swizzle', 'i8x16.relaxed_swizzle']) {
      for (let k = 0; k < 12; k++) {
        const a = randomV128(next);
        // indices in range, just above it, and with the top bit set
        const s = Array.from({ length: 16 }, () => [next() % 16, 16 + (next() % 16), next() & 0xff][next() % 3]!.toString(16).padStart(2, '0')).join('');
        pairs.push({ folded: `(${op} (local.get 0) ${v128Const(s)})`, params: `(${op} (local.get 0) (local.get 1))`,
          paramTypes: ['v128', 'v128'], args: [arg.v128(a), arg.v128(s)], result: 'v128' });
        pairs.push({ folded: `(${op} ${v128Const(a)} ${v128Const(s)})`, params: `(${op} (local.get 0) (local.get 1))`,
          paramTypes: ['v128', 'v128'], args: [arg.v128(a), arg.v128(s)], result: 'v128' });
      }
    }
    // `folded` of the first kind reads a parameter: give the c-function the same parameter
    const inst = instantiateSimd(`(module ${pairs.map((p, i) => `
      (func (export "c${i}") (param v128 v128) (result v128) ${p.folded})
      (func (export "d${i}") (param v128 v128) (result v128) ${p.params})`).join('\n')})`);
    pairs.forEach((p, i) => expect(callBits(inst, `c${i}`, p.args), p.folded).toEqual(callBits(inst, `d${i}`, p.args)));
  });

  it('shifts by constant counts (multiples of the lane width fold to the identity)', () => {
    const pairs: Pair[] = [];
    for (const shape of ['i8x16', 'i16x8', 'i32x4', 'i64x2']) {
      for (const op of ['shl', 'shr_s', 'shr_u']) {
        for (const count of [0, 1, 7, 8, 16, 31, 32, 63, 64, 128, -1, next() | 0]) {
          const hex = randomV128(next);
          pairs.push({ folded: `(${shape}.${op} ${v128Const(hex)} (i32.const ${count}))`, params: `(${shape}.${op} (local.get 0) (local.get 1))`,
            paramTypes: ['v128', 'i32'], args: [arg.v128(hex), arg.i32(count)], result: 'v128' });
        }
      }
    }
    checkPairs(pairs);
  });
});

describe('fully constant SIMD computations', () => {
  const guest = simdWat(`(module
    (func (export "lane") (result i32)
      (i32x4.extract_lane 1 (i32x4.replace_lane 1 (i32x4.splat (i32.const 7)) (i32.const 9))))
    (func (export "shuffle") (result i32)
      (i8x16.extract_lane_u 0 (i8x16.shuffle 31 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
        (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (i16x8.splat (i32.const 0x1234)))))
    (func (export "swizzle") (result i64)
      (i64x2.extract_lane 0 (i8x16.swizzle (v128.const i64x2 0x0807060504030201 0x100f0e0d0c0b0a09)
        (v128.const i8x16 0 16 2 200 4 5 6 7 0 0 0 0 0 0 0 0))))
    (func (export "float") (result f64)
      (f64x2.extract_lane 1 (f64x2.replace_lane 1 (f64x2.splat (f64.const 1.5)) (f64.const -0.25))))
    (func (export "shift") (result i32)
      (i32x4.extract_lane 3 (i32x4.shl (i32x4.splat (i32.const 5)) (i32.const 64)))))`);

  it('compile to a host module without SIMD', () => {
    const host = compile(guest).hostBytes;
    const m = wabt.readWasm(host, { simd: false, mutable_globals: true, sat_float_to_int: true, sign_extension: true,
      multi_value: true, bulk_memory: true, reference_types: true });
    try {
      expect(() => m.validate()).not.toThrow();
    } finally {
      m.destroy();
    }
  });

  it('compute the right values', () => {
    const inst = instantiateBytes(guest);
    expect(callBits(inst, 'lane')).toEqual([9n]);
    expect(callBits(inst, 'shuffle')).toEqual([0x12n]); // lane 31 = byte 15 of the splat of 0x1234
    expect(callBits(inst, 'swizzle')).toEqual([0x0807060500030001n]); // indices 16 and 200 select 0
    expect(callBits(inst, 'float')).toEqual([0xbfd0000000000000n]); // -0.25
    expect(callBits(inst, 'shift')).toEqual([5n]); // shl by 64 = shl by 0 in 32-bit lanes
  });
});
