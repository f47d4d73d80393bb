/**
 * Exact-bits calls into guest functions and reads of globals. f32/f64 NaN payloads (and v128
 * values) do not survive the JS boundary, so arguments and results travel as bits through the
 * ValRaw slots of the function's array-call entry (runtime/array-call): the same calling
 * convention as `Func.call`, with the slots written and read as raw bits. No Node-only APIs.
 */
import { HostWebAssembly } from './host-wasm.js';
import { ValType, isRefType, valTypeName } from '../abi/types.js';
import type { FuncType, GlobalType } from '../abi/types.js';
import { readBits, slotArea, writeBits } from './array-call/slots.js';
import { WasmBytes, moduleHeader, writeFuncType } from './array-call/wasm-bytes.js';
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

// ---- JS value conversion helpers ---------------------------------------------------------

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

// ---- calls -------------------------------------------------------------------------------

/**
 * Calls `func` with exact-bits arguments and returns exact-bits results (NaN payloads kept).
 * Numeric arguments are `{type, bits}`; reference arguments `{type, ref}` (host level; a `Func`
 * handle is unwrapped). Reference results are host-level values (`null` for null).
 * Traps are thrown as the runtime's `Trap` (via `translateError`).
 */
export const callRaw = (func: Func, args: readonly RawValue[]): RawValue[] => {
  const sig: FuncType = func.type;
  checkArgs(sig, args);
  const entry = func.arrayEntry();
  const a = slotArea();
  args.forEach((v, i) => {
    const t = sig.params[i]!;
    if (isRawRef(v)) {
      if (t === ValType.funcref) a.funcrefs.set(i, hostRef(v.ref) as never);
      else a.externrefs.set(i, v.ref);
    } else {
      writeBits(a, t, i, v.bits);
    }
  });
  try {
    entry.invoke();
  } catch (e) {
    func.store.resetCallDepth(); // unwound guest frames skipped their epilogues
    throw translateError(e, func.owner);
  }
  return sig.results.map((t, j) => {
    if (!isRefType(t)) return { type: t, bits: readBits(a, t, j) };
    const table = t === ValType.funcref ? a.funcrefs : a.externrefs;
    const ref = table.get(j);
    table.set(j, t === ValType.funcref ? null : undefined);
    return { type: t, ref };
  });
};

// ---- globals -----------------------------------------------------------------------------

/** Global getter for `type`: imports `g`.`g`, export `get()` stores it to the start of its memory. */
const buildGlobalGetter = (type: GlobalType): Uint8Array<ArrayBuffer> => {
  const w = moduleHeader();
  const types = new WasmBytes().u32(1);
  writeFuncType(types, [], []);
  w.section(1, types);
  w.section(2, new WasmBytes().u32(1).name('g').name('g').byte(0x03, type.type, type.mutable ? 1 : 0));
  w.section(3, new WasmBytes().u32(1).u32(0));
  w.section(5, new WasmBytes().u32(1).byte(0x00).u32(1));
  w.section(7, new WasmBytes().u32(2).name('get').byte(0x00).u32(0).name('m').byte(0x02).u32(0));
  const STORE: Readonly<Record<number, readonly number[]>> = {
    [ValType.i32]: [0x36], [ValType.i64]: [0x37], [ValType.f32]: [0x38], [ValType.f64]: [0x39], [ValType.v128]: [0xfd, 0x0b],
  };
  const store = STORE[type.type];
  if (!store) throw new TypeError(`raw global read: unsupported value type ${valTypeName(type.type)}`);
  const body = new WasmBytes().u32(0).byte(0x41).i32(0).byte(0x23).u32(0).byte(...store).u32(0).u32(0).byte(0x0b);
  w.section(10, new WasmBytes().u32(1).u32(body.out.length).byte(...body.out));
  return w.bytes();
};

/** Global setter for mutable `type`: imports `g`.`g`, export `set()` loads it from the start of its memory. */
const buildGlobalSetter = (type: GlobalType): Uint8Array<ArrayBuffer> => {
  const w = moduleHeader();
  const types = new WasmBytes().u32(1);
  writeFuncType(types, [], []);
  w.section(1, types);
  w.section(2, new WasmBytes().u32(1).name('g').name('g').byte(0x03, type.type, 1));
  w.section(3, new WasmBytes().u32(1).u32(0));
  w.section(5, new WasmBytes().u32(1).byte(0x00).u32(1));
  w.section(7, new WasmBytes().u32(2).name('set').byte(0x00).u32(0).name('m').byte(0x02).u32(0));
  const LOAD: Readonly<Record<number, readonly number[]>> = {
    [ValType.i32]: [0x28], [ValType.i64]: [0x29], [ValType.f32]: [0x2a], [ValType.f64]: [0x2b], [ValType.v128]: [0xfd, 0x00],
  };
  const load = LOAD[type.type];
  if (!load) throw new TypeError(`raw global write: unsupported value type ${valTypeName(type.type)}`);
  const body = new WasmBytes().u32(0).byte(0x41).i32(0).byte(...load).u32(0).u32(0).byte(0x24).u32(0).byte(0x0b);
  w.section(10, new WasmBytes().u32(1).u32(body.out.length).byte(...body.out));
  return w.bytes();
};

const globalSetterModules = new Map<string, WebAssembly.Module>();
const globalSetters = new WeakMap<WebAssembly.Global, { set: () => void; view: DataView }>();

/** Sets a mutable numeric global to exact `bits` (NaN payloads and v128 values kept). */
export const setGlobalRaw = (global: Global, bits: bigint): void => {
  const type = global.type;
  if (!type.mutable) throw new TypeError('raw global write: the global is immutable');
  const host = global.hostGlobal;
  let g = globalSetters.get(host);
  if (!g) {
    let mod = globalSetterModules.get(String(type.type));
    if (!mod) {
      mod = new HostWebAssembly.Module(buildGlobalSetter(type));
      globalSetterModules.set(String(type.type), mod);
    }
    const ex = new HostWebAssembly.Instance(mod, { g: { g: host } }).exports as { set: () => void; m: WebAssembly.Memory };
    g = { set: ex.set, view: new DataView(ex.m.buffer) };
    globalSetters.set(host, g);
  }
  if (type.type === ValType.i32 || type.type === ValType.f32) g.view.setUint32(0, Number(BigInt.asUintN(32, bits)), true);
  else {
    g.view.setBigUint64(0, BigInt.asUintN(64, bits), true);
    if (type.type === ValType.v128) g.view.setBigUint64(8, BigInt.asUintN(64, bits >> 64n), true);
  }
  g.set();
};

const globalGetterModules = new Map<string, WebAssembly.Module>();
const globalGetters = new WeakMap<WebAssembly.Global, { get: () => void; view: DataView }>();

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
    g = { get: ex.get, view: new DataView(ex.m.buffer) };
    globalGetters.set(host, g);
  }
  g.get();
  const off = 0;
  const bits = type.type === ValType.i32 || type.type === ValType.f32 ? BigInt(g.view.getUint32(off, true))
    : type.type === ValType.v128 ? g.view.getBigUint64(off, true) | (g.view.getBigUint64(off + 8, true) << 64n)
      : g.view.getBigUint64(off, true);
  return { type: type.type, bits };
};
