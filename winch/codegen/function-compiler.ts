/**
 * FunctionCompiler: compiles one guest function body in a single pass (decode an
 * operator, validate it, emit host code). Holds the shared state the op families use.
 */
import { ValType } from '../../abi/index.js';
import { CompileError, UnsupportedError } from '../compile-error.js';
import { DecodeMsg } from '../decode/reader.js';
import { ByteWriter } from '../emit/wasm-writer.js';
import { HOST_LIMITS } from '../emit/host-limits.js';
import { CheckFacts } from './check-facts.js';
import { takeCodeBuffers } from './code-buffers.js';
import { ControlStack, FrameKind } from './control-stack.js';
import { compileOperator } from './dispatch.js';
import { HostCode, type BodyRange } from './host-code.js';
import { FunctionLocals } from './locals.js';
import { Metering } from './metering.js';
import type { ModuleContext } from './module-context.js';
import { OpReader } from './op-reader.js';
import { Op } from './opcodes.js';
import { EntryKind, UNKNOWN_TYPE, ValueStack } from './value-stack.js';

/** Longest run of lazy entries before they are materialized (bounds local.set scans). */
const MAX_LAZY = 32;

/** One compiled host function body, in the shared HostCode buffer. */
export interface CompiledBody extends BodyRange {
  readonly guestFunc: number;
}

/** Writes `block bt` into a function header. */
const writeBlock = (w: ByteWriter, bt: number): void => {
  w.u8(Op.block);
  if (bt >= 0) w.s32(bt);
  else w.u8(-bt);
};

/** The single-pass compiler of function bodies; one instance per module compile. */
export class FunctionCompiler {
  readonly vs = new ValueStack();
  readonly cs = new ControlStack();
  readonly r = new OpReader();
  readonly code: HostCode;
  /** Offset of the operator being compiled. */
  opOffset = 0;
  /** Type popped by the last `pop()`. */
  poppedType = 0;
  /** Scratch for br_table targets. */
  brTargets = new Int32Array(64);

  /** Host locals: guest params and locals, then compiler extras. */
  readonly locals: FunctionLocals;
  /** Bounds checks already made for guest locals' current values (redundant-check elimination). */
  readonly facts = new CheckFacts();
  /** Fuel and call-depth lowering (abi tunables `fuel`, `callDepthChecks`). */
  readonly meter = new Metering(this);

  funcIndex = 0;
  typeIndex = 0;
  /**
   * First use of a feature that is validated but not compiled yet. The module compile
   * throws it at the end, so that invalid modules still get their CompileError.
   */
  pendingUnsupported: UnsupportedError | null = null;

  /** Local declarations and prologue of the body being finished (reused). */
  private readonly header = new ByteWriter(256);

  constructor(readonly ctx: ModuleContext) {
    let codeBytes = 0;
    for (const b of ctx.info.bodies) codeBytes += b.end - b.offset;
    this.code = new HostCode(ctx.trapFunc, takeCodeBuffers(2 * codeBytes + 65536));
    this.locals = new FunctionLocals(ctx.numMemories, ctx.boundLastByte);
  }

  // ---- errors ---------------------------------------------------------------------------
  /** An 'invalid' CompileError at the current operator. */
  invalid(reason: string): CompileError {
    return new CompileError(this.opOffset, reason, 'invalid');
  }
  typeMismatch(): CompileError {
    return this.invalid('type mismatch');
  }
  malformed(reason: string, offset = this.opOffset): CompileError {
    return new CompileError(offset, reason, 'malformed');
  }

  /** Records an unsupported feature (see `pendingUnsupported`); compilation goes on. */
  deferUnsupported(e: UnsupportedError): void {
    this.pendingUnsupported ??= e;
  }

