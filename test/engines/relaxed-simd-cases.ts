/**
 * Relaxed SIMD inputs on which engines are known to differ (NaN and signed-zero min/max,
 * out-of-range truncation, fused vs unfused multiply-add, non-uniform laneselect masks,
 * out-of-range swizzle indices, q15 overflow, dot products with negative second operands),
 * the guest that runs them, and the values Windlass's deterministic lowering must produce.
 */
import wabtInit from 'wabt';

const wabt = await wabtInit();

/** A v128 as 32 hex digits, lane 0 first (memory order). */
export type Hex = string;

const hexOf = (bytes: Uint8Array): Hex => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const lanes = (n: number, put: (v: DataView, i: number) => void): Hex => {
  const v = new DataView(new ArrayBuffer(16));
  for (let i = 0; i < n; i++) put(v, i);
  return hexOf(new Uint8Array(v.buffer));
};
/** v128 constructors from lane values (floats as numbers, or `bits:0x...` for exact bit patterns). */
export const v = {
  i8: (...x: number[]): Hex => lanes(16, (d, i) => d.setInt8(i, x[i]!)),
  u8: (...x: number[]): Hex => lanes(16, (d, i) => d.setUint8(i, x[i]!)),
  i16: (...x: number[]): Hex => lanes(8, (d, i) => d.setUint16(2 * i, x[i]! & 0xffff, true)),
  i32: (...x: number[]): Hex => lanes(4, (d, i) => d.setUint32(4 * i, x[i]! >>> 0, true)),
  i64: (...x: bigint[]): Hex => lanes(2, (d, i) => d.setBigUint64(8 * i, BigInt.asUintN(64, x[i]!), true)),
  f32: (...x: number[]): Hex => lanes(4, (d, i) => d.setFloat32(4 * i, x[i]!, true)),
  f32bits: (...x: number[]): Hex => lanes(4, (d, i) => d.setUint32(4 * i, x[i]! >>> 0, true)),
  f64: (...x: number[]): Hex => lanes(2, (d, i) => d.setFloat64(8 * i, x[i]!, true)),
  f64bits: (...x: bigint[]): Hex => lanes(2, (d, i) => d.setBigUint64(8 * i, x[i]!, true)),
};

/** Float lane shape of a result whose NaN lanes may hold any NaN (bits compared across engines only). */
export type NanLanes = 'f32' | 'f64';

/** One relaxed operator applied to inputs where engines differ. */
export interface RelaxedCase {
  readonly name: string;
  /** Operator mnemonic; the guest exports it under this name (and `<op>/locals`). */
  readonly op: string;
  /** Operands (1 to 3 v128 values). */
  readonly inputs: readonly Hex[];
  /** What Windlass must produce (`nan` lanes: any NaN, see `nan`). */
  readonly expected: Hex;
  /** Lanes of this float shape that are NaN in `expected` match any NaN. */
  readonly nan?: NanLanes;
}

const F32_ONE_PLUS = 1 + 2 ** -12; // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the last term is lost unless fused
const F64_ONE_PLUS = 1 + 2 ** -27; // (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54: likewise for f64
const FLT_MAX = 3.4028234663852886e38;
const DBL_MAX = Number.MAX_VALUE;

/** Signed 16-bit saturation. */
const sat16 = (x: number): number => Math.max(-32768, Math.min(32767, x));
/** The spec's q15mulr_sat_s: sat(ishr_s(a * b + 2^14, 15)). */
const q15 = (a: number, b: number): number => sat16(Math.floor((a * b + 0x4000) / 0x8000));
/** Deterministic relaxed dot: signed products, pair sums saturated to i16. */
const dot16 = (a: readonly number[], b: readonly number[]): number[] =>
  Array.from({ length: 8 }, (_, j) => sat16(a[2 * j]! * b[2 * j]! + a[2 * j + 1]! * b[2 * j + 1]!));

const DOT_A = [-128, -128, 127, 127, -128, 127, -1, -128, 5, -7, 100, -100, -128, -128, 0, 127];
const DOT_B = [-128, -128, 127, 127, -127, -128, -128, -128, -9, 3, -128, -128, 127, -1, 55, -128];
const DOT_C = [1, -2, 0x7fffff00, -0x80000000];
const dotAdd = (): number[] => {
  const d = dot16(DOT_A, DOT_B);
  return DOT_C.map((c, j) => (d[2 * j]! + d[2 * j + 1]! + c) | 0);
};
const Q15_A = [-32768, -32768, 16384, -16384, 32767, -1, 12345, -32768];
const Q15_B = [-32768, 32767, 16384, 16384, 32767, 1, -23456, 1];

