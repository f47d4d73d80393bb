/**
 * The `spectest` host module (spectest-host.md), built with the runtime API: one fresh
 * set of externs per script, shared by every module of that script.
 */
import { ValType } from '../../../abi/types.js';
import type { FuncType } from '../../../abi/types.js';
import { Func, Global, Memory, Table } from '../../index.js';
import type { Extern, Linker, Store } from '../../index.js';

/** Name of the host module every spec script may import from. */
export const SPECTEST_MODULE = 'spectest';

const PRINTS: readonly [string, FuncType][] = [
  ['print', { params: [], results: [] }],
  ['print_i32', { params: [ValType.i32], results: [] }],
  ['print_i64', { params: [ValType.i64], results: [] }],
  ['print_f32', { params: [ValType.f32], results: [] }],
  ['print_f64', { params: [ValType.f64], results: [] }],
  ['print_i32_f32', { params: [ValType.i32, ValType.f32], results: [] }],
  ['print_f64_f64', { params: [ValType.f64, ValType.f64], results: [] }],
];

/** f32 666.6 rounded (bits 0x4426A666). */
const F32_666_6 = Math.fround(666.6);

/**
 * Creates the spectest externs in `store`. `print` receives each print call's arguments
 * (default: ignore them; no test checks the output).
 */
export const createSpectest = (
  store: Store,
  print: (name: string, args: unknown[]) => void = () => {},
): Map<string, Extern> => {
  const externs = new Map<string, Extern>();
  for (const [name, type] of PRINTS) {
    externs.set(name, Func.fromJs(store, type, (...args: unknown[]) => { print(name, args); }));
  }
  externs.set('global_i32', Global.new(store, { type: ValType.i32, mutable: false }, 666));
  externs.set('global_i64', Global.new(store, { type: ValType.i64, mutable: false }, 666n));
  externs.set('global_f32', Global.new(store, { type: ValType.f32, mutable: false }, F32_666_6));
  externs.set('global_f64', Global.new(store, { type: ValType.f64, mutable: false }, 666.6));
  externs.set('table', Table.new(store, { elemType: ValType.funcref, limits: { min: 10, max: 20 } }, null));
  externs.set('memory', Memory.new(store, { limits: { min: 1, max: 2 } }));
  return externs;
};

/** Defines every spectest extern in `linker` under module `spectest`. */
export const defineSpectest = (linker: Linker, store: Store): void => {
  for (const [name, ext] of createSpectest(store)) linker.define(SPECTEST_MODULE, name, ext);
};
