/**
 * The facade's `WebAssembly.Table` over a runtime Table: funcref entries are exported
 * functions (unwrapped back to runtime Funcs on `set`/`grow`), externref entries any JS value.
 */
import { Table as RtTable } from '../index.js';
import type { Store } from '../index.js';
import { defaultJsValue, enforceU32, parseTableDescriptor } from './descriptors.js';
import { tableHandles, unwrap } from './handles.js';
import { facadeBoundary } from './errors.js';
import { toJsValue, toWasmValue } from './values.js';

/** The facade Table class and a function wrapping an existing runtime Table (one object per handle). */
export interface TableFacade {
  readonly Table: typeof WebAssembly.Table;
  readonly wrap: (rt: RtTable) => WebAssembly.Table;
}

/**
 * The runtime treats an `undefined` initial value as "none" (null); the JS API fills externref
 * tables with `undefined` itself, so set entries `from`.. again when that was asked for.
 */
const fillUndefined = (rt: RtTable, from: number, init: unknown): void => {
  if (init !== undefined) return;
  for (let i = from, n = rt.size(); i < n; i++) rt.set(i, undefined);
};

/** Builds the Table class of one facade; tables it creates belong to `store`. */
export const makeTableClass = (store: Store): TableFacade => {
  const objects = new WeakMap<RtTable, WebAssembly.Table>();
  const elementValue = (rt: RtTable, args: readonly unknown[], at: number): unknown =>
    toWasmValue(rt.type.elemType, args.length > at && args[at] !== undefined ? args[at] : defaultJsValue(rt.type.elemType));
  class Table implements WebAssembly.Table {
    constructor(descriptor: WebAssembly.TableDescriptor, ...rest: unknown[]) {
      const type = parseTableDescriptor(descriptor);
      const init = toWasmValue(type.elemType, rest.length > 0 && rest[0] !== undefined ? rest[0] : defaultJsValue(type.elemType));
      const rt = facadeBoundary(() => RtTable.new(store, type, init));
      fillUndefined(rt, 0, init);
      tableHandles.set(this, rt);
      objects.set(rt, this);
    }
    /** Current number of elements. */
    get length(): number {
      return unwrap(tableHandles, this, 'WebAssembly.Table.length').size();
    }
    /** Element `index`; RangeError when out of bounds. */
    get(index: number): unknown {
      const rt = unwrap(tableHandles, this, 'WebAssembly.Table.get()');
      const i = enforceU32(index, 'WebAssembly.Table.get(): Argument 0');
      if (i >= rt.size()) throw new RangeError(`WebAssembly.Table.get(): invalid address ${i} in table of size ${rt.size()}`);
      return toJsValue(rt.type.elemType, rt.get(i));
    }
    /** Sets element `index` (to the element type's default when no value is given). */
    set(index: number, ...value: unknown[]): void {
      const rt = unwrap(tableHandles, this, 'WebAssembly.Table.set()');
      const i = enforceU32(index, 'WebAssembly.Table.set(): Argument 0');
      if (i >= rt.size()) throw new RangeError(`WebAssembly.Table.set(): invalid address ${i} in table of size ${rt.size()}`);
      const v = elementValue(rt, value, 0);
      facadeBoundary(() => rt.set(i, v));
    }
    /** Grows by `delta` elements filled with `value`; returns the old length; RangeError when it cannot. */
    grow(delta: number, ...value: unknown[]): number {
      const rt = unwrap(tableHandles, this, 'WebAssembly.Table.grow()');
      const d = enforceU32(delta, 'WebAssembly.Table.grow(): Argument 0');
      const v = elementValue(rt, value, 0);
      try {
        const old = rt.grow(d, v);
        fillUndefined(rt, old, v);
        return old;
      } catch (e) {
        if (e instanceof TypeError) throw e;
        throw new RangeError(`WebAssembly.Table.grow(): failed to grow table by ${d} (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    get [Symbol.toStringTag](): string { return 'WebAssembly.Table'; }
  }
  const wrap = (rt: RtTable): WebAssembly.Table => {
    let o = objects.get(rt);
    if (!o) {
      o = Object.create(Table.prototype) as Table;
      tableHandles.set(o, rt);
      objects.set(rt, o);
    }
    return o;
  };
  return { Table, wrap };
};
