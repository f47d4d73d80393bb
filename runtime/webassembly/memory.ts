/**
 * The facade's `WebAssembly.Memory`: a runtime Memory whose `buffer` is the guest's bytes
 * from offset 0 (the host memory's buffer) and whose `grow` returns the old size in pages.
 */
import { Memory as RtMemory } from '../index.js';
import type { Store } from '../index.js';
import { parseMemoryDescriptor, enforceU32 } from './descriptors.js';
import { memoryHandles, unwrap } from './handles.js';
import { facadeBoundary } from './errors.js';

/** The facade Memory class and a function wrapping an existing runtime Memory (one object per handle). */
export interface MemoryFacade {
  readonly Memory: typeof WebAssembly.Memory;
  readonly wrap: (rt: RtMemory) => WebAssembly.Memory;
}

/** Builds the Memory class of one facade; memories it creates belong to `store`. */
export const makeMemoryClass = (store: Store): MemoryFacade => {
  const objects = new WeakMap<RtMemory, WebAssembly.Memory>();
  class Memory implements WebAssembly.Memory {
    constructor(descriptor: WebAssembly.MemoryDescriptor) {
      const type = parseMemoryDescriptor(descriptor);
      const rt = facadeBoundary(() => RtMemory.new(store, type));
      memoryHandles.set(this, rt);
      objects.set(rt, this);
    }
    /**
     * The guest's bytes from offset 0; replaced (old one detached) by every growth. Its length is
     * the guest size, except with the `canaryPages` tunable: then the canary pages follow.
     */
    get buffer(): ArrayBuffer {
      return unwrap(memoryHandles, this, 'WebAssembly.Memory.buffer').buffer;
    }
    /** Grows by `delta` pages; returns the old size in pages; RangeError when it cannot. */
    grow(delta: number): number {
      const rt = unwrap(memoryHandles, this, 'WebAssembly.Memory.grow()');
      const d = enforceU32(delta, 'WebAssembly.Memory.grow(): Argument 0');
      try {
        return rt.grow(d);
      } catch (e) {
        if (e instanceof TypeError) throw e;
        throw new RangeError(`WebAssembly.Memory.grow(): Maximum memory size exceeded (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    get [Symbol.toStringTag](): string { return 'WebAssembly.Memory'; }
  }
  const wrap = (rt: RtMemory): WebAssembly.Memory => {
    let o = objects.get(rt);
    if (!o) {
      o = Object.create(Memory.prototype) as Memory;
      memoryHandles.set(o, rt);
      objects.set(rt, o);
    }
    return o;
  };
  return { Memory, wrap };
};