/** Every case; each operator appears with inputs on which at least two engines disagree natively. */
export const RELAXED_CASES: readonly RelaxedCase[] = [
  // fused vs unfused: Windlass rounds the product first (the deterministic profile's choice)
  { name: 'f32x4 madd unfused', op: 'f32x4.relaxed_madd',
    inputs: [v.f32(F32_ONE_PLUS, 2, 0.5, FLT_MAX), v.f32(F32_ONE_PLUS, 3, 0.5, 2), v.f32(-(1 + 2 ** -11), 1, 0.25, -FLT_MAX)],
    expected: v.f32(0, 7, 0.5, Infinity) },
  { name: 'f32x4 nmadd unfused', op: 'f32x4.relaxed_nmadd',
    inputs: [v.f32(F32_ONE_PLUS, 2, 0.5, FLT_MAX), v.f32(F32_ONE_PLUS, 3, 0.5, 2), v.f32(1 + 2 ** -11, 1, 0.25, FLT_MAX)],
    expected: v.f32(0, -5, 0, -Infinity) },
  { name: 'f64x2 madd unfused', op: 'f64x2.relaxed_madd',
    inputs: [v.f64(F64_ONE_PLUS, DBL_MAX), v.f64(F64_ONE_PLUS, 2), v.f64(-(1 + 2 ** -26), -DBL_MAX)],
    expected: v.f64(0, Infinity) },
  { name: 'f64x2 nmadd unfused', op: 'f64x2.relaxed_nmadd',
    inputs: [v.f64(F64_ONE_PLUS, DBL_MAX), v.f64(F64_ONE_PLUS, 2), v.f64(1 + 2 ** -26, DBL_MAX)],
    expected: v.f64(0, -Infinity) },
  // NaN and ±0 operands: Windlass propagates NaN and orders -0 below +0 (f32x4.min/max)
  { name: 'f32x4 min NaN/±0', op: 'f32x4.relaxed_min',
    inputs: [v.f32(NaN, 1, 0, -0), v.f32(1, NaN, -0, 0)], expected: v.f32(NaN, NaN, -0, -0), nan: 'f32' },
  { name: 'f32x4 max NaN/±0', op: 'f32x4.relaxed_max',
    inputs: [v.f32(NaN, 1, 0, -0), v.f32(1, NaN, -0, 0)], expected: v.f32(NaN, NaN, 0, 0), nan: 'f32' },
  { name: 'f64x2 min NaN first/±0', op: 'f64x2.relaxed_min', inputs: [v.f64(NaN, 0), v.f64(1, -0)], expected: v.f64(NaN, -0), nan: 'f64' },
  { name: 'f64x2 min NaN second/∓0', op: 'f64x2.relaxed_min', inputs: [v.f64(1, -0), v.f64(NaN, 0)], expected: v.f64(NaN, -0), nan: 'f64' },
  { name: 'f64x2 max NaN first/±0', op: 'f64x2.relaxed_max', inputs: [v.f64(NaN, 0), v.f64(1, -0)], expected: v.f64(NaN, 0), nan: 'f64' },
  { name: 'f64x2 max NaN second/∓0', op: 'f64x2.relaxed_max', inputs: [v.f64(1, -0), v.f64(NaN, 0)], expected: v.f64(NaN, 0), nan: 'f64' },
  // NaN and out-of-range truncation saturates (trunc_sat)
  { name: 'trunc f32 s', op: 'i32x4.relaxed_trunc_f32x4_s', inputs: [v.f32(NaN, 3e9, -3e9, -1.5)], expected: v.i32(0, 0x7fffffff, -0x80000000, -1) },
  { name: 'trunc f32 u', op: 'i32x4.relaxed_trunc_f32x4_u', inputs: [v.f32(NaN, 5e9, -1.5, 3e9)], expected: v.i32(0, -1, 0, 3e9) },
  { name: 'trunc f64 s zero', op: 'i32x4.relaxed_trunc_f64x2_s_zero', inputs: [v.f64(NaN, 1e10)], expected: v.i32(0, 0x7fffffff, 0, 0) },
  { name: 'trunc f64 u zero', op: 'i32x4.relaxed_trunc_f64x2_u_zero', inputs: [v.f64(-1e10, 1e10)], expected: v.i32(0, -1, 0, 0) },
  { name: 'trunc f64 u zero NaN', op: 'i32x4.relaxed_trunc_f64x2_u_zero', inputs: [v.f64(NaN, 2.9)], expected: v.i32(0, 2, 0, 0) },
  // non-uniform masks: every mask bit selects (bitselect), not just each lane's top bit
  { name: 'laneselect i8x16', op: 'i8x16.relaxed_laneselect',
    inputs: [v.u8(...new Array<number>(16).fill(0xff)), v.u8(...new Array<number>(16).fill(0)),
      v.u8(0x0f, 0xf0, 0x80, 0x7f, 0x01, 0xfe, 0, 0xff, 0x55, 0xaa, 0x3c, 0xc3, 0x81, 0x18, 0x40, 0xbf)],
    expected: v.u8(0x0f, 0xf0, 0x80, 0x7f, 0x01, 0xfe, 0, 0xff, 0x55, 0xaa, 0x3c, 0xc3, 0x81, 0x18, 0x40, 0xbf) },
  { name: 'laneselect i16x8', op: 'i16x8.relaxed_laneselect',
    inputs: [v.i16(0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234), v.i16(0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd, 0xabcd),
      v.i16(0x00ff, 0xff00, 0x8000, 0x7fff, 0x0001, 0xfffe, 0x8080, 0x0f0f)],
    expected: v.i16(0xab34, 0x12cd, 0x2bcd, 0x9234, 0xabcc, 0x1235, 0x2b4d, 0xa2c4) },
  { name: 'laneselect i32x4', op: 'i32x4.relaxed_laneselect',
    inputs: [v.i32(-1, -1, -1, -1), v.i32(0, 0, 0, 0), v.i32(0x80000000, 0x7fffffff, 0x0000ffff, 0xf0f0f0f0)],
    expected: v.i32(0x80000000, 0x7fffffff, 0x0000ffff, 0xf0f0f0f0) },
  { name: 'laneselect i64x2', op: 'i64x2.relaxed_laneselect',
    inputs: [v.i64(-1n, -1n), v.i64(0n, 0n), v.i64(0x8000000000000000n, 0x00000000ffffffffn)],
    expected: v.i64(0x8000000000000000n, 0x00000000ffffffffn) },
  // indices 16..127 select 0 (swizzle), not lane (index mod 16)
  { name: 'swizzle out of range', op: 'i8x16.relaxed_swizzle',
    inputs: [v.u8(...Array.from({ length: 16 }, (_, i) => 0xa0 + i)), v.u8(0, 15, 16, 17, 31, 0x7f, 0x80, 0xff, 1, 2, 3, 4, 5, 6, 0x20, 0x41)],
    expected: v.u8(0xa0, 0xaf, 0, 0, 0, 0, 0, 0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0, 0) },
  // -32768 * -32768 saturates to 32767
  { name: 'q15mulr overflow', op: 'i16x8.relaxed_q15mulr_s', inputs: [v.i16(...Q15_A), v.i16(...Q15_B)],
    expected: v.i16(...Q15_A.map((a, i) => q15(a, Q15_B[i]!))) },
  // the second operand is signed even outside i7; pair sums saturate
  { name: 'dot i8x16 i7x16', op: 'i16x8.relaxed_dot_i8x16_i7x16_s', inputs: [v.i8(...DOT_A), v.i8(...DOT_B)], expected: v.i16(...dot16(DOT_A, DOT_B)) },
  { name: 'dot i8x16 i7x16 add', op: 'i32x4.relaxed_dot_i8x16_i7x16_add_s', inputs: [v.i8(...DOT_A), v.i8(...DOT_B), v.i32(...DOT_C)], expected: v.i32(...dotAdd()) },
];

