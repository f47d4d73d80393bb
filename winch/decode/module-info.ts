/**
 * ModuleInfo: the decoded guest module minus function bodies, which are kept as
 * byte ranges and compiled one at a time in a single pass (decode, validate, emit).
 */
import type { Export, FuncType, GlobalType, Import, MemoryType, TableType, ValType } from '../../abi/index.js';

/** One instruction of a constant expression (Wasm 2.0 plus extended-const). */
export type ConstOp =
  | { readonly op: 'i32.const'; readonly value: number }
  | { readonly op: 'i64.const'; readonly value: bigint }
  | { readonly op: 'f32.const'; readonly bits: number }
  | { readonly op: 'f64.const'; readonly bits: bigint }
  | { readonly op: 'v128.const'; readonly bytes: Uint8Array }
  | { readonly op: 'ref.null'; readonly type: ValType }
  | { readonly op: 'ref.func'; readonly index: number }
  | { readonly op: 'global.get'; readonly index: number }
  | { readonly op: 'i32.add' | 'i32.sub' | 'i32.mul' | 'i64.add' | 'i64.sub' | 'i64.mul' };

export interface ConstExpr {
  /** Byte offset of the first instruction in the guest binary. */
  readonly offset: number;
  readonly ops: readonly ConstOp[];
}

export type ElemMode = 'active' | 'passive' | 'declarative';
export interface ElemSegment {
  readonly mode: ElemMode;
  /** Table index (active only; 0 otherwise). */
  readonly table: number;
  readonly offset: ConstExpr | null;
  readonly elemType: ValType;
  /** One constant expression per element (function-index form is turned into `ref.func`). */
  readonly init: readonly ConstExpr[];
}

export interface DataSegment {
  readonly mode: 'active' | 'passive';
  readonly memory: number;
  readonly offset: ConstExpr | null;
  readonly bytes: Uint8Array;
}

export interface FunctionBody {
  /** Offset of the body's first byte (its locals vector) in the guest binary. */
  readonly offset: number;
  /** Offset one past the body's last byte (after its `end`). */
  readonly end: number;
}

export interface ModuleInfo {
  readonly bytes: Uint8Array;
  readonly types: FuncType[];
  readonly imports: Import[];
  /** Type index per function, imported first. */
  readonly funcs: number[];
  numImportedFuncs: number;
  readonly tables: TableType[];
  numImportedTables: number;
  readonly memories: MemoryType[];
  numImportedMemories: number;
  readonly globals: GlobalType[];
  numImportedGlobals: number;
  /** Initializers of defined globals (index i - numImportedGlobals). */
  readonly globalInits: ConstExpr[];
  readonly exports: Export[];
  start: number | null;
  readonly elems: ElemSegment[];
  readonly datas: DataSegment[];
  /** Value of the data count section, or null when absent. */
  dataCount: number | null;
  readonly bodies: FunctionBody[];
  readonly customSections: { name: string; bytes: Uint8Array }[];
  moduleName?: string;
  readonly funcNames: Map<number, string>;
  /**
   * Functions that may be referenced by `ref.func` in code (spec C.refs):
   * those named in exports, global initializers and element segments.
   */
  readonly declaredFuncRefs: Set<number>;
}
