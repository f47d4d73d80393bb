/**
 * Control operators: block/loop/if/else/end, br/br_if/br_table, return, unreachable.
 * Every one materializes the lazy value stack; dead code is rewound at else/end.
 */
import { TrapCode } from '../../../abi/index.js';
import { CompileError } from '../../compile-error.js';
import { DecodeMsg } from '../../decode/reader.js';
import { HOST_LIMITS } from '../../emit/host-limits.js';
import { FrameKind } from '../control-stack.js';
import type { FunctionCompiler } from '../function-compiler.js';
import { readBlockType } from '../val-types.js';
import { ValType } from '../../../abi/index.js';

/** Reads the block type and opens a frame; a loop's metering may open host-only blocks around it first. */
const openFrame = (c: FunctionCompiler, kind: FrameKind): number => {
  const bt = readBlockType(c.r, c.ctx.types.length);
  c.materializeAll();
  if (kind === FrameKind.if) c.pop(ValType.i32);
  c.popParams(bt);
  const height = c.vs.height;
  c.pushParams(bt);
  c.cs.push(kind, bt, height, kind === FrameKind.loop ? c.meter.openLoop(bt) : 0);
  return bt;
};

/** `block bt`: opens a frame (params stay on the stack). */
export const compileBlock = (c: FunctionCompiler): void => {
  c.code.block(openFrame(c, FrameKind.block));
};

/** `loop bt`: opens a frame whose label carries its params. */
export const compileLoop = (c: FunctionCompiler): void => {
  const bt = openFrame(c, FrameKind.loop);
  c.code.loop(bt);
  c.meter.loopHeader(c.cs.depth - 1);
  c.facts.forgetAll(); // back edges join here
};

/** `if bt`: pops the condition and opens a frame. */
export const compileIf = (c: FunctionCompiler): void => {
  const bt = openFrame(c, FrameKind.if);
  c.meter.flushBeforeBranch();
  c.code.if(bt);
};

/** Checks the frame's results are exactly what is left on the stack. */
const popFrameResults = (c: FunctionCompiler, top: number): void => {
  c.materializeAll();
  c.popResults(c.cs.blockType[top]!);
  if (c.vs.height !== c.cs.height[top]) throw c.typeMismatch();
};

/** `else`: checks the then-arm results, discards its dead code, re-pushes the params. */
export const compileElse = (c: FunctionCompiler): void => {
  const cs = c.cs;
  const top = cs.depth - 1;
  if (cs.kind[top] !== FrameKind.if) throw c.malformed('else without matching if');
  popFrameResults(c, top);
  if (cs.unreachable[top]) c.code.truncate(cs.deadPos[top]!);
  else c.meter.flush();
  c.code.else();
  c.facts.forgetAll(); // the else arm is not dominated by the then arm
  cs.kind[top] = FrameKind.else;
  cs.unreachable[top] = 0;
  c.pushParams(cs.blockType[top]!);
};

/** `end`: checks the frame results, discards its dead code, closes the frame. */
export const compileEnd = (c: FunctionCompiler): void => {
  const cs = c.cs;
  const top = cs.depth - 1;
  const bt = cs.blockType[top]!;
  popFrameResults(c, top);
  if (cs.kind[top] === FrameKind.if) {
    // an `if` without `else` behaves as if the else arm were empty: params must equal results
    const n = c.paramCount(bt);
    if (n !== c.resultCount(bt)) throw c.typeMismatch();
    for (let i = 0; i < n; i++) if (c.paramType(bt, i) !== c.resultType(bt, i)) throw c.typeMismatch();
  }
  if (cs.unreachable[top]) c.code.truncate(cs.deadPos[top]!);
  else c.meter.flush();
  if (top === 0) c.meter.endFunction();
  c.code.end();
  c.facts.forgetAll(); // branches to the label join here
  if (c.meter.isFuelLoop(top)) c.meter.closeLoop(top);
  cs.depth = top;
  if (top > 0) c.pushResults(bt);
};

const checkLabel = (c: FunctionCompiler, depth: number): number => {
  if (depth >= c.cs.depth) throw c.invalid(`unknown label ${depth}`);
  return c.cs.depth - 1 - depth;
};