  // ---- function ------------------------------------------------------------------------
  /** Compiles defined guest function `funcIndex`. */
  compile(funcIndex: number): CompiledBody {
    const ctx = this.ctx;
    const info = ctx.info;
    const body = info.bodies[funcIndex - ctx.numImportedFuncs]!;
    this.funcIndex = funcIndex;
    this.typeIndex = info.funcs[funcIndex]!;
    const r = this.r;
    r.reset(info.bytes, body.offset, body.end);
    this.opOffset = body.offset;
    const type = ctx.types[this.typeIndex]!;
    this.locals.decode(r, type.params, ctx.meterParams);
    this.facts.reset(this.locals.numGuest);
    ctx.innerType(this.typeIndex); // registers the inner function's host type before the type section is written

    const code = this.code;
    code.beginBody(true);
    this.vs.reset();
    this.cs.reset();
    this.cs.push(FrameKind.function, this.typeIndex, 0);
    code.guestOffset = body.offset;
    const meter = this.meter;
    meter.begin(type.params.length, this.locals.slotCount, type.results);
    const metered = ctx.fuel;

    const cs = this.cs;
    const bytes = r.bytes;
    while (cs.depth > 0) {
      if (r.pos >= r.end) throw this.bodyExhausted();
      const start = r.pos;
      this.opOffset = start;
      code.guestOffset = start;
      r.pos = start + 1;
      const op = bytes[start]!;
      if (metered && cs.unreachable[cs.depth - 1] === 0) meter.charge(op);
      compileOperator(this, op);
    }
    if (r.pos !== r.end) throw this.malformed('section size mismatch', r.pos);
    return this.finish(body.offset);
  }

  /**
   * The body ended before its final `end`. The reference decoder reads on past the body,
   * so its message depends on what follows; mirror it (the error kind is the same).
   */
  private bodyExhausted(): CompileError {
    const end = this.r.end;
    const bytes = this.r.bytes;
    if (end >= bytes.length) return this.malformed(DecodeMsg.unexpectedEnd, end);
    if (bytes[end] === Op.end) return this.malformed('section size mismatch', end);
    return this.malformed('END opcode expected', end);
  }

  /**
   * Reloads the bound locals after anything that may grow a memory (calls, memory.grow), and the
   * epoch deadline local (host code run by a call may have set a new deadline).
   */
  reloadBounds(): void {
    this.meter.reloadDeadline();
    if (!this.ctx.boundsChecks) return;
    const code = this.code;
    for (let m = 0; m < this.ctx.numMemories; m++) this.loadBound(code, m);
  }

  /** Writes the load of memory `m`'s bound local from its global (i64 `bound`, or i32 `last`). */
  private loadBound(w: ByteWriter, m: number): void {
    w.u8(Op.globalGet);
    w.u32(this.ctx.boundGlobal(m));
    w.u8(Op.localSet);
    w.u32(this.locals.boundLocalOf(m));
  }

  private finish(bodyOffset: number): CompiledBody {
    const locals = this.locals;
    const header = this.header;
    const code = this.code;
    if (code.nest !== -1) throw new Error(`internal error: unbalanced host blocks (${code.nest + 1}) in function ${this.funcIndex}`);
    header.reset();
    locals.writeDeclarations(header);
    for (let m = 0; m < this.ctx.numMemories; m++) if (locals.isBoundRead(m)) this.loadBound(header, m);
    if (code.padCodes.length > 0) this.openTrapPads(header);
    const size = header.pos + this.code.bodyCodeSize;
    if (locals.count > HOST_LIMITS.maxFunctionLocals) {
      throw new CompileError(bodyOffset, `implementation limit: too many host locals (${locals.count})`, 'invalid');
    }
    if (size > HOST_LIMITS.maxFunctionSize) {
      throw new CompileError(bodyOffset, `implementation limit: host function body too large (${size} bytes)`, 'invalid');
    }
    const range = this.code.endBody(header);
    return { guestFunc: this.funcIndex, start: range.start, end: range.end, siteStart: range.siteStart, siteEnd: range.siteEnd };
  }

