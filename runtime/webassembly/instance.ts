/**
 * The facade's `WebAssembly.Instance`: resolves the import object, instantiates through the
 * runtime and exposes a frozen null-prototype `exports` object of facade values.
 */
import { Func, Global as RtGlobal, Instance as RtInstance, Memory as RtMemory, Table as RtTable } from '../index.js';
import type { Extern, Store } from '../index.js';
import { facadeBoundary } from './errors.js';
import { moduleHandles, unwrap } from './handles.js';
import { resolveImports } from './imports.js';
import { exportedFunction } from './values.js';

/** Wrappers turning runtime handles into this facade's objects. */
export interface ExternWrappers {
  readonly memory: (rt: RtMemory) => WebAssembly.Memory;
  readonly table: (rt: RtTable) => WebAssembly.Table;
  readonly global: (rt: RtGlobal) => WebAssembly.Global;
}

/** The facade Instance class of one facade. */
export interface InstanceFacade {
  readonly Instance: typeof WebAssembly.Instance;
}

/** Builds the Instance class of one facade; instances belong to `store`. */
export const makeInstanceClass = (store: Store, wrap: ExternWrappers): InstanceFacade => {
  const toExportValue = (x: Extern): WebAssembly.ExportValue => {
    if (x instanceof Func) return exportedFunction(x);
    if (x instanceof RtMemory) return wrap.memory(x);
    if (x instanceof RtTable) return wrap.table(x);
    if (x instanceof RtGlobal) return wrap.global(x);
    throw new TypeError('unknown export kind');
  };
  const exportsOf = new WeakMap<object, WebAssembly.Exports>();
  class Instance implements WebAssembly.Instance {
    constructor(module: WebAssembly.Module, importObject?: WebAssembly.Imports) {
      const rtModule = unwrap(moduleHandles, module, 'WebAssembly.Instance()');
      const externs = facadeBoundary(() => resolveImports(store, rtModule, importObject, 'WebAssembly.Instance()'));
      const rt = facadeBoundary(() => new RtInstance(store, rtModule, externs));
      const exports = Object.create(null) as WebAssembly.Exports;
      for (const [name, x] of Object.entries(rt.exports)) {
        Object.defineProperty(exports, name, { value: toExportValue(x), enumerable: true, writable: false, configurable: false });
      }
      exportsOf.set(this, Object.freeze(exports));
    }
    /** The frozen, null-prototype object of this instance's exports. */
    get exports(): WebAssembly.Exports {
      return unwrap(exportsOf, this, 'WebAssembly.Instance.exports');
    }
    get [Symbol.toStringTag](): string { return 'WebAssembly.Instance'; }
  }
  return { Instance };
};
