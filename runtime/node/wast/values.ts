/**
 * Spec-script values (README §4.2–4.4): parsing `args` into raw values and matching
 * results against `expected` patterns (exact bits, NaN patterns, v128 lanes, refs, `either`).
 */
import { ValType } from '../../../abi/types.js';
import { isRawRef } from '../../raw-call.js';
import type { RawValue } from '../../raw-call.js';

/** A value or pattern as it appears in a spec JSON script. */
export interface SpecValue {
  readonly type: string;
  readonly value?: string | readonly string[];
  readonly lane_type?: string;
  readonly values?: readonly SpecValue[];
}

/** Distinct, script-stable host objects standing for `externref N`. */
export class HostRefs {
  private readonly refs = new Map<string, object>();
  /** The host object for `externref n`. */
  get(n: string): object {
    let r = this.refs.get(n);
    if (!r) {
      r = Object.freeze({ hostref: n });
      this.refs.set(n, r);
    }
    return r;
  }
}

const NUM_TYPES: Readonly<Record<string, ValType>> = {
  i32: ValType.i32, i64: ValType.i64, f32: ValType.f32, f64: ValType.f64, v128: ValType.v128,
};
const LANES: Readonly<Record<string, { bits: number; float: boolean }>> = {
  i8: { bits: 8, float: false }, i16: { bits: 16, float: false }, i32: { bits: 32, float: false },
  i64: { bits: 64, float: false }, f32: { bits: 32, float: true }, f64: { bits: 64, float: true },
};

/** Value type code for a spec type name, or undefined for reference/other types. */
export const numTypeOf = (name: string): ValType | undefined => NUM_TYPES[name];

const laneShape = (v: SpecValue): { bits: number; float: boolean } => {
  const shape = LANES[v.lane_type ?? ''];
  if (!shape) throw new Error(`unknown v128 lane type ${String(v.lane_type)}`);
  return shape;
};

/** Packs v128 lanes (lane 0 lowest) into one 128-bit pattern. */
const packLanes = (lanes: readonly bigint[], laneBits: number): bigint =>
  lanes.reduce((acc, l, i) => acc | (BigInt.asUintN(laneBits, l) << BigInt(i * laneBits)), 0n);

/** Converts an argument value to a raw value; `externref` uses `hostRefs`. */
export const parseArg = (v: SpecValue, hostRefs: HostRefs): RawValue => {
  if (v.type === 'v128') {
    const shape = laneShape(v);
    const lanes = (v.value as readonly string[]).map((s) => BigInt(s));
    return { type: ValType.v128, bits: packLanes(lanes, shape.bits) };
  }
  const t = numTypeOf(v.type);
  if (t !== undefined) return { type: t, bits: BigInt(v.value as string) };
  if (v.value === 'null') return { type: refTypeCode(v.type), ref: null };
  if (v.type === 'externref') return { type: ValType.externref, ref: hostRefs.get(v.value as string) };
  throw new Error(`unsupported argument value ${JSON.stringify(v)}`);
};

const refTypeCode = (name: string): ValType =>
  name === 'externref' || name === 'nullexternref' ? ValType.externref : ValType.funcref;

const F32_CANON = 0x7fc00000n;
const F64_CANON = 0x7ff8000000000000n;

/** Matches float bits against a literal or a `nan:canonical` / `nan:arithmetic` pattern. */
const matchFloat = (bits: bigint, pattern: string, width: 32 | 64): boolean => {
  const canon = width === 32 ? F32_CANON : F64_CANON;
  const abs = width === 32 ? 0x7fffffffn : 0x7fffffffffffffffn;
  if (pattern === 'nan:canonical') return (bits & abs) === canon;
  if (pattern === 'nan:arithmetic') return (bits & canon) === canon;
  return bits === BigInt(pattern);
};

const matchV128 = (bits: bigint, pattern: SpecValue): boolean => {
  const shape = laneShape(pattern);
  const mask = (1n << BigInt(shape.bits)) - 1n;
  return (pattern.value as readonly string[]).every((p, i) => {
    const lane = (bits >> BigInt(i * shape.bits)) & mask;
    return shape.float ? matchFloat(lane, p, shape.bits as 32 | 64) : lane === BigInt.asUintN(shape.bits, BigInt(p));
  });
};

const isHostRef = (ref: unknown): boolean =>
  ref !== null && typeof ref === 'object' && 'hostref' in ref && Object.isFrozen(ref);

/** Matches one result against one expected pattern (§4.2, §4.3). */
export const matchValue = (actual: RawValue, pattern: SpecValue, hostRefs: HostRefs): boolean => {
  if (pattern.type === 'either') return (pattern.values ?? []).some((p) => matchValue(actual, p, hostRefs));
  const t = numTypeOf(pattern.type);
  if (t !== undefined) {
    if (isRawRef(actual) || actual.type !== t) return false;
    switch (pattern.type) {
      case 'f32': return matchFloat(actual.bits, pattern.value as string, 32);
      case 'f64': return matchFloat(actual.bits, pattern.value as string, 64);
      case 'v128': return matchV128(actual.bits, pattern);
      default: return actual.bits === BigInt(pattern.value as string);
    }
  }
  if (!isRawRef(actual)) return false;
  if (pattern.value === 'null') return actual.ref === null;
  if (pattern.value === undefined) {
    // non-null pattern of that kind; a funcref must be a function, not a host object
    if (actual.ref === null) return false;
    if (pattern.type === 'funcref') return typeof actual.ref === 'function';
    return true;
  }
  if (pattern.type === 'externref') return actual.ref === hostRefs.get(pattern.value as string);
  if (pattern.type === 'funcref') return false; // wabt-style "funcref N" is not produced by this corpus
  return false;
};

/** Formats a raw value for failure messages. */
export const formatRaw = (v: RawValue): string => {
  if (isRawRef(v)) {
    if (v.ref === null) return 'ref.null';
    if (isHostRef(v.ref)) return `ref.extern ${(v.ref as { hostref: string }).hostref}`;
    return typeof v.ref === 'function' ? 'ref.func' : `ref(${typeof v.ref})`;
  }
  switch (v.type) {
    case ValType.i32: return `i32:${v.bits}`;
    case ValType.i64: return `i64:${v.bits}`;
    case ValType.f32: return `f32:0x${v.bits.toString(16)}`;
    case ValType.f64: return `f64:0x${v.bits.toString(16)}`;
    case ValType.v128: return `v128:0x${v.bits.toString(16).padStart(32, '0')}`;
    default: return `?:${v.bits}`;
  }
};

/** Formats an expected pattern for failure messages. */
export const formatSpec = (v: SpecValue): string => {
  if (v.type === 'either') return `either(${(v.values ?? []).map(formatSpec).join(' | ')})`;
  if (v.type === 'v128') return `v128:${v.lane_type}[${(v.value as readonly string[]).join(' ')}]`;
  if ((v.type === 'f32' || v.type === 'f64') && typeof v.value === 'string' && !v.value.startsWith('nan')) {
    return `${v.type}:0x${BigInt(v.value).toString(16)}`;
  }
  return v.value === undefined ? `${v.type}:non-null` : `${v.type}:${v.value}`;
};
