/**
 * Generated array-call trampolines, one host module per function signature (cached):
 *  - entry (host → wasm): `call()` loads the arguments from the slots, calls the imported
 *    callee with the signature's own types, stores the results to the slots;
 *  - exit (wasm → host): `f(params) -> results` stores its arguments to the slots, calls the
 *    imported JS function `host()` (no arguments), loads the results from the slots.
 * The callee of an entry can be any function of the signature (a guest function, a host
 * function, a function of another engine's instance): calls between wasm stay wasm-to-wasm,
 * so values keep their exact bits (NaN payloads, v128).
 */
import { HostWebAssembly } from '../host-wasm.js';
import { VALRAW_MAX_SLOTS, valRawOffset } from '../../abi/valraw.js';
import { ValType, valTypeName } from '../../abi/types.js';
import type { FuncType } from '../../abi/types.js';
import { WasmBytes, moduleHeader, writeFuncType } from './wasm-bytes.js';
import { isArrayCallType, slotArea } from './slots.js';

const FUNCREFS = 0;
const EXTERNREFS = 1;

const LOAD: Readonly<Record<number, readonly number[]>> = {
  [ValType.i32]: [0x28], [ValType.i64]: [0x29], [ValType.f32]: [0x2a], [ValType.f64]: [0x2b], [ValType.v128]: [0xfd, 0x00],
};
const STORE: Readonly<Record<number, readonly number[]>> = {
  [ValType.i32]: [0x36], [ValType.i64]: [0x37], [ValType.f32]: [0x38], [ValType.f64]: [0x39], [ValType.v128]: [0xfd, 0x0b],
};

/** The reference table of a reference type. */
const refTable = (t: ValType): number | undefined =>
  t === ValType.funcref ? FUNCREFS : t === ValType.externref ? EXTERNREFS : undefined;

const check = (sig: FuncType): void => {
  for (const t of [...sig.params, ...sig.results]) {
    if (!isArrayCallType(t)) throw new TypeError(`array call: unsupported value type ${valTypeName(t)}`);
  }
  if (sig.params.length > VALRAW_MAX_SLOTS || sig.results.length > VALRAW_MAX_SLOTS) {
    throw new RangeError(`array call: more than ${VALRAW_MAX_SLOTS} parameters or results`);
  }
};

/** Pushes the value of slot `i` (type `t`). */
const emitLoadSlot = (body: WasmBytes, t: ValType, i: number): void => {
  const table = refTable(t);
  if (table !== undefined) {
    body.byte(0x41).i32(i).byte(0x25).u32(table);
    return;
  }
  body.byte(0x41).i32(0).byte(...LOAD[t]!).u32(0).u32(valRawOffset(i));
};

/** Stores local `local` (type `t`) into slot `i`. */
const emitStoreSlot = (body: WasmBytes, t: ValType, i: number, local: number): void => {
  const table = refTable(t);
  if (table !== undefined) {
    body.byte(0x41).i32(i).byte(0x20).u32(local).byte(0x26).u32(table);
    return;
  }
  body.byte(0x41).i32(0).byte(0x20).u32(local).byte(...STORE[t]!).u32(0).u32(valRawOffset(i));
};

/** Common prefix: types [sig, () -> ()], imports [func `importName` of `importType`, memory, two tables]. */
const prefix = (sig: FuncType, importName: string, importType: number): WasmBytes => {
  const w = moduleHeader();
  const types = new WasmBytes().u32(2);
  writeFuncType(types, sig.params, sig.results);
  writeFuncType(types, [], []);
  w.section(1, types);
  const imports = new WasmBytes().u32(4);
  imports.name('t').name(importName).byte(0x00).u32(importType);
  imports.name('t').name('mem').byte(0x02, 0x00).u32(1);
  imports.name('t').name('funcrefs').byte(0x01, ValType.funcref, 0x00).u32(0);
  imports.name('t').name('externrefs').byte(0x01, ValType.externref, 0x00).u32(0);
  w.section(2, imports);
  return w;
};

const finish = (w: WasmBytes, funcType: number, exportName: string, body: WasmBytes): Uint8Array<ArrayBuffer> => {
  w.section(3, new WasmBytes().u32(1).u32(funcType));
  w.section(7, new WasmBytes().u32(1).name(exportName).byte(0x00).u32(1));
  w.section(10, new WasmBytes().u32(1).u32(body.out.length).byte(...body.out));
  return w.bytes();
};

/** Entry trampoline bytes for `sig`. */
export const entryBytes = (sig: FuncType): Uint8Array<ArrayBuffer> => {
  check(sig);
  const w = prefix(sig, 'callee', 0);
  const body = new WasmBytes().vec(sig.results, (x, t) => x.u32(1).byte(t));
  sig.params.forEach((t, i) => emitLoadSlot(body, t, i));
  body.byte(0x10).u32(0);
  for (let j = sig.results.length - 1; j >= 0; j--) body.byte(0x21).u32(j);
  sig.results.forEach((t, j) => emitStoreSlot(body, t, j, j));
  body.byte(0x0b);
  return finish(w, 1, 'call', body);
};

/** Exit trampoline bytes for `sig`. */
export const exitBytes = (sig: FuncType): Uint8Array<ArrayBuffer> => {
  check(sig);
  const w = prefix(sig, 'host', 1);
  const body = new WasmBytes().u32(0);
  sig.params.forEach((t, i) => emitStoreSlot(body, t, i, i));
  body.byte(0x10).u32(0);
  sig.results.forEach((t, j) => emitLoadSlot(body, t, j));
  body.byte(0x0b);
  return finish(w, 0, 'f', body);
};

const sigKey = (sig: FuncType): string => `${sig.params.join(',')}>${sig.results.join(',')}`;
const entryModules = new Map<string, WebAssembly.Module>();
const exitModules = new Map<string, WebAssembly.Module>();

const cached = (cache: Map<string, WebAssembly.Module>, sig: FuncType, build: (s: FuncType) => Uint8Array<ArrayBuffer>): WebAssembly.Module => {
  const key = sigKey(sig);
  let m = cache.get(key);
  if (!m) {
    m = new HostWebAssembly.Module(build(sig));
    cache.set(key, m);
  }
  return m;
};

const slotImports = (): Record<string, unknown> => {
  const a = slotArea();
  return { mem: a.memory, funcrefs: a.funcrefs, externrefs: a.externrefs };
};

/** A host-callable `() => void` that calls `callee` (of type `sig`) with arguments from the slots. */
export const instantiateEntry = (sig: FuncType, callee: Function): (() => void) => {
  const inst = new HostWebAssembly.Instance(cached(entryModules, sig, entryBytes), { t: { ...slotImports(), callee } });
  return inst.exports['call'] as () => void;
};

/** A host wasm function of type `sig` that stores its arguments to the slots and calls `host()`. */
export const instantiateExit = (sig: FuncType, host: () => void): Function => {
  const inst = new HostWebAssembly.Instance(cached(exitModules, sig, exitBytes), { t: { ...slotImports(), host } });
  return inst.exports['f'] as Function;
};
