/**
 * Exact-bits calls into guest functions and globals. f32/f64 NaN payloads (and v128 values)
 * do not survive the JS boundary, so values travel through the memory of a tiny per-signature
 * host "trampoline" module that `call_indirect`s the target. No Node-only APIs.
 */
import { HostWebAssembly } from './host-wasm.js';
import { ValType, isRefType, valTypeName } from '../abi/types.js';
import type { FuncType, GlobalType } from '../abi/types.js';
import type { Func } from './func.js';
import type { Global } from './global.js';
import { translateError } from './trap.js';

/** A numeric value as its unsigned bit pattern (i32/f32: 32 bits, i64/f64: 64 bits, v128: 128 bits). */
export interface RawNum { readonly type: ValType; readonly bits: bigint }
/**
 * A reference value at host level: `null` is the null reference; a funcref is the host
 * function (a `Func` handle is accepted as an argument and unwrapped); an externref is the JS value.
 */
export interface RawRef { readonly type: ValType; readonly ref: unknown }
/** One value of a raw call. */
export type RawValue = RawNum | RawRef;

/** True when `v` carries a reference rather than numeric bits. */
export const isRawRef = (v: RawValue): v is RawRef => 'ref' in v;

const SLOT = 16; // bytes per value slot (fits v128)

// ---- a tiny wasm byte writer -------------------------------------------------------------

class Bytes {
  readonly out: number[] = [];
  byte(...b: number[]): this { this.out.push(...b); return this; }
  u32(n: number): this {
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      this.out.push(b);
    } while (n !== 0);
    return this;
  }
  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    this.u32(enc.length);
    for (const b of enc) this.out.push(b);
    return this;
  }
  vec<T>(items: readonly T[], f: (w: this, item: T) => void): this {
    this.u32(items.length);
    for (const it of items) f(this, it);
    return this;
  }
  section(id: number, body: Bytes): this {
    this.byte(id).u32(body.out.length);
    for (const b of body.out) this.out.push(b);
    return this;
  }
  bytes(): Uint8Array<ArrayBuffer> { return new Uint8Array(this.out); }
}

const writeFuncType = (w: Bytes, params: readonly ValType[], results: readonly ValType[]): void => {
  w.byte(0x60).vec(params, (x, t) => x.byte(t)).vec(results, (x, t) => x.byte(t));
};

const checkEncodable = (t: ValType): void => {
  const ok = t === ValType.i32 || t === ValType.i64 || t === ValType.f32 || t === ValType.f64 ||
    t === ValType.v128 || t === ValType.funcref || t === ValType.externref;
  if (!ok) throw new TypeError(`raw call: unsupported value type ${valTypeName(t)}`);
};

/** Appends `i32.const slot*SLOT; <load>` for numeric type `t` (memarg align 0, offset 0). */
const emitLoad = (w: Bytes, t: ValType): void => {
  switch (t) {
    case ValType.i32: w.byte(0x28, 0, 0); break;
    case ValType.i64: w.byte(0x29, 0, 0); break;
    case ValType.f32: w.byte(0x2a, 0, 0); break;
    case ValType.f64: w.byte(0x2b, 0, 0); break;
    case ValType.v128: w.byte(0xfd, 0x00, 0, 0); break;
    default: throw new TypeError(`raw call: no load for ${valTypeName(t)}`);
  }
};
const emitStore = (w: Bytes, t: ValType): void => {
  switch (t) {
    case ValType.i32: w.byte(0x36, 0, 0); break;
    case ValType.i64: w.byte(0x37, 0, 0); break;
    case ValType.f32: w.byte(0x38, 0, 0); break;
    case ValType.f64: w.byte(0x39, 0, 0); break;
    case ValType.v128: w.byte(0xfd, 0x0b, 0, 0); break;
    default: throw new TypeError(`raw call: no store for ${valTypeName(t)}`);
  }
};
const i32Const = (w: Bytes, n: number): void => { w.byte(0x41); signedLeb(w, n); };
const signedLeb = (w: Bytes, n: number): void => {
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { w.byte(b); return; }
    w.byte(b | 0x80);
  }
};
const pagesFor = (slots: number): number => Math.max(1, Math.ceil((slots * SLOT) / 65536));

