/**
 * Differential tests of numeric operators: every i32/i64/f32/f64 operator compiled
 * by winch against the host engine running the same guest natively, bit-exactly.
 */
import { describe, expect, it } from 'vitest';
import { instantiate, instantiateNative, TestTrap, wat } from './harness.js';

type T = 'i32' | 'i64' | 'f32' | 'f64';
const BITS: Record<T, T> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };

const binary: Record<T, string[]> = {
  i32: ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr',
    'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  i64: ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr',
    'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  f32: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign', 'eq', 'ne', 'lt', 'gt', 'le', 'ge'],
  f64: ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign', 'eq', 'ne', 'lt', 'gt', 'le', 'ge'],
};
const unary: Record<T, string[]> = {
  i32: ['clz', 'ctz', 'popcnt', 'eqz', 'extend8_s', 'extend16_s'],
  i64: ['clz', 'ctz', 'popcnt', 'eqz', 'extend8_s', 'extend16_s', 'extend32_s'],
  f32: ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'],
  f64: ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'],
};
const isCompare = (op: string): boolean => /^(eqz?|ne|[lg][te](_[su])?)$/.test(op);

/** Conversions: [result type, name, operand type]. */
const conversions: [T, string, T][] = [
  ['i32', 'wrap_i64', 'i64'], ['i64', 'extend_i32_s', 'i32'], ['i64', 'extend_i32_u', 'i32'],
  ['i32', 'trunc_f32_s', 'f32'], ['i32', 'trunc_f32_u', 'f32'], ['i32', 'trunc_f64_s', 'f64'], ['i32', 'trunc_f64_u', 'f64'],
  ['i64', 'trunc_f32_s', 'f32'], ['i64', 'trunc_f32_u', 'f32'], ['i64', 'trunc_f64_s', 'f64'], ['i64', 'trunc_f64_u', 'f64'],
  ['i32', 'trunc_sat_f32_s', 'f32'], ['i32', 'trunc_sat_f32_u', 'f32'], ['i32', 'trunc_sat_f64_s', 'f64'], ['i32', 'trunc_sat_f64_u', 'f64'],
  ['i64', 'trunc_sat_f32_s', 'f32'], ['i64', 'trunc_sat_f32_u', 'f32'], ['i64', 'trunc_sat_f64_s', 'f64'], ['i64', 'trunc_sat_f64_u', 'f64'],
  ['f32', 'convert_i32_s', 'i32'], ['f32', 'convert_i32_u', 'i32'], ['f32', 'convert_i64_s', 'i64'], ['f32', 'convert_i64_u', 'i64'],
  ['f64', 'convert_i32_s', 'i32'], ['f64', 'convert_i32_u', 'i32'], ['f64', 'convert_i64_s', 'i64'], ['f64', 'convert_i64_u', 'i64'],
  ['f32', 'demote_f64', 'f64'], ['f64', 'promote_f32', 'f32'],
  ['i32', 'reinterpret_f32', 'f32'], ['i64', 'reinterpret_f64', 'f64'], ['f32', 'reinterpret_i32', 'i32'], ['f64', 'reinterpret_i64', 'i64'],
];

/**
 * Operand given as raw bits; turned into the type inside the guest. With `onStack` the
 * integer operands are computed values (host stack) instead of lazy local reads.
 */
const fromBits = (t: T, i: number, onStack: boolean): string =>
  t === 'f32' ? `(f32.reinterpret_i32 (local.get ${i}))` : t === 'f64' ? `(f64.reinterpret_i64 (local.get ${i}))`
    : onStack ? `(block (result ${t}) (local.get ${i}))` : `(local.get ${i})`;
const toBits = (t: T, e: string): string =>
  t === 'f32' ? `(i32.reinterpret_f32 ${e})` : t === 'f64' ? `(i64.reinterpret_f64 ${e})` : e;

const buildModule = (onStack: boolean): { fns: string[]; cases: { name: string; params: T[] }[] } => {
const fns: string[] = [];
const cases: { name: string; params: T[]; }[] = [];
for (const t of ['i32', 'i64', 'f32', 'f64'] as T[]) {
  for (const op of binary[t]) {
    const name = `${t}.${op}`;
    const rt: T = isCompare(op) ? 'i32' : t;
    fns.push(`(func (export "${name}") (param ${BITS[t]} ${BITS[t]}) (result ${BITS[rt]}) ${toBits(rt, `(${name} ${fromBits(t, 0, onStack)} ${fromBits(t, 1, onStack)})`)})`);
    cases.push({ name, params: [t, t] });
  }
  for (const op of unary[t]) {
    const name = `${t}.${op}`;
    const rt: T = isCompare(op) ? 'i32' : t;
    fns.push(`(func (export "${name}") (param ${BITS[t]}) (result ${BITS[rt]}) ${toBits(rt, `(${name} ${fromBits(t, 0, onStack)})`)})`);
    cases.push({ name, params: [t] });
  }
}
for (const [rt, op, t] of conversions) {
  const name = `${rt}.${op}`;
  fns.push(`(func (export "${name}") (param ${BITS[t]}) (result ${BITS[rt]}) ${toBits(rt, `(${name} ${fromBits(t, 0, onStack)})`)})`);
  cases.push({ name, params: [t] });
}
return { fns, cases };
};