/** Operand count of each relaxed operator in the cases. */
const arity = (op: string): number => (/madd|laneselect|add_s/.test(op) ? 3 : /trunc/.test(op) ? 1 : 2);

/**
 * The guest: for every operator, export `<op>` (operands loaded from memory 0, 16, 32: on the
 * host stack) and `<op>/locals` (operands in locals: re-emittable), both storing the result at 48.
 */
export const relaxedGuestWat = (): string => {
  const ops = [...new Set(RELAXED_CASES.map((c) => c.op))];
  const load = (k: number): string => `(v128.load (i32.const ${16 * k}))`;
  const funcs = ops.map((op) => {
    const n = arity(op);
    const ks = Array.from({ length: n }, (_, k) => k);
    const fromStack = `(func (export "${op}") (v128.store (i32.const 48) (${op} ${ks.map(load).join(' ')})))`;
    const fromLocals = `(func (export "${op}/locals") (local v128 v128 v128) ${ks.map((k) => `(local.set ${k} ${load(k)})`).join(' ')}
      (v128.store (i32.const 48) (${op} ${ks.map((k) => `(local.get ${k})`).join(' ')})))`;
    return `${fromStack}\n${fromLocals}`;
  });
  return `(module (memory (export "memory") 1)\n${funcs.join('\n')})`;
};

/** The guest's bytes (wabt, with SIMD and relaxed SIMD). */
export const relaxedGuest = (): Uint8Array<ArrayBuffer> => {
  const m = wabt.parseWat('relaxed.wat', relaxedGuestWat(), { simd: true, relaxed_simd: true });
  try {
    m.validate();
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
};

/** Whether `actual` matches case `c` (NaN lanes of `expected` accept any NaN). */
export const matchesCase = (c: RelaxedCase, actual: Hex): boolean => {
  if (!c.nan) return actual === c.expected;
  const w = c.nan === 'f32' ? 4 : 8;
  for (let i = 0; i < 16; i += w) {
    const e = c.expected.slice(2 * i, 2 * (i + w));
    const a = actual.slice(2 * i, 2 * (i + w));
    if (isNanHex(e, w) ? !isNanHex(a, w) : e !== a) return false;
  }
  return true;
};

const isNanHex = (laneHex: string, width: number): boolean => {
  const d = new DataView(new ArrayBuffer(width));
  for (let i = 0; i < width; i++) d.setUint8(i, parseInt(laneHex.slice(2 * i, 2 * i + 2), 16));
  return Number.isNaN(width === 4 ? d.getFloat32(0, true) : d.getFloat64(0, true));
};