/**
 * Trampoline for `sig`: export `call(...refParams) -> refResults` loads numeric params from
 * slots 0.., calls table slot 0 through `call_indirect` with type `sig`, stores numeric
 * results to slots 0.. and returns the reference results.
 */
const buildTrampoline = (sig: FuncType): Uint8Array<ArrayBuffer> => {
  [...sig.params, ...sig.results].forEach(checkEncodable);
  const refParams = sig.params.filter(isRefType);
  const refResults = sig.results.filter(isRefType);
  const w = new Bytes().byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const types = new Bytes().u32(2);
  writeFuncType(types, sig.params, sig.results);
  writeFuncType(types, refParams, refResults);
  w.section(1, types);
  w.section(3, new Bytes().u32(1).u32(1));
  w.section(4, new Bytes().u32(1).byte(ValType.funcref, 0x01).u32(1).u32(1));
  w.section(5, new Bytes().u32(1).byte(0x00).u32(pagesFor(Math.max(sig.params.length, sig.results.length))));
  const exports = new Bytes().u32(3);
  exports.name('call').byte(0x00).u32(0);
  exports.name('t').byte(0x01).u32(0);
  exports.name('m').byte(0x02).u32(0);
  w.section(7, exports);
  const body = new Bytes().vec(sig.results, (x, t) => x.u32(1).byte(t));
  const firstResultLocal = refParams.length;
  let refIdx = 0;
  sig.params.forEach((t, i) => {
    if (isRefType(t)) { body.byte(0x20).u32(refIdx++); return; }
    i32Const(body, i * SLOT);
    emitLoad(body, t);
  });
  i32Const(body, 0);
  body.byte(0x11).u32(0).u32(0); // call_indirect type 0 table 0
  for (let j = sig.results.length - 1; j >= 0; j--) body.byte(0x21).u32(firstResultLocal + j);
  sig.results.forEach((t, j) => {
    if (isRefType(t)) return;
    i32Const(body, j * SLOT);
    body.byte(0x20).u32(firstResultLocal + j);
    emitStore(body, t);
  });
  sig.results.forEach((t, j) => { if (isRefType(t)) body.byte(0x20).u32(firstResultLocal + j); });
  body.byte(0x0b);
  w.section(10, new Bytes().u32(1).u32(body.out.length).byte(...body.out));
  return w.bytes();
};

/** Global getter for `type`: imports `g`.`g`, export `get()` stores it to slot 0. */
const buildGlobalGetter = (type: GlobalType): Uint8Array<ArrayBuffer> => {
  checkEncodable(type.type);
  const w = new Bytes().byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const types = new Bytes().u32(1);
  writeFuncType(types, [], []);
  w.section(1, types);
  w.section(2, new Bytes().u32(1).name('g').name('g').byte(0x03, type.type, type.mutable ? 1 : 0));
  w.section(3, new Bytes().u32(1).u32(0));
  w.section(5, new Bytes().u32(1).byte(0x00).u32(1));
  const exports = new Bytes().u32(2);
  exports.name('get').byte(0x00).u32(0);
  exports.name('m').byte(0x02).u32(0);
  w.section(7, exports);
  const body = new Bytes().u32(0);
  i32Const(body, 0);
  body.byte(0x23).u32(0);
  emitStore(body, type.type);
  body.byte(0x0b);
  w.section(10, new Bytes().u32(1).u32(body.out.length).byte(...body.out));
  return w.bytes();
};

// ---- slot access -------------------------------------------------------------------------

