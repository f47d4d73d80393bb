/**
 * Memory: a guest linear memory backed by a host `WebAssembly.Memory` (guest bytes at 0),
 * its guest-visible size in the shared `bound` global, and optional canary pages after it.
 */
import { HostWebAssembly } from './host-wasm.js';
import { MAX_WASM32_PAGES, WASM_PAGE_SIZE } from '../abi/tunables.js';
import type { Limits, MemoryType } from '../abi/types.js';
import type { Store } from './store.js';

/** Byte value filling canary pages. */
export const CANARY_BYTE = 0xa5;

const checkLimits = (l: Limits): void => {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_WASM32_PAGES;
  if (!ok(l.min) || (l.max !== undefined && (!ok(l.max) || l.max < l.min))) {
    throw new RangeError(`invalid memory limits: min ${l.min}${l.max === undefined ? '' : `, max ${l.max}`} (pages, at most ${MAX_WASM32_PAGES})`);
  }
};

/** A linear memory. Several instances may share one (all see the same `bound`). */
export class Memory {
  /**
   * Mutable i32 host global: the guest-visible size in bytes minus 1 (as u32), which code compiled
   * for a memory of at least one page keeps instead of the bound (ops/memory.ts).
   */
  readonly last: WebAssembly.Global;
  readonly #max: number | undefined;
  readonly #shared: boolean;
  #pages: number;
  #bytes: Uint8Array<ArrayBuffer> | undefined;
  #dataView: DataView<ArrayBuffer> | undefined;