/** `br l`. */
export const compileBr = (c: FunctionCompiler): void => {
  const depth = c.r.u32();
  const f = checkLabel(c, depth);
  c.materializeAll();
  c.popLabel(f);
  c.meter.flush();
  if (c.meter.isFuelLoop(f)) c.meter.backEdge(c.cs.hostDepth(depth));
  else c.code.br(c.cs.hostDepth(depth));
  c.setUnreachable();
};

/** `br_if l`. */
export const compileBrIf = (c: FunctionCompiler): void => {
  const depth = c.r.u32();
  const f = checkLabel(c, depth);
  c.materializeAll();
  c.pop(ValType.i32);
  c.popLabel(f);
  c.pushLabel(f);
  c.meter.flushBeforeBranch();
  // folding the check into a conditional back edge costs more than the header check it saves
  if (c.meter.isFuelLoop(f)) c.meter.keepHeaderCheck(f);
  c.code.brIf(c.cs.hostDepth(depth));
};

/** Operand types popped for one br_table target (reused). */
let poppedTypes = new Uint8Array(16);

/** `br_table l* l`: every target must take the same number of values. */
export const compileBrTable = (c: FunctionCompiler): void => {
  const r = c.r;
  const count = r.u32();
  if (count > r.end - r.pos) throw c.malformed(DecodeMsg.unexpectedEnd, r.end);
  if (c.brTargets.length < count) c.brTargets = new Int32Array(count);
  const targets = c.brTargets;
  for (let i = 0; i < count; i++) targets[i] = r.u32();
  const defaultDepth = r.u32();
  c.materializeAll();
  c.pop(ValType.i32);
  const fd = checkLabel(c, defaultDepth);
  const arity = c.labelArity(fd);
  if (poppedTypes.length < arity) poppedTypes = new Uint8Array(arity);
  const popped = poppedTypes;
  for (let i = 0; i < count; i++) {
    const f = checkLabel(c, targets[i]!);
    if (c.labelArity(f) !== arity) throw c.typeMismatch();
    // push back what was popped (the bottom type stays bottom in unreachable code)
    for (let k = arity - 1; k >= 0; k--) {
      c.pop(c.labelType(f, k));
      popped[k] = c.poppedType;
    }
    for (let k = 0; k < arity; k++) c.vs.pushStack(popped[k]!);
  }
  c.popLabel(fd);
  for (let i = 0; i <= count; i++) {
    const f = c.cs.depth - 1 - (i < count ? targets[i]! : defaultDepth);
    if (c.meter.isFuelLoop(f)) c.meter.keepHeaderCheck(f);
  }
  if (count > HOST_LIMITS.maxBrTableSize) {
    throw new CompileError(c.opOffset, `implementation limit: br_table with ${count} targets (max ${HOST_LIMITS.maxBrTableSize})`, 'invalid');
  }
  c.meter.flush();
  const cs = c.cs;
  if (cs.hostLevel[cs.depth - 1] !== cs.depth - 1) {
    // host-only blocks sit between some frames: translate every target
    for (let i = 0; i < count; i++) targets[i] = cs.hostDepth(targets[i]!);
    c.code.brTable(targets, count, cs.hostDepth(defaultDepth));
  } else {
    c.code.brTable(targets, count, defaultDepth);
  }
  c.setUnreachable();
};

/** `return`. */
export const compileReturn = (c: FunctionCompiler): void => {
  c.materializeAll();
  c.popTypes(c.ctx.types[c.typeIndex]!.results);
  if (c.meter.active) {
    // exits go through the end of the body block, where fuel and depth are given back
    c.meter.flush();
    c.code.br(c.cs.hostDepth(c.cs.depth - 1));
  } else {
    c.code.return();
  }
  c.setUnreachable();
};

/** `unreachable`: traps UnreachableCodeReached. */
export const compileUnreachable = (c: FunctionCompiler): void => {
  c.code.trap(TrapCode.UnreachableCodeReached);
  c.setUnreachable();
};
