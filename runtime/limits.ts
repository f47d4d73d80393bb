/**
 * Per-store resource limits (Wasmtime's `StoreLimits`): memory bytes per memory and in total,
 * table elements, counts of instances, memories and tables, and the call-depth budget.
 * A limit hit by the guest is wasm-visible (`memory.grow` / `table.grow` return -1) or a trap;
 * one hit while creating something is a `RangeError` naming the limit.
 */
import { DEFAULT_MAX_CALL_DEPTH, MAX_WASM32_PAGES, WASM_PAGE_SIZE } from '../abi/tunables.js';

/** Limits of one store; every field is optional (absent: only the host's own limits apply). */
export interface StoreLimits {
  /** Largest guest-visible size of any one memory, in bytes. */
  readonly maxMemoryBytes?: number;
  /** Largest sum of the guest-visible sizes of all memories created in the store, in bytes. */
  readonly maxTotalMemoryBytes?: number;
  /** Largest number of elements of any one table. */
  readonly maxTableElements?: number;
  /** Most instances the store may create. */
  readonly maxInstances?: number;
  /** Most memories the store may create (instantiation included). */
  readonly maxMemories?: number;
  /** Most tables the store may create (instantiation included). */
  readonly maxTables?: number;
  /**
   * Call-depth budget in depth units (abi `callDepthUnits`: 1 per active call of a function with
   * few locals). Default `DEFAULT_MAX_CALL_DEPTH`; only enforced by code compiled with `callDepthChecks`.
   */
  readonly maxCallDepth?: number;
}

/** Limits with every field present (Infinity where unlimited). */
export type ResolvedLimits = { readonly [K in keyof StoreLimits]-?: number };

const MAX_MEMORY_BYTES = MAX_WASM32_PAGES * WASM_PAGE_SIZE;

/** Checks and completes user limits; throws RangeError for a negative or non-integer limit. */
export const resolveLimits = (l: StoreLimits = {}): ResolvedLimits => {
  const get = (key: keyof StoreLimits, dflt: number): number => {
    const v = l[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !(v >= 0) || (v !== Infinity && !Number.isInteger(v))) {
      throw new RangeError(`store limit ${key} must be a non-negative integer, got ${String(v)}`);
    }
    return v;
  };
  const maxCallDepth = get('maxCallDepth', DEFAULT_MAX_CALL_DEPTH);
  if (maxCallDepth > 0x7fff_ffff) throw new RangeError(`store limit maxCallDepth must be below 2^31, got ${maxCallDepth}`);
  return {
    maxMemoryBytes: Math.min(get('maxMemoryBytes', Infinity), MAX_MEMORY_BYTES),
    maxTotalMemoryBytes: get('maxTotalMemoryBytes', Infinity),
    maxTableElements: get('maxTableElements', Infinity),
    maxInstances: get('maxInstances', Infinity),
    maxMemories: get('maxMemories', Infinity),
    maxTables: get('maxTables', Infinity),
    maxCallDepth,
  };
};

/** What a store has created so far, checked against its limits. */
export class ResourceCounter {
  instances = 0;
  memories = 0;
  tables = 0;
  /** Sum of the guest-visible sizes of the store's memories, in bytes. */
  memoryBytes = 0;

  constructor(readonly limits: ResolvedLimits) {}

  /** Counts one more instance; RangeError beyond `maxInstances`. */
  addInstance(): void {
    if (this.instances + 1 > this.limits.maxInstances) throw limitError('maxInstances', this.limits.maxInstances, 'instances');
    this.instances++;
  }

  /** Counts a new memory of `bytes`; RangeError beyond the memory limits. */
  addMemory(bytes: number): void {
    const l = this.limits;
    if (this.memories + 1 > l.maxMemories) throw limitError('maxMemories', l.maxMemories, 'memories');
    if (bytes > l.maxMemoryBytes) throw limitError('maxMemoryBytes', l.maxMemoryBytes, `bytes for a memory of ${bytes} bytes`);
    if (this.memoryBytes + bytes > l.maxTotalMemoryBytes) {
      throw limitError('maxTotalMemoryBytes', l.maxTotalMemoryBytes, `bytes in total with a new memory of ${bytes} bytes`);
    }
    this.memories++;
    this.memoryBytes += bytes;
  }

  /** Whether a memory may grow from `oldBytes` to `newBytes` (and accounts for it when so). */
  tryGrowMemory(oldBytes: number, newBytes: number): boolean {
    const l = this.limits;
    if (newBytes > l.maxMemoryBytes || this.memoryBytes - oldBytes + newBytes > l.maxTotalMemoryBytes) return false;
    this.memoryBytes += newBytes - oldBytes;
    return true;
  }

  /** Counts a new table of `elements`; RangeError beyond the table limits. */
  addTable(elements: number): void {
    const l = this.limits;
    if (this.tables + 1 > l.maxTables) throw limitError('maxTables', l.maxTables, 'tables');
    if (elements > l.maxTableElements) throw limitError('maxTableElements', l.maxTableElements, `elements for a table of ${elements}`);
    this.tables++;
  }
}

const limitError = (key: string, max: number, what: string): RangeError =>
  new RangeError(`store limit exceeded: ${key} is ${max} (${what})`);
