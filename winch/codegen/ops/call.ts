/**
 * call and call_indirect. call_indirect checks the index against table.size
 * (TableOutOfBounds) and the entry for null (IndirectCallToNull); the host checks the signature.
 */
import { TrapCode, ValType } from '../../../abi/index.js';
import { UnsupportedError } from '../../compile-error.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { EntryKind } from '../value-stack.js';
import { checkTable } from './table.js';

const I32 = ValType.i32;

/** `call f`: reloads the bound locals afterwards (the callee may grow memory). */
export const compileCall = (c: FunctionCompiler): void => {
  const f = c.r.u32();
  if (f >= c.ctx.numFuncs) throw c.invalid(`unknown function ${f}`);
  const type = c.ctx.types[c.ctx.info.funcs[f]!]!;
  c.materializeAll();
  c.popTypes(type.params);
  const inner = f >= c.ctx.numImportedFuncs;
  c.meter.beforeCall(inner);
  c.code.call(c.ctx.hostCallee(f));
  c.meter.afterCall(inner);
  c.pushTypes(type.results);
  c.reloadBounds();
};

/** `call_indirect`: index and null checks, then the host `call_indirect` (its signature check). */
export const compileCallIndirect = (c: FunctionCompiler): void => {
  const typeIndex = c.r.u32();
  const t = c.r.u32();
  const elemType = checkTable(c, t);
  if (typeIndex >= c.ctx.types.length) throw c.invalid(`unknown type ${typeIndex}`);
  if (elemType !== ValType.funcref) throw c.typeMismatch();
  const type = c.ctx.types[typeIndex]!;
  c.materializeBelow(1);
  const index = c.pop(I32);
  c.popTypes(type.params);
  const code = c.code;
  if (c.unreachable) {
    c.emitOperand(index);
  } else {
    // the index is needed up to three times: keep it lazy or in a scratch local
    const vs = c.vs;
    let s = -1;
    if (vs.kind[index] === EntryKind.stack) {
      s = c.locals.acquireScratch(I32);
      code.localSet(s);
      vs.kind[index] = EntryKind.local;
      vs.a[index] = s;
    }
    if (c.ctx.boundsChecks) {
      c.emitOperand(index);
      code.tableSize(t);
      code.i32GeU();
      code.trapIf(TrapCode.TableOutOfBounds);
    }
    c.emitOperand(index);
    code.tableGet(t);
    code.refIsNull();
    code.trapIf(TrapCode.IndirectCallToNull);
    c.emitOperand(index);
    if (s >= 0) c.locals.releaseScratch(I32, s);
  }
  c.meter.beforeCall(false);
  code.callIndirect(typeIndex, t);
  c.meter.afterCall(false);
  c.pushTypes(type.results);
  c.reloadBounds();
};

/** Requires the callee's results to be exactly the current function's (tail calls). */
const checkTailResults = (c: FunctionCompiler, results: readonly number[]): void => {
  const own = c.ctx.types[c.typeIndex]!.results;
  if (own.length !== results.length || own.some((t, i) => t !== results[i])) throw c.typeMismatch();
};

/**
 * return_call / return_call_indirect are validated but not compiled yet: the module
 * fails with UnsupportedError only if nothing else in it is invalid.
 */
export const compileReturnCall = (c: FunctionCompiler, indirect: boolean): void => {
  let type;
  if (indirect) {
    const typeIndex = c.r.u32();
    const t = c.r.u32();
    const elemType = checkTable(c, t);
    if (typeIndex >= c.ctx.types.length) throw c.invalid(`unknown type ${typeIndex}`);
    if (elemType !== ValType.funcref) throw c.typeMismatch();
    type = c.ctx.types[typeIndex]!;
    c.pop(I32);
  } else {
    const f = c.r.u32();
    if (f >= c.ctx.numFuncs) throw c.invalid(`unknown function ${f}`);
    type = c.ctx.types[c.ctx.info.funcs[f]!]!;
  }
  checkTailResults(c, type.results);
  c.popTypes(type.params);
  c.setUnreachable();
  c.deferUnsupported(new UnsupportedError(c.opOffset, 'tail calls'));
};
