/**
 * Locals, globals and the parametric operators (drop, select). Local reads stay
 * lazy on the value stack; writes first spill lazy reads of the same local.
 */
import { isNumType, ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { readValType } from '../val-types.js';
import { UNKNOWN_TYPE } from '../value-stack.js';

/** Validates guest local `index` and returns its host local index. */
const hostLocal = (c: FunctionCompiler, index: number): number => {
  if (index >= c.locals.guestLocals) throw c.invalid(`unknown local ${index}`);
  return c.locals.hostIndex(index);
};

/** `local.get x`: pushes a lazy read. */
export const compileLocalGet = (c: FunctionCompiler): void => {
  const index = hostLocal(c, c.r.u32());
  c.pushLocal(c.locals.types[index]!, index);
};

/** Pops the value for host local `index`, spills lazy reads of it, and emits `local.set`. */
const setLocal = (c: FunctionCompiler, index: number): void => {
  const slot = c.pop(c.locals.types[index]!);
  if (c.isLazy(slot)) {
    const last = c.vs.highestLazyLocal(index);
    if (last >= 0) c.materializeThrough(last);
    c.emitOperand(slot);
  }
  c.code.localSet(index);
  c.facts.forget(index);
};

/** `local.set x`. */
export const compileLocalSet = (c: FunctionCompiler): void => {
  setLocal(c, hostLocal(c, c.r.u32()));
};

/** `local.tee x`: a `local.set` followed by a lazy read. */
export const compileLocalTee = (c: FunctionCompiler): void => {
  const index = hostLocal(c, c.r.u32());
  setLocal(c, index);
  c.pushLocal(c.locals.types[index]!, index);
};

const checkGlobal = (c: FunctionCompiler, index: number): void => {
  if (index >= c.ctx.info.globals.length) throw c.invalid(`unknown global ${index}`);
};

/** `global.get x` (host global index per abi/host-names). */
export const compileGlobalGet = (c: FunctionCompiler): void => {
  const index = c.r.u32();
  checkGlobal(c, index);
  c.materializeAll();
  c.code.globalGet(c.ctx.hostGlobal(index));
  c.vs.pushStack(c.ctx.info.globals[index]!.type);
};

/** `global.set x`. */
export const compileGlobalSet = (c: FunctionCompiler): void => {
  const index = c.r.u32();
  checkGlobal(c, index);
  const g = c.ctx.info.globals[index]!;
  if (!g.mutable) throw c.invalid(`immutable global ${index}`);
  const slot = c.pop(g.type);
  c.emitOperand(slot);
  c.code.globalSet(c.ctx.hostGlobal(index));
};

/** `drop`: a lazy operand costs nothing. */
export const compileDrop = (c: FunctionCompiler): void => {
  const slot = c.pop(UNKNOWN_TYPE);
  if (!c.isLazy(slot)) c.code.drop();
};

/** Untyped select takes numeric or vector operands only (references need `select t`). */
const selectable = (t: number): boolean => t === UNKNOWN_TYPE || isNumType(t) || t === ValType.v128;

/** Untyped `select`: both operands numeric (or unknown) and equal. */
export const compileSelect = (c: FunctionCompiler): void => {
  c.materializeAll();
  c.pop(ValType.i32);
  c.pop(UNKNOWN_TYPE);
  const t1 = c.poppedType;
  c.pop(UNKNOWN_TYPE);
  const t2 = c.poppedType;
  if (!selectable(t1) || !selectable(t2)) throw c.typeMismatch();
  if (t1 !== t2 && t1 !== UNKNOWN_TYPE && t2 !== UNKNOWN_TYPE) throw c.typeMismatch();
  c.code.select();
  c.vs.pushStack(t1 === UNKNOWN_TYPE ? t2 : t1);
};

/** Typed `select t`: exactly one result type. */
export const compileSelectT = (c: FunctionCompiler): void => {
  const n = c.r.u32();
  if (n !== 1) throw c.invalid('invalid result arity');
  const t = readValType(c.r);
  c.materializeAll();
  c.pop(ValType.i32);
  c.pop(t);
  c.pop(t);
  c.code.selectT(t);
  c.vs.pushStack(t);
};
