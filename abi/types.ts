/**
 * Guest-visible type vocabulary shared by compiler and runtime: value types,
 * function/table/memory/global types and import/export descriptors.
 * Value types are their binary encodings (one byte) so they compare with `===`.
 */

/** Value types by binary code. Reference types of later proposals extend this. */
export const ValType = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
} as const;
export type ValType = number;

export const valTypeName = (t: ValType): string => {
  switch (t) {
    case ValType.i32: return 'i32';
    case ValType.i64: return 'i64';
    case ValType.f32: return 'f32';
    case ValType.f64: return 'f64';
    case ValType.v128: return 'v128';
    case ValType.funcref: return 'funcref';
    case ValType.externref: return 'externref';
    default: return `type(0x${t.toString(16)})`;
  }
};

export const isRefType = (t: ValType): boolean => t === ValType.funcref || t === ValType.externref;
export const isNumType = (t: ValType): boolean => t === ValType.i32 || t === ValType.i64 || t === ValType.f32 || t === ValType.f64;

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface Limits {
  readonly min: number;
  /** Absent when the guest declared no maximum. */
  readonly max?: number;
}

export interface TableType { readonly elemType: ValType; readonly limits: Limits; }
export interface MemoryType { readonly limits: Limits; readonly shared?: boolean; }
export interface GlobalType { readonly type: ValType; readonly mutable: boolean; }

export const ExternKind = { func: 0, table: 1, memory: 2, global: 3 } as const;
export type ExternKind = (typeof ExternKind)[keyof typeof ExternKind];
export const externKindName = (k: ExternKind): 'function' | 'table' | 'memory' | 'global' =>
  (['function', 'table', 'memory', 'global'] as const)[k];

export type ImportDesc =
  | { readonly kind: typeof ExternKind.func; readonly typeIndex: number }
  | { readonly kind: typeof ExternKind.table; readonly type: TableType }
  | { readonly kind: typeof ExternKind.memory; readonly type: MemoryType }
  | { readonly kind: typeof ExternKind.global; readonly type: GlobalType };

export interface Import { readonly module: string; readonly name: string; readonly desc: ImportDesc; }
export interface Export { readonly name: string; readonly kind: ExternKind; readonly index: number; }

export const funcTypeEquals = (a: FuncType, b: FuncType): boolean =>
  a.params.length === b.params.length && a.results.length === b.results.length &&
  a.params.every((t, i) => t === b.params[i]) && a.results.every((t, i) => t === b.results[i]);

export const formatFuncType = (t: FuncType): string =>
  `[${t.params.map(valTypeName).join(' ')}] -> [${t.results.map(valTypeName).join(' ')}]`;
