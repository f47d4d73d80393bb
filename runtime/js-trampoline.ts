/**
 * Wraps JS functions as host wasm functions (import them into a small module and export them
 * again), so they have a stable funcref identity and can live in tables and globals.
 */
import { HostWebAssembly } from './host-wasm.js';
import type { FuncType } from '../abi/types.js';

const uleb = (out: number[], n: number): void => {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
};

const section = (out: number[], id: number, body: readonly number[]): void => {
  out.push(id);
  uleb(out, body.length);
  out.push(...body);
};

/** `(module (import "m" "f" (func (type 0))) (export "f" (func 0)))` for `type`. */
const trampolineBytes = (type: FuncType): Uint8Array<ArrayBuffer> => {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = [1, 0x60];
  uleb(types, type.params.length);
  types.push(...type.params);
  uleb(types, type.results.length);
  types.push(...type.results);
  section(out, 1, types);
  section(out, 2, [1, 1, 0x6d, 1, 0x66, 0x00, 0]); // import "m" "f" func type 0
  section(out, 7, [1, 1, 0x66, 0x00, 0]); // export "f" func 0
  return new Uint8Array(out);
};

/** `(module (import "m" "f<i>" (func (type i)))... (export "f<i>" (func i))...)` for `types`. */
const batchBytes = (types: readonly FuncType[]): Uint8Array<ArrayBuffer> => {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeSec: number[] = [];
  uleb(typeSec, types.length);
  for (const t of types) {
    typeSec.push(0x60);
    uleb(typeSec, t.params.length);
    typeSec.push(...t.params);
    uleb(typeSec, t.results.length);
    typeSec.push(...t.results);
  }
  section(out, 1, typeSec);
  const name = (buf: number[], s: string): void => {
    const b = new TextEncoder().encode(s);
    uleb(buf, b.length);
    buf.push(...b);
  };
  const imports: number[] = [];
  const exports: number[] = [];
  uleb(imports, types.length);
  uleb(exports, types.length);
  types.forEach((_, i) => {
    name(imports, 'm');
    name(imports, `f${i}`);
    imports.push(0x00);
    uleb(imports, i);
    name(exports, `f${i}`);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(out, 2, imports);
  section(out, 7, exports);
  return new Uint8Array(out);
};

const modules = new Map<string, WebAssembly.Module>();

/** A host wasm function of type `type` that calls `fn` (the host converts values at the boundary). */
export const wasmFunctionFor = (type: FuncType, fn: Function): Function => {
  const key = `${type.params.join(',')}:${type.results.join(',')}`;
  let mod = modules.get(key);
  if (!mod) {
    mod = new HostWebAssembly.Module(trampolineBytes(type));
    modules.set(key, mod);
  }
  const inst = new HostWebAssembly.Instance(mod, { m: { f: fn } });
  return inst.exports['f'] as Function;
};

/** Host wasm functions for several JS functions with one instantiation (`fns[i]` of type `types[i]`). */
export const wasmFunctionsFor = (types: readonly FuncType[], fns: readonly Function[]): Function[] => {
  const key = `batch:${types.map((t) => `${t.params.join(',')}:${t.results.join(',')}`).join(';')}`;
  let mod = modules.get(key);
  if (!mod) {
    mod = new HostWebAssembly.Module(batchBytes(types));
    modules.set(key, mod);
  }
  const imports = Object.fromEntries(fns.map((f, i) => [`f${i}`, f]));
  const inst = new HostWebAssembly.Instance(mod, { m: imports });
  return types.map((_, i) => inst.exports[`f${i}`] as Function);
};
