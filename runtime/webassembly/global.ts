/**
 * The facade's `WebAssembly.Global` over a runtime Global: `value` / `valueOf()` read it,
 * setting `value` on an immutable global is a TypeError like the real API.
 */
import { Global as RtGlobal } from '../index.js';
import type { Store } from '../index.js';
import { defaultJsValue, parseGlobalDescriptor } from './descriptors.js';
import { globalHandles, unwrap } from './handles.js';
import { facadeBoundary } from './errors.js';
import { toJsValue, toWasmValue } from './values.js';

/** The facade Global class and a function wrapping an existing runtime Global (one object per handle). */
export interface GlobalFacade {
  readonly Global: typeof WebAssembly.Global;
  readonly wrap: (rt: RtGlobal) => WebAssembly.Global;
}

/** Builds the Global class of one facade; globals it creates belong to `store`. */
export const makeGlobalClass = (store: Store): GlobalFacade => {
  const objects = new WeakMap<RtGlobal, WebAssembly.Global>();
  class Global implements WebAssembly.Global {
    constructor(descriptor: WebAssembly.GlobalDescriptor, ...v: unknown[]) {
      const type = parseGlobalDescriptor(descriptor);
      const init = toWasmValue(type.type, v.length > 0 && v[0] !== undefined ? v[0] : defaultJsValue(type.type));
      const rt = facadeBoundary(() => RtGlobal.new(store, type, init));
      globalHandles.set(this, rt);
      objects.set(rt, this);
    }
    /** The current value (BigInt for i64). */
    get value(): any {
      const rt = unwrap(globalHandles, this, 'get WebAssembly.Global.value');
      return toJsValue(rt.type.type, rt.value);
    }
    set value(v: unknown) {
      const rt = unwrap(globalHandles, this, 'set WebAssembly.Global.value');
      if (!rt.type.mutable) throw new TypeError("set WebAssembly.Global.value: Can't set the value of an immutable global.");
      const w = toWasmValue(rt.type.type, v);
      facadeBoundary(() => { rt.value = w; });
    }
    /** Same as `value`. */
    valueOf(): any {
      const rt = unwrap(globalHandles, this, 'WebAssembly.Global.valueOf()');
      return toJsValue(rt.type.type, rt.value);
    }
    get [Symbol.toStringTag](): string { return 'WebAssembly.Global'; }
  }
  const wrap = (rt: RtGlobal): WebAssembly.Global => {
    let o = objects.get(rt);
    if (!o) {
      o = Object.create(Global.prototype) as Global;
      globalHandles.set(o, rt);
      objects.set(rt, o);
    }
    return o;
  };
  return { Global: Global as typeof WebAssembly.Global, wrap };
};
