/**
 * Wraps a JS function as a host wasm function (import it into a one-function module and
 * export it again), so it has a stable funcref identity and can live in tables and globals.
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
