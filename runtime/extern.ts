/**
 * Extern: any importable/exportable runtime object, with kind and type helpers
 * used by linking and module reflection.
 */
import { formatFuncType, valTypeName } from '../abi/types.js';
import type { FuncType, GlobalType, Limits, MemoryType, TableType } from '../abi/types.js';
import { Func } from './func.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import { Table } from './table.js';

/** A function, memory, table or global handle. */
export type Extern = Func | Memory | Table | Global;

/** Kind names as the API reports them. */
export type ExternKindName = 'function' | 'table' | 'memory' | 'global';

/** An extern kind with its type. */
export type ExternType =
  | { readonly kind: 'function'; readonly type: FuncType }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType };

/** True for any of the four handle classes. */
export const isExtern = (v: unknown): v is Extern =>
  v instanceof Func || v instanceof Memory || v instanceof Table || v instanceof Global;

/** The kind of an extern. */
export const externKind = (e: Extern): ExternKindName =>
  e instanceof Func ? 'function' : e instanceof Memory ? 'memory' : e instanceof Table ? 'table' : 'global';

/** The current type of an extern (tables and memories report their current size as `min`). */
export const externType = (e: Extern): ExternType => {
  if (e instanceof Func) return { kind: 'function', type: e.type };
  if (e instanceof Memory) return { kind: 'memory', type: e.type };
  if (e instanceof Table) return { kind: 'table', type: e.type };
  return { kind: 'global', type: e.type };
};

const formatLimits = (l: Limits): string => (l.max === undefined ? `${l.min}` : `${l.min} ${l.max}`);

/** Text-format-like rendering, e.g. `func [i32] -> [i64]`, `memory 1 2`, `global (mut f32)`. */
export const formatExternType = (t: ExternType): string => {
  switch (t.kind) {
    case 'function': return `func ${formatFuncType(t.type)}`;
    case 'table': return `table ${formatLimits(t.type.limits)} ${valTypeName(t.type.elemType)}`;
    case 'memory': return `memory ${formatLimits(t.type.limits)}${t.type.shared ? ' shared' : ''}`;
    case 'global': {
      const v = valTypeName(t.type.type);
      return `global ${t.type.mutable ? `(mut ${v})` : v}`;
    }
  }
};