const i32Edges = [0, 1, -1, 2, -2, 7, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -0x789abcdf, 0xff, 0x8000, 0xffff];
const i64Edges = [0n, 1n, -1n, 2n, -2n, 63n, 64n, 65n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdef0n,
  -0x0fedcba987654321n, 0xffffffffn, 0x80000000n, -0x80000000n];
const f32Vals = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.4e38, -3.4e38, 1e-45, Infinity, -Infinity, NaN,
  2147483520, 2147483648, -2147483648, -2147483904, 4294967040, 4294967296, 9.2233715e18, 9.223372e18, -9.223372e18,
  1.8446743e19, 1.8446744e19, -0.9, -1.0000001, 123.456];
const f64Vals = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 1.7976931348623157e308, 5e-324, Infinity, -Infinity, NaN,
  2147483647, 2147483647.9, 2147483648, -2147483648, -2147483648.9, -2147483649, 4294967295, 4294967295.5, 4294967296,
  9223372036854774784, 9223372036854775808, -9223372036854775808, -9223372036854777856, 18446744073709549568,
  18446744073709551616, -0.99, -1, 123.456];

const f32Bits = (x: number): number => { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, x); return b.getInt32(0); };
const f64Bits = (x: number): bigint => { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x); return b.getBigInt64(0); };
const NAN_PAYLOADS32 = [0x7fc00001, 0xffc00000 | 0, 0x7f800001];
const NAN_PAYLOADS64 = [0x7ff8000000000001n, -0x0008000000000000n, 0x7ff0000000000001n];

const values = (t: T): unknown[] => {
  switch (t) {
    case 'i32': return i32Edges;
    case 'i64': return i64Edges;
    case 'f32': return [...f32Vals.map(f32Bits), ...NAN_PAYLOADS32];
    case 'f64': return [...f64Vals.map(f64Bits), ...NAN_PAYLOADS64];
  }
};

const outcome = (f: () => unknown): string => {
  try {
    return `= ${String(f())}`;
  } catch (e) {
    if (e instanceof TestTrap) return `trap ${e.code}`;
    return `trap ${(e as Error).message}`;
  }
};

/** Native V8 trap messages mapped to our trap codes. */
const NATIVE_TRAP: Record<string, number> = {
  'divide by zero': 6, 'remainder by zero': 6, 'divide result unrepresentable': 5,
  'float unrepresentable in integer range': -1,
};

describe.each([false, true])('numeric operators (differential vs. native), operands on host stack: %s', (onStack) => {
  const { fns, cases } = buildModule(onStack);
  const bytes = wat(`(module ${fns.join('\n')})`);
  const ours = instantiate(bytes).fn;
  const native = instantiateNative(bytes);

  for (const c of cases) {
    it(c.name, () => {
      const lists = c.params.map(values);
      const combos: unknown[][] = c.params.length === 1 ? lists[0]!.map((v) => [v]) : lists[0]!.flatMap((a) => lists[1]!.map((b) => [a, b]));
      for (const args of combos) {
        const mine = outcome(() => ours[c.name]!(...args));
        let theirs = outcome(() => native[c.name]!(...args));
        const m = /^trap (.*)$/.exec(theirs);
        if (m) {
          const code = NATIVE_TRAP[m[1]!];
          // float→int: NaN is BadConversionToInteger (7), out of range IntegerOverflow (5)
          if (code === -1) {
            const x = args[0] as number | bigint;
            const isNaN = c.params[0] === 'f32' ? Number.isNaN(new Float32Array(new Int32Array([Number(x)]).buffer)[0])
              : Number.isNaN(new Float64Array(new BigInt64Array([BigInt(x)]).buffer)[0]);
            theirs = `trap ${isNaN ? 7 : 5}`;
          } else if (code !== undefined) theirs = `trap ${code}`;
        }
        expect(mine, `${c.name}(${args.map(String).join(', ')})`).toBe(theirs);
      }
    });
  }
});

describe('constant operands (folded checks)', () => {
  it('division by constants', () => {
    const b = wat(`(module
      (func (export "d7") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 7)))
      (func (export "dm1") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
      (func (export "d0") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
      (func (export "r0") (param i64) (result i64) (i64.rem_s (local.get 0) (i64.const 0)))
      (func (export "rm1") (param i64) (result i64) (i64.rem_s (local.get 0) (i64.const -1)))
      (func (export "dm1_64") (param i64) (result i64) (i64.div_s (local.get 0) (i64.const -1)))
      (func (export "cc") (result i32) (i32.div_s (i32.const -2147483648) (i32.const -1)))
      (func (export "tc") (result i32) (i32.trunc_f32_s (f32.const 1.5e9)))
      (func (export "tcbad") (result i32) (i32.trunc_f64_u (f64.const -1)))
    )`);
    const f = instantiate(b).fn;
    expect(f.d7!(-50)).toBe(-7);
    expect(f.dm1!(5)).toBe(-5);
    expect(outcome(() => f.dm1!(-0x80000000))).toBe('trap 5');
    expect(outcome(() => f.d0!(1))).toBe('trap 6');
    expect(outcome(() => f.r0!(1n))).toBe('trap 6');
    expect(f.rm1!(-0x8000000000000000n)).toBe(0n);
    expect(outcome(() => f.dm1_64!(-0x8000000000000000n))).toBe('trap 5');
    expect(f.dm1_64!(9n)).toBe(-9n);
    expect(outcome(() => f.cc!())).toBe('trap 5');
    expect(f.tc!()).toBe(1500000000);
    expect(outcome(() => f.tcbad!())).toBe('trap 5');
  });
});
