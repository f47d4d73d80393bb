/** Link errors: unknown imports and incompatible kinds/types for every extern kind. */
import { describe, expect, it } from 'vitest';
import { Func, Global, Instance, LinkError, Memory, Table } from '../../../runtime/index.js';
import type { Extern } from '../../../runtime/index.js';
import { ValType } from '../../../abi/types.js';
import { limitsMatch } from '../../../runtime/link-check.js';
import { compileWat, setup } from './helpers.js';
import type { Setup } from './helpers.js';

const IMPORTS = `(module
  (import "m" "f" (func (param i32) (result i64)))
  (import "m" "t" (table 2 5 funcref))
  (import "m" "mem" (memory 1 3))
  (import "m" "g" (global (mut i32))))`;

const good = (s: Setup) => ({
  f: Func.fromJs(s.store, { params: [ValType.i32], results: [ValType.i64] }, () => 0n),
  t: Table.new(s.store, { elemType: ValType.funcref, limits: { min: 2, max: 5 } }),
  mem: Memory.new(s.store, { limits: { min: 1, max: 3 } }),
  g: Global.new(s.store, { type: ValType.i32, mutable: true }, 0),
});

const linkWith = (override: Record<string, Extern>): (() => Instance) => {
  const s = setup();
  const externs: Record<string, Extern> = { ...good(s), ...override };
  for (const [name, ext] of Object.entries(externs)) s.linker.define('m', name, ext);
  const m = compileWat(s, IMPORTS);
  return () => s.linker.instantiate(s.store, m);
};

const expectLinkError = (thunk: () => unknown, ...patterns: RegExp[]): void => {
  let err: unknown;
  try { thunk(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(LinkError);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
};

describe('link checks', () => {
  it('accepts matching imports', () => {
    expect(linkWith({})()).toBeInstanceOf(Instance);
  });

  it('unknown import names module and field', () => {
    const s = setup();
    expectLinkError(() => s.linker.instantiate(s.store, compileWat(s, IMPORTS)), /unknown import/, /`m`\.`f`/);
  });

  it('function: type must be equal', () => {
    const s = setup();
    const bad = Func.fromJs(s.store, { params: [ValType.i32], results: [ValType.i32] }, () => 0);
    expectLinkError(linkWith({ f: bad }), /incompatible import type/, /`m`\.`f`/, /expected func \[i32\] -> \[i64\]/, /got func \[i32\] -> \[i32\]/);
  });

  it('wrong kind', () => {
    const s = setup();
    expectLinkError(linkWith({ f: Global.new(s.store, { type: ValType.i32, mutable: false }, 1) }), /incompatible import type/, /not a function/);
    expectLinkError(linkWith({ mem: Table.new(s.store, { elemType: ValType.funcref, limits: { min: 1 } }) }), /incompatible import type/);
  });

  it('table: element type and limits', () => {
    const s = setup();
    const t = (elemType: number, min: number, max?: number) =>
      Table.new(s.store, { elemType, limits: max === undefined ? { min } : { min, max } });
    expectLinkError(linkWith({ t: t(ValType.externref, 2, 5) }), /incompatible import type/, /`m`\.`t`/, /expected table 2 5 funcref/, /got table 2 5 externref/);
    expectLinkError(linkWith({ t: t(ValType.funcref, 1, 5) }), /incompatible import type/);
    expectLinkError(linkWith({ t: t(ValType.funcref, 2) }), /incompatible import type/, /got table 2 funcref/);
    expectLinkError(linkWith({ t: t(ValType.funcref, 2, 6) }), /incompatible import type/);
    expect(linkWith({ t: t(ValType.funcref, 3, 4) })()).toBeInstanceOf(Instance);
  });

  it('memory: limits in pages (current size counts)', () => {
    const s = setup();
    const mem = (min: number, max?: number) => Memory.new(s.store, { limits: max === undefined ? { min } : { min, max } });
    expectLinkError(linkWith({ mem: mem(0, 3) }), /incompatible import type/, /expected memory 1 3/, /got memory 0 3/);
    expectLinkError(linkWith({ mem: mem(1) }), /incompatible import type/);
    expectLinkError(linkWith({ mem: mem(1, 4) }), /incompatible import type/);
    const grown = mem(0, 2);
    grown.grow(1);
    expect(linkWith({ mem: grown })()).toBeInstanceOf(Instance);
  });

  it('global: value type and mutability', () => {
    const s = setup();
    expectLinkError(linkWith({ g: Global.new(s.store, { type: ValType.i32, mutable: false }, 0) }), /incompatible import type/, /expected global \(mut i32\)/, /got global i32/);
    expectLinkError(linkWith({ g: Global.new(s.store, { type: ValType.i64, mutable: true }, 0n) }), /incompatible import type/);
  });

  it('Instance constructor checks the number of imports', () => {
    const s = setup();
    expectLinkError(() => new Instance(s.store, compileWat(s, IMPORTS), []), /expected 4 import/);
  });

  it('limitsMatch follows the spec', () => {
    expect(limitsMatch({ min: 2 }, { min: 1 })).toBe(true);
    expect(limitsMatch({ min: 2 }, { min: 1, max: 3 })).toBe(false);
    expect(limitsMatch({ min: 2, max: 3 }, { min: 1, max: 3 })).toBe(true);
    expect(limitsMatch({ min: 0, max: 3 }, { min: 1 })).toBe(false);
  });
});