const writeSlot = (view: DataView, slot: number, t: ValType, bits: bigint): void => {
  const off = slot * SLOT;
  switch (t) {
    case ValType.i32: case ValType.f32: view.setUint32(off, Number(BigInt.asUintN(32, bits)), true); break;
    case ValType.i64: case ValType.f64: view.setBigUint64(off, BigInt.asUintN(64, bits), true); break;
    case ValType.v128:
      view.setBigUint64(off, BigInt.asUintN(64, bits), true);
      view.setBigUint64(off + 8, BigInt.asUintN(64, bits >> 64n), true);
      break;
    default: throw new TypeError(`raw call: ${valTypeName(t)} is not numeric`);
  }
};
const readSlot = (view: DataView, slot: number, t: ValType): bigint => {
  const off = slot * SLOT;
  switch (t) {
    case ValType.i32: case ValType.f32: return BigInt(view.getUint32(off, true));
    case ValType.i64: case ValType.f64: return view.getBigUint64(off, true);
    case ValType.v128: return view.getBigUint64(off, true) | (view.getBigUint64(off + 8, true) << 64n);
    default: throw new TypeError(`raw call: ${valTypeName(t)} is not numeric`);
  }
};

// ---- caches ------------------------------------------------------------------------------

interface Trampoline {
  readonly call: (...refs: unknown[]) => unknown;
  readonly table: WebAssembly.Table;
  readonly memory: WebAssembly.Memory;
}
const sigKey = (sig: FuncType): string => `${sig.params.join(',')}>${sig.results.join(',')}`;
const trampolines = new Map<string, Trampoline>();

const trampolineFor = (sig: FuncType): Trampoline => {
  const key = sigKey(sig);
  let t = trampolines.get(key);
  if (!t) {
    const inst = new HostWebAssembly.Instance(new HostWebAssembly.Module(buildTrampoline(sig)), {});
    const ex = inst.exports as { call: (...refs: unknown[]) => unknown; t: WebAssembly.Table; m: WebAssembly.Memory };
    t = { call: ex.call, table: ex.t, memory: ex.m };
    trampolines.set(key, t);
  }
  return t;
};

const globalGetterModules = new Map<string, WebAssembly.Module>();
const globalGetters = new WeakMap<WebAssembly.Global, { get: () => void; memory: WebAssembly.Memory }>();

/** Unwraps a `Func`-like handle into its host function; other values pass through. */
const hostRef = (ref: unknown): unknown =>
  ref !== null && typeof ref === 'object' && 'hostFunction' in ref ? (ref as { hostFunction: unknown }).hostFunction : ref;

const checkArgs = (sig: FuncType, args: readonly RawValue[]): void => {
  if (args.length !== sig.params.length) {
    throw new TypeError(`raw call: expected ${sig.params.length} arguments, got ${args.length}`);
  }
  args.forEach((a, i) => {
    if (isRefType(sig.params[i]!) !== isRawRef(a)) {
      throw new TypeError(`raw call: argument ${i} must be ${isRefType(sig.params[i]!) ? 'a reference' : 'numeric bits'}`);
    }
  });
};

// ---- JS value conversion (fallback for functions that cannot go into a table) -------------

const scratch = new DataView(new ArrayBuffer(8));
/** Converts raw bits to the JS API value of numeric type `t` (NaN payloads may be lost). */
export const bitsToJs = (t: ValType, bits: bigint): number | bigint => {
  switch (t) {
    case ValType.i32: return Number(BigInt.asIntN(32, bits));
    case ValType.i64: return BigInt.asIntN(64, bits);
    case ValType.f32: scratch.setUint32(0, Number(BigInt.asUintN(32, bits))); return scratch.getFloat32(0);
    case ValType.f64: scratch.setBigUint64(0, BigInt.asUintN(64, bits)); return scratch.getFloat64(0);
    default: throw new TypeError(`raw call: cannot convert ${valTypeName(t)} to a JS value`);
  }
};
/** Converts a JS API value of numeric type `t` to its raw bits. */
export const jsToBits = (t: ValType, v: unknown): bigint => {
  switch (t) {
    case ValType.i32: return BigInt(Number(v) >>> 0);
    case ValType.i64: return BigInt.asUintN(64, BigInt(v as bigint));
    case ValType.f32: scratch.setFloat32(0, Number(v)); return BigInt(scratch.getUint32(0));
    case ValType.f64: scratch.setFloat64(0, Number(v)); return scratch.getBigUint64(0);
    default: throw new TypeError(`raw call: cannot convert a JS value to ${valTypeName(t)}`);
  }
};

