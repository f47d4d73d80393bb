/**
 * Test helpers for SIMD guests: WAT with SIMD and relaxed SIMD (wabt), instantiation through
 * the runtime, exact-bits calls with v128 arguments/results (raw calls), and v128 hex values.
 */
import wabtInit from 'wabt';
import { ValType } from '../../../abi/index.js';
import { Engine, Instance, Module, Store } from '../../../runtime/index.js';
import type { Tunables } from '../../../runtime/index.js';
import { callRaw, isRawRef, type RawValue } from '../../../runtime/raw-call.js';

const wabt = await wabtInit();

/** Guest bytes of WAT text with SIMD, relaxed SIMD and the Wasm 2.0 features. */
export const simdWat = (text: string): Uint8Array<ArrayBuffer> => {
  const m = wabt.parseWat('simd.wat', text, {
    simd: true, relaxed_simd: true, multi_value: true, bulk_memory: true, reference_types: true,
    sat_float_to_int: true, sign_extension: true,
  });
  try {
    m.validate();
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
};

/** Compiles and instantiates guest bytes without imports. */
export const instantiateBytes = (bytes: Uint8Array, tunables: Partial<Tunables> = {}): Instance => {
  const engine = new Engine(tunables);
  return new Instance(new Store(engine), Module.fromBytes(engine, bytes), []);
};

/** Compiles and instantiates a WAT guest without imports. */
export const instantiateSimd = (text: string, tunables: Partial<Tunables> = {}): Instance =>
  instantiateBytes(simdWat(text), tunables);

/** A v128 from 32 hex digits (memory order, lane 0 first) as a 128-bit little-endian integer. */
export const v128FromHex = (hex: string): bigint => {
  let bits = 0n;
  for (let i = 15; i >= 0; i--) bits = (bits << 8n) | BigInt(parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  return bits;
};

/** The 32 hex digits (memory order) of a 128-bit value. */
export const v128ToHex = (bits: bigint): string => {
  let s = '';
  for (let i = 0; i < 16; i++) s += Number((bits >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0');
  return s;
};

/** Argument constructors for raw calls. */
export const arg = {
  v128: (hex: string): RawValue => ({ type: ValType.v128, bits: v128FromHex(hex) }),
  i32: (x: number): RawValue => ({ type: ValType.i32, bits: BigInt(x >>> 0) }),
  i64: (x: bigint): RawValue => ({ type: ValType.i64, bits: BigInt.asUintN(64, x) }),
  f32: (x: number): RawValue => {
    const d = new DataView(new ArrayBuffer(4));
    d.setFloat32(0, x);
    return { type: ValType.f32, bits: BigInt(d.getUint32(0)) };
  },
  f64: (x: number): RawValue => {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, x);
    return { type: ValType.f64, bits: d.getBigUint64(0) };
  },
};

/** Calls export `name` with exact bits; returns each result's bits as hex (v128) or a bigint. */
export const callBits = (inst: Instance, name: string, args: readonly RawValue[] = []): (string | bigint)[] => {
  const f = inst.getFunc(name);
  if (!f) throw new Error(`no export ${name}`);
  return callRaw(f, args).map((r) => {
    if (isRawRef(r)) throw new Error('reference result');
    return r.type === ValType.v128 ? v128ToHex(r.bits) : r.bits;
  });
};

/** Seeded 32-bit PRNG (mulberry32) so generated cases are the same on every run. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
};

/** 16 random bytes as hex. */
export const randomV128 = (next: () => number): string =>
  Array.from({ length: 16 }, () => (next() & 0xff).toString(16).padStart(2, '0')).join('');