  private constructor(
    /** The store the memory belongs to. */
    readonly store: Store,
    /** The host memory; guest byte i is host byte i. It may be larger than the guest size. */
    readonly hostMemory: WebAssembly.Memory,
    /** Mutable i64 host global: the guest-visible size in bytes (read by compiled bounds checks). */
    readonly bound: WebAssembly.Global,
    type: MemoryType,
    /** Canary pages kept after the guest's bound (engine tunable `canaryPages`). */
    readonly canaryPages: number,
  ) {
    this.#pages = type.limits.min;
    this.last = new HostWebAssembly.Global({ value: 'i32', mutable: true }, (this.#pages * WASM_PAGE_SIZE - 1) | 0);
    this.#max = type.limits.max;
    this.#shared = type.shared === true;
  }

  /**
   * Creates a memory of `type` (size in pages). Throws RangeError for invalid limits or when the
   * host cannot allocate it.
   */
  static new(store: Store, type: MemoryType): Memory {
    checkLimits(type.limits);
    const canary = store.engine.tunables.canaryPages;
    const { min, max } = type.limits;
    const desc: WebAssembly.MemoryDescriptor & { shared?: boolean } = { initial: Math.min(min + canary, MAX_WASM32_PAGES) };
    if (max !== undefined) desc.maximum = Math.min(max + canary, MAX_WASM32_PAGES);
    if (type.shared) {
      if (max === undefined) throw new RangeError('a shared memory must have a maximum');
      desc.shared = true;
    }
    store.resources.addMemory(min * WASM_PAGE_SIZE);
    let host: WebAssembly.Memory;
    try {
      host = new HostWebAssembly.Memory(desc);
    } catch (e) {
      throw new RangeError(`cannot allocate a memory of ${min} pages: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const bound = new HostWebAssembly.Global({ value: 'i64', mutable: true }, BigInt(min * WASM_PAGE_SIZE));
    const memory = new Memory(store, host, bound, type, canary);
    memory.#fillCanary();
    return memory;
  }

  /** The current type: `min` is the current size in pages, `max` the declared maximum. */
  get type(): MemoryType {
    const limits: Limits = this.#max === undefined ? { min: this.#pages } : { min: this.#pages, max: this.#max };
    return this.#shared ? { limits, shared: true } : { limits };
  }

  /** Guest-visible size in pages. */
  size(): number { return this.#pages; }

  /** The host memory's current buffer (guest bytes at 0 .. size()*65536; replaced by growth). */
  get buffer(): ArrayBuffer { return this.hostMemory.buffer as ArrayBuffer; }

  /** Guest-visible size in bytes. */
  get byteLength(): number { return this.#pages * WASM_PAGE_SIZE; }

  /**
   * A zero-copy `Uint8Array` over exactly the guest-visible bytes. The same object comes back
   * until the memory grows. Refresh rule: growth (guest `memory.grow` or `grow()`) detaches or
   * outgrows earlier views, so call `bytes()` again after anything that may grow the memory —
   * in particular after every call into the guest — instead of keeping a view across it.
   */
  bytes(): Uint8Array<ArrayBuffer> {
    const buf = this.hostMemory.buffer as ArrayBuffer;
    const len = this.#pages * WASM_PAGE_SIZE;
    const v = this.#bytes;
    if (v !== undefined && v.buffer === buf && v.length === len) return v;
    return (this.#bytes = new Uint8Array(buf, 0, len));
  }

  /** A zero-copy `DataView` over the guest-visible bytes; same refresh rule as `bytes()`. */
  dataView(): DataView<ArrayBuffer> {
    const u8 = this.bytes();
    const v = this.#dataView;
    if (v !== undefined && v.buffer === u8.buffer && v.byteLength === u8.length) return v;
    return (this.#dataView = new DataView(u8.buffer, 0, u8.length));
  }

  /** A copy of guest bytes [offset, offset+length). RangeError when outside the guest-visible memory. */
  read(offset: number, length: number): Uint8Array<ArrayBuffer> {
    this.#checkRange(offset, length, 'read');
    return this.bytes().slice(offset, offset + length);
  }

  /** Copies `data` into guest memory at `offset`. RangeError when it does not fit. */
  write(offset: number, data: Uint8Array): void {
    this.#checkRange(offset, data.length, 'write');
    this.bytes().set(data, offset);
  }

  #checkRange(offset: number, length: number, op: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.byteLength) {
      throw new RangeError(`memory.${op}: range [${offset}, ${offset + length}) outside memory of ${this.byteLength} bytes`);
    }
  }

  /** Grows by `delta` pages; returns the old size. Throws RangeError when it cannot. */
  grow(delta: number): number {
    if (!Number.isInteger(delta) || delta < 0) throw new TypeError(`memory.grow: delta must be a non-negative integer, got ${delta}`);
    const old = this.tryGrow(delta);
    if (old < 0) {
      throw new RangeError(`failed to grow memory from ${this.#pages} by ${delta} pages (maximum ${this.#max ?? MAX_WASM32_PAGES})`);
    }
    return old;
  }

  /**
   * @internal Guest `memory.grow` semantics: grows by `delta` pages (honouring the maximum,
   * 65536 when absent), zeroes the newly visible bytes, moves the canary and updates `bound`.
   * Returns the old size in pages, or -1.
   */
  tryGrow(delta: number): number {
    const old = this.#pages;
    if (delta === 0) return old;
    const newPages = old + delta;
    if (newPages > (this.#max ?? MAX_WASM32_PAGES)) return -1;
    // store limits: a wasm-visible failure, never an error
    if (!this.store.resources.tryGrowMemory(old * WASM_PAGE_SIZE, newPages * WASM_PAGE_SIZE)) return -1;
    const hostBytesBefore = this.hostMemory.buffer.byteLength;
    const hostPages = hostBytesBefore / WASM_PAGE_SIZE;
    const wantHost = Math.min(newPages + this.canaryPages, MAX_WASM32_PAGES);
    if (wantHost > hostPages) {
      try {
        this.hostMemory.grow(wantHost - hostPages);
      } catch {
        this.store.resources.tryGrowMemory(newPages * WASM_PAGE_SIZE, old * WASM_PAGE_SIZE);
        return -1;
      }
    }
    this.#pages = newPages;
    // Bytes that were host-allocated but not guest-visible (the old canary) become guest memory.
    const reused = Math.min(newPages * WASM_PAGE_SIZE, hostBytesBefore);
    if (reused > old * WASM_PAGE_SIZE) new Uint8Array(this.hostMemory.buffer).fill(0, old * WASM_PAGE_SIZE, reused);
    this.#fillCanary();
    this.bound.value = BigInt(newPages * WASM_PAGE_SIZE);
    this.last.value = (newPages * WASM_PAGE_SIZE - 1) | 0;
    return old;
  }

  /** Host byte range [start, end) of the canary. */
  #canaryRange(): [number, number] {
    const start = this.#pages * WASM_PAGE_SIZE;
    return [start, Math.min(start + this.canaryPages * WASM_PAGE_SIZE, this.hostMemory.buffer.byteLength)];
  }

  #fillCanary(): void {
    if (this.canaryPages === 0) return;
    const [start, end] = this.#canaryRange();
    new Uint8Array(this.hostMemory.buffer).fill(CANARY_BYTE, start, end);
  }

  /** True when every canary byte after the guest's bound still holds `CANARY_BYTE` (test aid). */
  canaryIntact(): boolean {
    const [start, end] = this.#canaryRange();
    const bytes = new Uint8Array(this.hostMemory.buffer, start, end - start);
    return bytes.every((b) => b === CANARY_BYTE);
  }
}