  /**
   * The body used trap pads: opens their blocks (outermost pad first) and the block standing for
   * the function frame in the prologue, and appends the pads after the body (its final `end`
   * closed that block). A pad block's values are the trap's guest offset and, with fuel, the
   * pending fuel.
   */
  private openTrapPads(header: ByteWriter): void {
    const ctx = this.ctx;
    const fuelLocal = this.meter.fuelLocal;
    const padType = ctx.blockTypeFor([], fuelLocal >= 0 ? [ValType.i32, ValType.i64] : [ValType.i32]);
    const results = ctx.types[this.typeIndex]!.results;
    const bodyType = ctx.blockTypeFor([], ctx.fuel && ctx.metered ? [...results, ValType.i64] : results);
    for (let k = this.code.padCodes.length - 1; k >= 0; k--) writeBlock(header, padType);
    writeBlock(header, bodyType);
    this.code.writeTrapPads(fuelLocal, ctx.fuelGlobal);
  }

  // ---- value stack ---------------------------------------------------------------------
  /**
   * Pops an operand of type `expected` (UNKNOWN_TYPE accepts any) per the validation
   * algorithm. Returns its slot (readable until the next push) or -1 for the polymorphic
   * bottom of unreachable code. Sets `poppedType`.
   */
  pop(expected: number): number {
    const vs = this.vs;
    const cs = this.cs;
    const top = cs.depth - 1;
    const h = vs.height;
    if (h === cs.height[top]) {
      if (cs.unreachable[top]) {
        this.poppedType = UNKNOWN_TYPE;
        return -1;
      }
      throw this.typeMismatch();
    }
    const i = h - 1;
    const t = vs.type[i]!;
    if (t !== expected && expected !== UNKNOWN_TYPE && t !== UNKNOWN_TYPE) throw this.typeMismatch();
    vs.height = i;
    if (vs.firstLazy > i) vs.firstLazy = i;
    this.poppedType = t;
    return i;
  }

  /** Pops values of `types` (last first). */
  popTypes(types: readonly number[]): void {
    for (let i = types.length - 1; i >= 0; i--) this.pop(types[i]!);
  }

  /** Pushes values of `types` that are on the host stack. */
  pushTypes(types: readonly number[]): void {
    for (let i = 0; i < types.length; i++) this.vs.pushStack(types[i]!);
  }

  pushConst(type: number, lo: number, hi: number): void {
    const vs = this.vs;
    if (vs.height - vs.firstLazy >= MAX_LAZY) this.materializeAll();
    vs.pushConst(type, lo, hi);
  }

  pushLocal(type: number, index: number): void {
    const vs = this.vs;
    if (vs.height - vs.firstLazy >= MAX_LAZY) this.materializeAll();
    vs.pushLocal(type, index);
  }

  /** Emits the value of slot `i` if it is lazy (a slot on the host stack emits nothing). */
  emitOperand(i: number): void {
    if (i < 0) return;
    const vs = this.vs;
    const k = vs.kind[i];
    if (k === EntryKind.local) {
      this.code.localGet(vs.a[i]!);
    } else if (k === EntryKind.const) {
      const code = this.code;
      switch (vs.type[i]) {
        case ValType.i32: code.i32Const(vs.a[i]!); break;
        case ValType.i64: code.i64Const(vs.a[i]!, vs.b[i]!); break;
        case ValType.f32: code.f32Const(vs.a[i]!); break;
        case ValType.f64: code.f64Const(vs.a[i]!, vs.b[i]!); break;
        case ValType.v128: code.v128Const(vs.v128, 4 * i); break;
        default: break;
      }
    }
  }

  /** Whether slot `i` is a lazy entry (constant or local), i.e. can be emitted again. */
  isLazy(i: number): boolean {
    return i >= 0 && this.vs.kind[i] !== EntryKind.stack;
  }

  /** Puts every lazy entry on the host stack. */
  materializeAll(): void {
    const vs = this.vs;
    for (let i = vs.firstLazy; i < vs.height; i++) {
      this.emitOperand(i);
      vs.kind[i] = EntryKind.stack;
    }
    vs.firstLazy = vs.height;
  }

  /** Puts every lazy entry except the top `n` on the host stack. */
  materializeBelow(n: number): void {
    const vs = this.vs;
    const limit = vs.height - n;
    if (vs.firstLazy >= limit) return;
    for (let i = vs.firstLazy; i < limit; i++) {
      this.emitOperand(i);
      vs.kind[i] = EntryKind.stack;
    }
    vs.firstLazy = limit;
  }

