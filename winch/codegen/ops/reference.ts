/**
 * Reference operators of Wasm 2.0: ref.null, ref.is_null, ref.func.
 */
import { isRefType, ValType } from '../../../abi/index.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { readRefType } from '../val-types.js';
import { UNKNOWN_TYPE } from '../value-stack.js';

/** `ref.null t`. */
export const compileRefNull = (c: FunctionCompiler): void => {
  const t = readRefType(c.r);
  c.materializeAll();
  c.code.refNull(t);
  c.vs.pushStack(t);
};

/** `ref.is_null`. */
export const compileRefIsNull = (c: FunctionCompiler): void => {
  c.materializeAll();
  c.pop(UNKNOWN_TYPE);
  const t = c.poppedType;
  if (t !== UNKNOWN_TYPE && !isRefType(t)) throw c.typeMismatch();
  c.code.refIsNull();
  c.vs.pushStack(ValType.i32);
};

/** `ref.func f`: f must be declared (exports, globals or element segments). */
export const compileRefFunc = (c: FunctionCompiler): void => {
  const f = c.r.u32();
  if (f >= c.ctx.numFuncs) throw c.invalid(`unknown function ${f}`);
  if (!c.ctx.info.declaredFuncRefs.has(f)) throw c.invalid('undeclared function reference');
  c.materializeAll();
  c.code.refFunc(c.ctx.hostFunc(f));
  c.vs.pushStack(ValType.funcref);
};
