/**
 * ModuleContext: per-module facts the function compiler needs (host index spaces,
 * builtins, memory minimums, helper globals for segment lengths). Built once per compile.
 */
import { BUILTINS, importedBuiltins, WASM_PAGE_SIZE, ValType } from '../../abi/index.js';
import type { Builtin, BuiltinName, Tunables, FuncType } from '../../abi/index.js';
import { CompileError } from '../compile-error.js';
import { HOST_LIMITS } from '../emit/host-limits.js';
import type { HostBlockType, HostCode } from './host-code.js';
import { isHostConstExpr } from '../emit/const-expr.js';
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
  /** Fuel metering is compiled in (tunable `fuel`). */
  readonly fuel: boolean;
  /** Call-depth checks are compiled in (tunable `callDepthChecks`). */
  readonly depthChecks: boolean;
  /** Epoch interruption is compiled in (tunable `epochInterruption`). */
  readonly epoch: boolean;
  /** The builtins the host module imports, in host index order. */
  readonly builtins: readonly Builtin[];
  /** Host function indices of the builtins (-1 when not imported). */
  readonly trapFunc: number;
  readonly memoryGrowFunc: number;
  readonly outOfFuelFunc: number;
  readonly epochDeadlineFunc: number;
  /** Host globals the runtime provides after the guest's imported ones: bounds, fuel, depth. */
  readonly numRuntimeGlobals: number;
  /**
   * Metering (fuel or depth checks) is compiled in: every defined function becomes an *inner*
   * host function taking the fuel counter (i64) and depth budget (i32) as extra params after the
   * guest's and returning the updated fuel counter as an extra result (direct calls pass them in
   * registers), plus an *outer* wrapper with the guest signature that exchanges them with the
   * store's globals (exports, tables, references, other instances and the host call it).
   */
  readonly metered: boolean;
  /** Host index of guest defined function 0 (its inner function when metered). */
  readonly hostDefinedFuncBase: number;
  /** Number of defined guest functions. */
  readonly numDefinedFuncs: number;
  /** Host index of the outer wrapper of defined function 0 (metered), else hostDefinedFuncBase. */
  readonly hostOuterFuncBase: number;
  /** Declared minimum size of each memory in bytes (the bound is never below it). */
  readonly memoryMinBytes: Float64Array;
  /**
   * Per memory: 1 when functions keep `bound - 1` as an i32 local (the memory has at least one
   * page, so `bound - 1` is in [0, 2^32 - 1] for every size up to 4 GiB) and check accesses ending
   * at most the minimum size with one i32 compare; 0: they keep the i64 bound (see ops/memory.ts).
   */
  readonly boundLastByte: Uint8Array;
  /**
   * Defined globals (guest indices, ascending) whose initializer the host engine cannot evaluate
   * (extended constant expressions, reads of defined globals): mutable host globals with a zero
   * placeholder that `!init` sets first. The runtime exports an immutable copy of immutable ones.
   */
  readonly computedGlobals: number[] = [];
  /** Per guest global: 1 when it is in `computedGlobals`. */
  private readonly computedGlobal: Uint8Array;
  /** Per element segment: 1 when `!init` stores its items itself (see `isComputedElem`). */
  private readonly computedElem: Uint8Array;
  /** Compiler-added globals, in host index order after the guest-defined globals. */
  readonly helperGlobals: SegmentLengthGlobal[] = [];
  private readonly dataLenGlobals = new Map<number, number>();
  private readonly elemLenGlobals = new Map<number, number>();
  /** Host types added after the guest's, the builtins' and `!init`'s: block types of host-only blocks. */
  readonly extraTypes: FuncType[] = [];
  private readonly blockTypes = new Map<string, number>();

  constructor(readonly info: ModuleInfo, readonly tunables: Tunables) {
    this.types = info.types;
    this.numImportedFuncs = info.numImportedFuncs;
    this.numFuncs = info.funcs.length;
    this.numImportedGlobals = info.numImportedGlobals;
    this.numMemories = info.memories.length;
    this.boundsChecks = tunables.boundsChecks;
    this.fuel = tunables.fuel;
    this.depthChecks = tunables.callDepthChecks;
    this.epoch = tunables.epochInterruption === true;
    this.builtins = importedBuiltins(tunables);
    this.trapFunc = this.builtinFunc('trap');
    this.memoryGrowFunc = this.builtinFunc('memory_grow');
    this.outOfFuelFunc = this.builtinFunc('out_of_fuel');
    this.epochDeadlineFunc = this.builtinFunc('epoch_deadline');
    this.metered = this.fuel || this.depthChecks;
    this.hostDefinedFuncBase = info.numImportedFuncs + this.builtins.length;
    this.numDefinedFuncs = info.funcs.length - info.numImportedFuncs;
    this.hostOuterFuncBase = this.hostDefinedFuncBase + (this.metered ? this.numDefinedFuncs : 0);
    this.numRuntimeGlobals = this.numMemories + (this.fuel ? 1 : 0) + (this.depthChecks ? 1 : 0) + (this.epoch ? 1 : 0);
    this.memoryMinBytes = new Float64Array(info.memories.map((m) => m.limits.min * WASM_PAGE_SIZE));
    this.boundLastByte = new Uint8Array(info.memories.map((m) => (m.limits.min >= 1 ? 1 : 0)));
    this.computedGlobal = new Uint8Array(info.globals.length);
    info.globalInits.forEach((init, i) => {
      if (isHostConstExpr(init, info.numImportedGlobals)) return;
      this.computedGlobals.push(info.numImportedGlobals + i);
      this.computedGlobal[info.numImportedGlobals + i] = 1;
    });
    this.computedElem = new Uint8Array(info.elems.map((s) =>
      (s.mode === 'active' && s.init.some((e) => !isHostConstExpr(e, info.numImportedGlobals)) ? 1 : 0)));
  }

  /** Host function index of builtin `name`, or -1 when the tunables do not import it. */
  private builtinFunc(name: BuiltinName): number {
    const k = this.builtins.findIndex((b) => b.name === name);
    return k < 0 ? -1 : this.numImportedFuncs + k;
  }

  /**
   * Host function index standing for guest function `f` everywhere but direct calls: exports,
   * `ref.func`, element segments (the outer wrapper of a defined function when metered).
   */
  hostFunc(f: number): number {
    return f < this.numImportedFuncs ? f : this.hostOuterFuncBase + (f - this.numImportedFuncs);
  }

  /** Host function index a direct `call f` targets (the inner function of a defined one when metered). */
  hostCallee(f: number): number {
    return f < this.numImportedFuncs ? f : this.hostDefinedFuncBase + (f - this.numImportedFuncs);
  }

  /** Host index of the `!init` function (after the defined functions and their wrappers). */
  get initFunc(): number {
    return this.hostOuterFuncBase + this.numDefinedFuncs;
  }

  /** Host-only params of inner functions, after the guest params: fuel counter, depth budget. */
  get meterParams(): readonly number[] {
    return (this.#meterParams ??= this.fuel
      ? (this.depthChecks ? [ValType.i64, ValType.i32] : [ValType.i64])
      : this.depthChecks ? [ValType.i32] : []);
  }
  #meterParams: readonly number[] | undefined;

  /** Host type index of the inner functions of guest type `t` (`t` itself when not metered). */
  innerType(t: number): number {
    if (!this.metered) return t;
    const ft = this.types[t]!;
    const extra = this.meterParams.length;
    if (ft.params.length + extra > HOST_LIMITS.maxFunctionParams || ft.results.length + 1 > HOST_LIMITS.maxFunctionResults) {
      throw new CompileError(0, `implementation limit: a function of type ${t} (${ft.params.length} params, ` +
        `${ft.results.length} results) leaves no room for the ${extra} metering params and 1 result`, 'invalid');
    }
    return this.blockTypeFor([...ft.params, ...this.meterParams], this.fuel ? [...ft.results, ValType.i64] : ft.results);
  }

  /** Host global index of guest global `g`. */
  hostGlobal(g: number): number {
    return g < this.numImportedGlobals ? g : g + this.numRuntimeGlobals;
  }

  /** Host global index of the store's i64 fuel counter (only with `fuel`). */
  get fuelGlobal(): number {
    return this.numImportedGlobals + this.numMemories;
  }

  /** Host global index of the store's i32 call-depth budget (only with `callDepthChecks`). */
  get depthGlobal(): number {
    return this.numImportedGlobals + this.numMemories + (this.fuel ? 1 : 0);
  }

  /** Host global index of the store's i32 armed epoch deadline (only with `epochInterruption`). */
  get epochDeadlineGlobal(): number {
    return this.numImportedGlobals + this.numMemories + (this.fuel ? 1 : 0) + (this.depthChecks ? 1 : 0);
  }

  /** Host memory index of the engine's shared epoch memory (only with `epochInterruption`): after the guest's. */
  get epochMemory(): number {
    return this.numMemories;
  }

  /**
   * A host block type `params -> results`: the empty or single value type when there are no
   * params, else the index of a matching type (a guest type when one matches, else an extra one).
   */
  blockTypeFor(params: readonly number[], results: readonly number[]): HostBlockType {
    if (params.length === 0 && results.length === 0) return -0x40;
    if (params.length === 0 && results.length === 1) return -results[0]!;
    const key = `${params.join(',')}>${results.join(',')}`;
    let t = this.blockTypes.get(key);
    if (t === undefined) {
      const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
      t = this.types.findIndex((ft) => same(ft.params, params) && same(ft.results, results));
      if (t < 0) {
        // after the guest types, one type per builtin and `!init`'s type (see emit/host-module.ts)
        t = this.types.length + this.builtinTypeCount + 1 + this.extraTypes.length;
        this.extraTypes.push({ params: [...params], results: [...results] });
      }
      this.blockTypes.set(key, t);
    }
    return t;
  }

  /** Host types written for builtins: one per BUILTINS entry, imported or not, so type indices do not depend on the tunables. */
  get builtinTypeCount(): number {
    return BUILTINS.length;
  }

  /**
   * Host global index of memory `m`'s size global: the i64 byte size ("bound"), or the i32
   * `size - 1` ("last") when `boundLastByte[m]`.
   */
  boundGlobal(m: number): number {
    return this.numImportedGlobals + m;
  }

  /** Emits memory `m`'s byte size as an i64, read from its size global. */
  emitBoundGlobal64(code: HostCode, m: number): void {
    code.globalGet(this.boundGlobal(m));
    if (this.boundLastByte[m]) {
      code.i64ExtendI32U();
      code.i64ConstNum(1);
      code.i64Add();
    }
  }

  /** Host index of the first compiler-added global. */
  get helperGlobalBase(): number {
    return this.info.globals.length + this.numRuntimeGlobals;
  }

  /**
   * Whether active element segment `seg` has an item the host engine cannot evaluate in a segment
   * (a read of a defined global): `!init` then evaluates and stores its items with `table.set`.
   */
  isComputedElem(seg: number): boolean {
    return this.computedElem[seg] === 1;
  }

  /** Whether guest global `g` is computed by `!init` (see `computedGlobals`). */
  isComputedGlobal(g: number): boolean {
    return this.computedGlobal[g] === 1;
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