const callViaJs = (func: Func, args: readonly RawValue[]): RawValue[] => {
  const sig: FuncType = func.type;
  const jsArgs = args.map((a, i) => (isRawRef(a) ? a.ref : bitsToJs(sig.params[i]!, a.bits)));
  let r: unknown;
  try {
    r = func.call(...jsArgs);
  } catch (e) {
    throw translateError(e, func.owner);
  }
  const list = sig.results.length === 0 ? [] : sig.results.length === 1 ? [r] : Array.from(r as Iterable<unknown>);
  return sig.results.map((t, j) => (isRefType(t) ? { type: t, ref: hostRef(list[j]) } : { type: t, bits: jsToBits(t, list[j]) }));
};

// ---- public API --------------------------------------------------------------------------

/**
 * Calls `func` with exact-bits arguments and returns exact-bits results (NaN payloads kept).
 * Numeric arguments are `{type, bits}`; reference arguments `{type, ref}` (host level; a `Func`
 * handle is unwrapped). Reference results are host-level values (`null` for null).
 * Traps are thrown as the runtime's `Trap` (via `translateError`).
 */
export const callRaw = (func: Func, args: readonly RawValue[]): RawValue[] => {
  const sig: FuncType = func.type;
  checkArgs(sig, args);
  const tramp = trampolineFor(sig);
  try {
    tramp.table.set(0, func.hostFunction as never);
  } catch {
    return callViaJs(func, args); // a JS function: not a wasm function, so not table-storable
  }
  const view = new DataView(tramp.memory.buffer);
  const refArgs: unknown[] = [];
  args.forEach((a, i) => {
    if (isRawRef(a)) refArgs.push(hostRef(a.ref));
    else writeSlot(view, i, sig.params[i]!, a.bits);
  });
  let r: unknown;
  try {
    r = tramp.call(...refArgs);
  } catch (e) {
    throw translateError(e, func.owner);
  } finally {
    tramp.table.set(0, null);
  }
  const nRefResults = sig.results.filter(isRefType).length;
  const refs = nRefResults === 0 ? [] : nRefResults === 1 ? [r] : Array.from(r as Iterable<unknown>);
  let k = 0;
  return sig.results.map((t, j) => (isRefType(t) ? { type: t, ref: refs[k++] } : { type: t, bits: readSlot(view, j, t) }));
};

/** Reads a global's value with exact bits (reference globals return the host-level value). */
export const getGlobalRaw = (global: Global): RawValue => {
  const type = global.type;
  const host = global.hostGlobal;
  if (isRefType(type.type)) return { type: type.type, ref: host.value };
  let g = globalGetters.get(host);
  if (!g) {
    const key = `${type.type}:${type.mutable ? 1 : 0}`;
    let mod = globalGetterModules.get(key);
    if (!mod) {
      mod = new HostWebAssembly.Module(buildGlobalGetter(type));
      globalGetterModules.set(key, mod);
    }
    const inst = new HostWebAssembly.Instance(mod, { g: { g: host } });
    const ex = inst.exports as { get: () => void; m: WebAssembly.Memory };
    g = { get: ex.get, memory: ex.m };
    globalGetters.set(host, g);
  }
  g.get();
  return { type: type.type, bits: readSlot(new DataView(g.memory.buffer), 0, type.type) };
};
