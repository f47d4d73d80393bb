/**
 * ModuleContext: per-module facts the function compiler needs (host index spaces,
 * builtins, memory minimums, helper globals for segment lengths). Built once per compile.
 */
import { BUILTINS, builtinIndex, WASM_PAGE_SIZE, ValType } from '../../abi/index.js';
import type { Tunables, FuncType } from '../../abi/index.js';
import type { ModuleInfo } from '../decode/module-info.js';

/** A host global the compiler adds: the live length of a guest segment (0 once dropped). */
export interface SegmentLengthGlobal {
  readonly segmentKind: 'data' | 'elem';
  readonly segment: number;
  readonly initialLength: number;
}

/** Everything shared by the compilation of all functions of one module. */
export class ModuleContext {
  readonly types: readonly FuncType[];
  readonly numImportedFuncs: number;
  readonly numFuncs: number;
  readonly numImportedGlobals: number;
  readonly numMemories: number;
  readonly boundsChecks: boolean;
  /** Host function indices of the builtins. */
  readonly trapFunc: number;
  readonly memoryGrowFunc: number;
  /** Host index of guest defined function 0. */
  readonly hostDefinedFuncBase: number;
  /** Declared minimum size of each memory in bytes (the bound is never below it). */
  readonly memoryMinBytes: Float64Array;
  /** Compiler-added globals, in host index order after the guest-defined globals. */
  readonly helperGlobals: SegmentLengthGlobal[] = [];
  private readonly dataLenGlobals = new Map<number, number>();
  private readonly elemLenGlobals = new Map<number, number>();

  constructor(readonly info: ModuleInfo, readonly tunables: Tunables) {
    this.types = info.types;
    this.numImportedFuncs = info.numImportedFuncs;
    this.numFuncs = info.funcs.length;
    this.numImportedGlobals = info.numImportedGlobals;
    this.numMemories = info.memories.length;
    this.boundsChecks = tunables.boundsChecks;
    this.trapFunc = info.numImportedFuncs + builtinIndex('trap');
    this.memoryGrowFunc = info.numImportedFuncs + builtinIndex('memory_grow');
    this.hostDefinedFuncBase = info.numImportedFuncs + BUILTINS.length;
    this.memoryMinBytes = new Float64Array(info.memories.map((m) => m.limits.min * WASM_PAGE_SIZE));
  }

  /** Host function index of guest function `f`. */
  hostFunc(f: number): number {
    return f < this.numImportedFuncs ? f : f + BUILTINS.length;
  }

  /** Host global index of guest global `g`. */
  hostGlobal(g: number): number {
    return g < this.numImportedGlobals ? g : g + this.numMemories;
  }

  /** Host global index of the i64 byte-size ("bound") global of memory `m`. */
  boundGlobal(m: number): number {
    return this.numImportedGlobals + m;
  }

  /** Host index of the first compiler-added global. */
  get helperGlobalBase(): number {
    return this.info.globals.length + this.numMemories;
  }

  /** Whether data segment `seg` is passive (so its live length changes at run time). */
  isPassiveData(seg: number): boolean {
    return this.info.datas[seg]?.mode === 'passive';
  }

  isPassiveElem(seg: number): boolean {
    return this.info.elems[seg]?.mode === 'passive';
  }

  /** Host global holding the live length of passive data segment `seg` (created on first use). */
  dataLengthGlobal(seg: number): number {
    let g = this.dataLenGlobals.get(seg);
    if (g === undefined) {
      g = this.helperGlobalBase + this.helperGlobals.length;
      this.helperGlobals.push({ segmentKind: 'data', segment: seg, initialLength: this.info.datas[seg]!.bytes.length });
      this.dataLenGlobals.set(seg, g);
    }
    return g;
  }

  /** Host global holding the live length of passive element segment `seg` (created on first use). */
  elemLengthGlobal(seg: number): number {
    let g = this.elemLenGlobals.get(seg);
    if (g === undefined) {
      g = this.helperGlobalBase + this.helperGlobals.length;
      this.helperGlobals.push({ segmentKind: 'elem', segment: seg, initialLength: this.info.elems[seg]!.init.length });
      this.elemLenGlobals.set(seg, g);
    }
    return g;
  }

  /** Element type of table `t`. */
  tableElemType(t: number): number {
    return this.info.tables[t]?.elemType ?? ValType.funcref;
  }
}
