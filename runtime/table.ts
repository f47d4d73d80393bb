/**
 * Table: a guest table backed by a host `WebAssembly.Table`. Funcref entries are host
 * functions, surfaced as `Func` handles; externref entries are JS values.
 */
import { HostWebAssembly } from './host-wasm.js';
import { MAX_TABLE_ELEMENTS } from '../abi/tunables.js';
import { ValType, valTypeName } from '../abi/types.js';
import type { Limits, TableType } from '../abi/types.js';
import type { Store } from './store.js';
import { fromHostValue, toHostValue } from './values.js';

const MAX_U32 = 0xffff_ffff;

const hostElementKind = (t: number): WebAssembly.TableKind => {
  if (t === ValType.funcref) return 'anyfunc';
  if (t === ValType.externref) return 'externref';
  throw new TypeError(`tables of ${valTypeName(t)} are not supported`);
};

/** A table of references. */
export class Table {
  readonly #elemType: number;
  readonly #max: number | undefined;

  private constructor(
    /** The store the table belongs to. */
    readonly store: Store,
    /** The host table the compiled code accesses. */
    readonly hostTable: WebAssembly.Table,
    type: TableType,
  ) {
    this.#elemType = type.elemType;
    this.#max = type.limits.max;
  }

  /**
   * Creates a table of `type` with every entry `init` (default null). Throws RangeError when
   * `min` exceeds the host limit of 10,000,000 elements (abi MAX_TABLE_ELEMENTS).
   */
  static new(store: Store, type: TableType, init: unknown = null): Table {
    const { min, max } = type.limits;
    const okU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_U32;
    if (!okU32(min) || (max !== undefined && (!okU32(max) || max < min))) {
      throw new RangeError(`invalid table limits: min ${min}${max === undefined ? '' : `, max ${max}`}`);
    }
    if (min > MAX_TABLE_ELEMENTS) {
      throw new RangeError(`table minimum size ${min} exceeds the host limit of ${MAX_TABLE_ELEMENTS} elements`);
    }
    const element = hostElementKind(type.elemType);
    const value = toHostValue(type.elemType, init, () => 'table initial value');
    store.resources.addTable(min);
    const desc: WebAssembly.TableDescriptor = { element, initial: min };
    // the store's element limit is the host table's maximum, so guest `table.grow` returns -1 there
    const limit = store.limits.maxTableElements;
    const hostMax = Math.min(max ?? Infinity, limit);
    if (hostMax !== Infinity) desc.maximum = hostMax;
    let host: WebAssembly.Table;
    try {
      host = new HostWebAssembly.Table(desc, value);
    } catch (e) {
      throw new RangeError(`cannot allocate a table of ${min} elements: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return new Table(store, host, type);
  }

  /** The current type: `min` is the current size, `max` the declared maximum. */
  get type(): TableType {
    const limits: Limits = this.#max === undefined ? { min: this.size() } : { min: this.size(), max: this.#max };
    return { elemType: this.#elemType, limits };
  }

  /** Current number of elements. */
  size(): number { return this.hostTable.length; }

  #checkIndex(i: number, op: string): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.hostTable.length) {
      throw new RangeError(`table.${op}: index ${i} out of bounds (size ${this.hostTable.length})`);
    }
  }

  /** Entry `i`: a `Func` handle or null (funcref), or the JS value (externref). RangeError when out of bounds. */
  get(i: number): unknown {
    this.#checkIndex(i, 'get');
    return fromHostValue(this.store, this.#elemType, this.hostTable.get(i));
  }

  /** Sets entry `i` (funcref: `Func | null`). RangeError when out of bounds, TypeError for a wrong value. */
  set(i: number, v: unknown): void {
    this.#checkIndex(i, 'set');
    this.hostTable.set(i, toHostValue(this.#elemType, v, () => `table.set value at ${i}`));
  }

  /** Grows by `delta` entries set to `init` (default null); returns the old size. RangeError when it cannot. */
  grow(delta: number, init: unknown = null): number {
    if (!Number.isInteger(delta) || delta < 0) throw new TypeError(`table.grow: delta must be a non-negative integer, got ${delta}`);
    const old = this.hostTable.length;
    const limit = Math.min(this.#max ?? MAX_U32, MAX_U32, this.store.limits.maxTableElements);
    if (old + delta > limit) throw new RangeError(`failed to grow table from ${old} by ${delta} (maximum ${limit})`);
    const value = toHostValue(this.#elemType, init, () => 'table.grow value');
    try {
      this.hostTable.grow(delta, value);
    } catch (e) {
      throw new RangeError(`failed to grow table from ${old} by ${delta}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return old;
  }
}
