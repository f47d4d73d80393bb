/**
 * The array-call slot area: one host memory of ValRaw slots plus one funcref and one externref
 * table for reference slots, shared by every generated trampoline of this realm, and the
 * JS-side codecs that move API values in and out of slots.
 *
 * Sharing is safe under reentrancy: a trampoline consumes its argument slots before it calls
 * anything, and results are written after the callee returns and read before anything else runs.
 */
import { HostWebAssembly } from '../host-wasm.js';
import { VALRAW_MAX_SLOTS, VALRAW_SIZE, valRawOffset } from '../../abi/valraw.js';
import { ValType, valTypeName } from '../../abi/types.js';

/** The shared slot area. */
export interface SlotArea {
  readonly memory: WebAssembly.Memory;
  readonly funcrefs: WebAssembly.Table;
  readonly externrefs: WebAssembly.Table;
  /** Views of `memory` (it never grows). */
  readonly view: DataView<ArrayBuffer>;
  readonly u8: Uint8Array<ArrayBuffer>;
}

let area: SlotArea | undefined;

/** The realm's slot area, created on first use. */
export const slotArea = (): SlotArea => {
  if (area) return area;
  const pages = Math.ceil(valRawOffset(VALRAW_MAX_SLOTS) / 65536);
  const memory = new HostWebAssembly.Memory({ initial: pages, maximum: pages });
  const funcrefs = new HostWebAssembly.Table({ element: 'anyfunc', initial: VALRAW_MAX_SLOTS });
  const externrefs = new HostWebAssembly.Table({ element: 'externref', initial: VALRAW_MAX_SLOTS });
  const buffer = memory.buffer as ArrayBuffer;
  area = { memory, funcrefs, externrefs, view: new DataView(buffer), u8: new Uint8Array(buffer) };
  return area;
};

/** Value types the array-call trampolines can carry. */
export const isArrayCallType = (t: ValType): boolean =>
  t === ValType.i32 || t === ValType.i64 || t === ValType.f32 || t === ValType.f64 || t === ValType.v128 ||
  t === ValType.funcref || t === ValType.externref;

/** Writes the exact bits of a numeric value of type `t` into slot `i` (raw calls). */
export const writeBits = (a: SlotArea, t: ValType, i: number, bits: bigint): void => {
  const off = valRawOffset(i);
  switch (t) {
    case ValType.i32: case ValType.f32: a.view.setUint32(off, Number(BigInt.asUintN(32, bits)), true); break;
    case ValType.i64: case ValType.f64: a.view.setBigUint64(off, BigInt.asUintN(64, bits), true); break;
    case ValType.v128:
      a.view.setBigUint64(off, BigInt.asUintN(64, bits), true);
      a.view.setBigUint64(off + 8, BigInt.asUintN(64, bits >> 64n), true);
      break;
    default: throw new TypeError(`array call: ${valTypeName(t)} is not numeric`);
  }
};

/** The exact bits of the numeric value of type `t` in slot `i`, unsigned. */
export const readBits = (a: SlotArea, t: ValType, i: number): bigint => {
  const off = valRawOffset(i);
  switch (t) {
    case ValType.i32: case ValType.f32: return BigInt(a.view.getUint32(off, true));
    case ValType.i64: case ValType.f64: return a.view.getBigUint64(off, true);
    case ValType.v128: return a.view.getBigUint64(off, true) | (a.view.getBigUint64(off + 8, true) << 64n);
    default: throw new TypeError(`array call: ${valTypeName(t)} is not numeric`);
  }
};

/**
 * Writes host-level `values` (already checked) of `types` into slots 0.. — one loop with a switch,
 * so every DataView access is a monomorphic call the JIT can inline (closures per slot were
 * measurably slower: one megamorphic call per value).
 */
export const writeSlots = (a: SlotArea, types: readonly ValType[], values: readonly unknown[]): void => {
  const view = a.view;
  for (let i = 0; i < types.length; i++) {
    const off = i * VALRAW_SIZE;
    const v = values[i];
    switch (types[i]) {
      case ValType.i32: view.setInt32(off, v as number, true); break;
      case ValType.i64: view.setBigInt64(off, v as bigint, true); break;
      case ValType.f32: view.setFloat32(off, v as number, true); break;
      case ValType.f64: view.setFloat64(off, v as number, true); break;
      case ValType.v128: a.u8.set(v as Uint8Array, off); break;
      case ValType.funcref: a.funcrefs.set(i, v as never); break;
      case ValType.externref: a.externrefs.set(i, v); break;
      default: throw new TypeError(`array call: unsupported value type ${valTypeName(types[i]!)}`);
    }
  }
};

/** Reads slots 0.. as host-level values of `types` (reference slots are cleared once read). */
export const readSlots = (a: SlotArea, types: readonly ValType[]): unknown[] => {
  const view = a.view;
  const out = new Array<unknown>(types.length);
  for (let i = 0; i < types.length; i++) {
    const off = i * VALRAW_SIZE;
    switch (types[i]) {
      case ValType.i32: out[i] = view.getInt32(off, true); break;
      case ValType.i64: out[i] = view.getBigInt64(off, true); break;
      case ValType.f32: out[i] = view.getFloat32(off, true); break;
      case ValType.f64: out[i] = view.getFloat64(off, true); break;
      case ValType.v128: out[i] = a.u8.slice(off, off + 16); break;
      case ValType.funcref: out[i] = a.funcrefs.get(i); a.funcrefs.set(i, null); break;
      case ValType.externref: out[i] = a.externrefs.get(i); a.externrefs.set(i, undefined); break;
      default: throw new TypeError(`array call: unsupported value type ${valTypeName(types[i]!)}`);
    }
  }
  return out;
};
