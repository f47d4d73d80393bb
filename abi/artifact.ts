/**
 * The compiled artifact: everything the runtime needs to instantiate a guest
 * module compiled by winch. It is plain data (serializable).
 */
import type { Export, FuncType, GlobalType, Import, MemoryType, TableType } from './types.js';
import type { Tunables } from './tunables.js';

export interface GuestModuleMeta {
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  /** Type index of every function, imported ones first. */
  readonly funcTypes: readonly number[];
  readonly numImportedFuncs: number;
  readonly tables: readonly TableType[];
  readonly numImportedTables: number;
  readonly memories: readonly MemoryType[];
  readonly numImportedMemories: number;
  readonly globals: readonly GlobalType[];
  readonly numImportedGlobals: number;
  readonly exports: readonly Export[];
  readonly start: number | null;
  /** Custom sections in order (name section included). */
  readonly customSections: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  /** Module name and function names from the `name` section, if any. */
  readonly moduleName?: string;
  readonly funcNames: ReadonlyMap<number, string>;
  /**
   * Defined globals whose initializer `!init` computes (the host global is mutable even when the
   * guest's is not: the runtime exports an immutable copy of those). Absent: none.
   */
  readonly computedGlobals?: readonly number[];
}

/**
 * Maps host code positions back to guest positions for backtraces.
 * For host function `hostFunc`, `entries` is a flat sorted list of
 * [hostModuleOffset, guestModuleOffset] pairs recorded at every call and trap site.
 */
export interface OffsetMapEntry {
  readonly hostFunc: number;
  readonly guestFunc: number;
  readonly entries: Int32Array;
}

export interface CompiledArtifact {
  readonly hostBytes: Uint8Array<ArrayBuffer>;
  /**
   * Module name written into the host module's `name` section, unique per distinct
   * compilation (hash of guest bytes + tunables). Host engines print it in stack frames
   * (V8: `wasm://wasm/<name>-<hash>:wasm-function[i]:0x<offset>`), which is how the runtime
   * maps a host stack back to the artifact for guest backtraces.
   */
  readonly hostModuleName: string;
  readonly guest: GuestModuleMeta;
  readonly tunables: Tunables;
  /** Host function index of guest defined function number 0 (== numImportedFuncs + BUILTINS.length). */
  readonly hostDefinedFuncBase: number;
  readonly offsetMap: readonly OffsetMapEntry[];
  /** Size in bytes of the guest input. */
  readonly guestSize: number;
}
