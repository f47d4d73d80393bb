/**
 * Reads a guest module's imports from a JS import object the way the JS API does
 * ("read the imports"): TypeError for a bad import object, LinkError for a bad value.
 */
import { ValType, valTypeName } from '../../abi/types.js';
import type { FuncType, GlobalType } from '../../abi/types.js';
import { Global as RtGlobal } from '../index.js';
import type { Extern, Module as RtModule, Store } from '../index.js';
import { isObject } from './host.js';
import { LinkError } from './errors.js';
import { globalHandles, handleOf, memoryHandles, tableHandles } from './handles.js';
import { funcOfExported, hostFunc, toWasmValue } from './values.js';

type Importable = ReturnType<RtModule['imports']>[number];

/** A number/BigInt import for an immutable numeric global (or any value for a reference global). */
const globalFromValue = (store: Store, type: GlobalType, v: unknown, where: string): Extern => {
  const t = type.type;
  const ok = t === ValType.i64 ? typeof v === 'bigint'
    : t === ValType.i32 || t === ValType.f32 || t === ValType.f64 ? typeof v === 'number'
    : t === ValType.funcref || t === ValType.externref;
  if (!ok) throw new LinkError(`${where}: global import must be a ${t === ValType.i64 ? 'BigInt' : 'Number'} or a WebAssembly.Global object (type ${valTypeName(t)})`);
  if (type.mutable) throw new LinkError(`${where}: imported mutable global must be a WebAssembly.Global object`);
  return RtGlobal.new(store, type, toWasmValue(t, v));
};

const resolveOne = (store: Store, imp: Importable, v: unknown, where: string): Extern => {
  switch (imp.kind) {
    case 'function': {
      if (typeof v !== 'function') throw new LinkError(`${where}: function import requires a callable`);
      return funcOfExported(v) ?? hostFunc(store, imp.type as FuncType, v as (...args: unknown[]) => unknown);
    }
    case 'global':
      return handleOf(globalHandles, v) ?? globalFromValue(store, imp.type as GlobalType, v, where);
    case 'memory': {
      const m = handleOf(memoryHandles, v);
      if (!m) throw new LinkError(`${where}: memory import must be a WebAssembly.Memory object`);
      return m;
    }
    case 'table': {
      const t = handleOf(tableHandles, v);
      if (!t) throw new LinkError(`${where}: table import requires a WebAssembly.Table`);
      return t;
    }
    default:
      throw new LinkError(`${where}: unsupported import kind '${String((imp as { kind: unknown }).kind)}'`);
  }
};

/**
 * Resolves every import of `module` from `importObject[module][name]`, in import order, into
 * runtime externs. JS callables become host Funcs (exported functions of a Windlass instance
 * are unwrapped to their Func so calls stay wasm-to-wasm). Type checks are left to the runtime.
 */
export const resolveImports = (store: Store, module: RtModule, importObject: unknown, api: string): Extern[] => {
  const imports = module.imports();
  if (importObject !== undefined && !isObject(importObject)) throw new TypeError(`${api}: Argument 1 must be an object`);
  if (imports.length > 0 && importObject === undefined) {
    throw new TypeError(`${api}: Imports argument must be present and must be an object`);
  }
  return imports.map((imp, i) => {
    const ns = (importObject as Record<string, unknown>)[imp.module];
    if (!isObject(ns)) throw new TypeError(`${api}: Import #${i} "${imp.module}": module is not an object or function`);
    const where = `${api}: Import #${i} "${imp.module}" "${imp.name}"`;
    return resolveOne(store, imp, (ns as Record<string, unknown>)[imp.name], where);
  });
};