  /** Materializes lazy entries up to and including slot `last`. */
  materializeThrough(last: number): void {
    const vs = this.vs;
    for (let i = vs.firstLazy; i <= last; i++) {
      this.emitOperand(i);
      vs.kind[i] = EntryKind.stack;
    }
    if (vs.firstLazy <= last) vs.firstLazy = last + 1;
  }

  /**
   * Makes popped slots [base, base+n) re-emittable: values on the host stack move into
   * scratch locals (top first). Call `releaseBound` afterwards.
   */
  bindPopped(base: number, n: number): void {
    const vs = this.vs;
    for (let i = base + n - 1; i >= base; i--) {
      if (vs.kind[i] === EntryKind.stack) {
        const t = vs.type[i]!;
        const s = this.locals.acquireScratch(t);
        this.code.localSet(s);
        vs.kind[i] = EntryKind.local;
        vs.a[i] = s;
      }
    }
  }

  /** Releases the scratch locals `bindPopped` took for slots [base, base+n). */
  releaseBound(base: number, n: number): void {
    const vs = this.vs;
    for (let i = base; i < base + n; i++) {
      if (vs.kind[i] === EntryKind.local) this.locals.releaseIfScratch(vs.type[i]!, vs.a[i]!);
    }
  }

  // ---- control helpers -----------------------------------------------------------------
  /** True when the innermost frame's remaining code is dead (emission is discarded). */
  get unreachable(): boolean {
    return this.cs.unreachable[this.cs.depth - 1] !== 0;
  }

  /** Marks the rest of the innermost frame dead: drops its operands and remembers where. */
  setUnreachable(): void {
    const cs = this.cs;
    const top = cs.depth - 1;
    this.vs.truncate(cs.height[top]!);
    if (!cs.unreachable[top]) {
      cs.unreachable[top] = 1;
      cs.deadPos[top] = this.code.pos;
    }
    // whatever led here (a branch, a return or a trap) accounted for the pending fuel
    this.meter.pending = 0;
  }

  paramCount(bt: number): number {
    return bt >= 0 ? this.ctx.types[bt]!.params.length : 0;
  }
  paramType(bt: number, i: number): number {
    return this.ctx.types[bt]!.params[i]!;
  }
  resultCount(bt: number): number {
    return bt >= 0 ? this.ctx.types[bt]!.results.length : bt === -0x40 ? 0 : 1;
  }
  resultType(bt: number, i: number): number {
    return bt >= 0 ? this.ctx.types[bt]!.results[i]! : -bt;
  }

  /** Number of values a branch to frame `f` carries. */
  labelArity(f: number): number {
    const bt = this.cs.blockType[f]!;
    return this.cs.kind[f] === FrameKind.loop ? this.paramCount(bt) : this.resultCount(bt);
  }
  labelType(f: number, i: number): number {
    const bt = this.cs.blockType[f]!;
    return this.cs.kind[f] === FrameKind.loop ? this.paramType(bt, i) : this.resultType(bt, i);
  }

  popLabel(f: number): void {
    for (let i = this.labelArity(f) - 1; i >= 0; i--) this.pop(this.labelType(f, i));
  }
  pushLabel(f: number): void {
    const n = this.labelArity(f);
    for (let i = 0; i < n; i++) this.vs.pushStack(this.labelType(f, i));
  }
  popParams(bt: number): void {
    for (let i = this.paramCount(bt) - 1; i >= 0; i--) this.pop(this.paramType(bt, i));
  }
  pushParams(bt: number): void {
    const n = this.paramCount(bt);
    for (let i = 0; i < n; i++) this.vs.pushStack(this.paramType(bt, i));
  }
  popResults(bt: number): void {
    for (let i = this.resultCount(bt) - 1; i >= 0; i--) this.pop(this.resultType(bt, i));
  }
  pushResults(bt: number): void {
    const n = this.resultCount(bt);
    for (let i = 0; i < n; i++) this.vs.pushStack(this.resultType(bt, i));
  }
}
