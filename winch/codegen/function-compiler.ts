/**
 * FunctionCompiler: compiles one guest function body in a single pass (decode an
 * operator, validate it, emit host code). Holds the shared state the op families use.
 */
import { ValType } from '../../abi/index.js';
import { CompileError, UnsupportedError } from '../compile-error.js';
import { DecodeMsg } from '../decode/reader.js';
import { ByteWriter } from '../emit/wasm-writer.js';
import { HOST_LIMITS } from '../emit/host-limits.js';
import { ControlStack, FrameKind } from './control-stack.js';
import { compileOperator } from './dispatch.js';
import { HostCode, type BodyRange } from './host-code.js';
import type { ModuleContext } from './module-context.js';
import { OpReader } from './op-reader.js';
import { Op } from './opcodes.js';
import { readValType } from './val-types.js';
import { EntryKind, UNKNOWN_TYPE, ValueStack } from './value-stack.js';

/** Longest run of lazy entries before they are materialized (bounds local.set scans). */
const MAX_LAZY = 32;

/** One compiled host function body, in the shared HostCode buffer. */
export interface CompiledBody extends BodyRange {
  readonly guestFunc: number;
}

const scratchSlot = (type: number): number => {
  switch (type) {
    case ValType.i64: return 1;
    case ValType.f32: return 2;
    case ValType.f64: return 3;
    case ValType.funcref: return 4;
    case ValType.externref: return 5;
    default: return 0;
  }
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

  // ---- locals: guest params + guest locals + compiler extras ---------------------------
  localTypes = new Uint8Array(64);
  numLocals = 0;
  numGuestLocals = 0;
  numParams = 0;
  private readonly scratchFree: number[][] = [[], [], [], [], [], []];
  /** Host local holding memory m's bound, or -1. */
  private boundLocals = new Int32Array(1);
  /** Memory m's bound local is read somewhere (so the prologue loads it). */
  private boundRead = new Uint8Array(1);

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
    this.code = new HostCode(ctx.trapFunc);
    this.boundLocals = new Int32Array(Math.max(1, ctx.numMemories));
    this.boundRead = new Uint8Array(Math.max(1, ctx.numMemories));
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
    this.decodeLocals();

    const code = this.code;
    code.beginBody();
    this.vs.reset();
    this.cs.reset();
    for (const list of this.scratchFree) list.length = 0;
    this.boundLocals.fill(-1);
    this.boundRead.fill(0);
    this.cs.push(FrameKind.function, this.typeIndex, 0);

    const cs = this.cs;
    const bytes = r.bytes;
    while (cs.depth > 0) {
      if (r.pos >= r.end) throw this.bodyExhausted();
      const start = r.pos;
      this.opOffset = start;
      code.guestOffset = start;
      r.pos = start + 1;
      compileOperator(this, bytes[start]!);
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

  private decodeLocals(): void {
    const r = this.r;
    const ft = this.ctx.types[this.typeIndex]!;
    const params = ft.params;
    this.numParams = params.length;
    const groupsOffset = r.pos;
    const groups = r.u32();
    let total = 0;
    const save = r.pos;
    // first pass: count (so a huge declaration never allocates)
    for (let i = 0; i < groups; i++) {
      const n = r.u32();
      readValType(r);
      total += n;
      if (total > 0xffffffff) throw this.malformed('too many locals', groupsOffset);
    }
    const limit = HOST_LIMITS.maxFunctionLocals - 16; // leave room for compiler locals
    if (params.length + total > limit) {
      throw new CompileError(groupsOffset, `implementation limit: too many locals (${params.length + total} > ${limit})`, 'invalid');
    }
    const n = params.length + total;
    if (this.localTypes.length < n + 64) this.localTypes = new Uint8Array(n + 64);
    const lt = this.localTypes;
    for (let i = 0; i < params.length; i++) lt[i] = params[i]!;
    r.pos = save;
    let k = params.length;
    for (let i = 0; i < groups; i++) {
      const count = r.u32();
      const t = r.u8();
      lt.fill(t, k, k + count);
      k += count;
    }
    this.numGuestLocals = n;
    this.numLocals = n;
  }

  /** Appends a host-only local of `type`. */
  addLocal(type: number): number {
    const i = this.numLocals;
    if (i >= this.localTypes.length) {
      const next = new Uint8Array(this.localTypes.length * 2);
      next.set(this.localTypes);
      this.localTypes = next;
    }
    this.localTypes[i] = type;
    this.numLocals = i + 1;
    return i;
  }

  /** A scratch local of `type`, free until `releaseScratch`. */
  acquireScratch(type: number): number {
    const t = type === UNKNOWN_TYPE ? ValType.i32 : type;
    const free = this.scratchFree[scratchSlot(t)]!;
    return free.length > 0 ? free.pop()! : this.addLocal(t);
  }

  releaseScratch(type: number, index: number): void {
    this.scratchFree[scratchSlot(type === UNKNOWN_TYPE ? ValType.i32 : type)]!.push(index);
  }

  /** Releases `index` if it is a scratch local (not a guest local). */
  releaseIfScratch(type: number, index: number): void {
    if (index >= this.numGuestLocals) this.releaseScratch(type, index);
  }

  /** Host local with memory `m`'s bound (loaded in the prologue). */
  boundLocal(m: number): number {
    let l = this.boundLocals[m]!;
    if (l < 0) {
      l = this.addLocal(ValType.i64);
      this.boundLocals[m] = l;
    }
    this.boundRead[m] = 1;
    return l;
  }

  /** Reloads the bound locals after anything that may grow a memory (calls, memory.grow). */
  reloadBounds(): void {
    if (!this.ctx.boundsChecks) return;
    const code = this.code;
    for (let m = 0; m < this.ctx.numMemories; m++) {
      let l = this.boundLocals[m]!;
      if (l < 0) {
        l = this.addLocal(ValType.i64);
        this.boundLocals[m] = l;
      }
      code.globalGet(this.ctx.boundGlobal(m));
      code.localSet(l);
    }
  }

  private finish(bodyOffset: number): CompiledBody {
    const lt = this.localTypes;
    const header = this.header;
    header.reset();
    // local declarations, run-length encoded
    let groups = 0;
    for (let i = this.numParams; i < this.numLocals; ) {
      let j = i + 1;
      while (j < this.numLocals && lt[j] === lt[i]) j++;
      groups++;
      i = j;
    }
    header.u32(groups);
    for (let i = this.numParams; i < this.numLocals; ) {
      let j = i + 1;
      while (j < this.numLocals && lt[j] === lt[i]) j++;
      header.u32(j - i);
      header.u8(lt[i]!);
      i = j;
    }
    for (let m = 0; m < this.ctx.numMemories; m++) {
      if (this.boundRead[m]) {
        header.u8(Op.globalGet);
        header.u32(this.ctx.boundGlobal(m));
        header.u8(Op.localSet);
        header.u32(this.boundLocals[m]!);
      }
    }
    const size = header.pos + this.code.bodyCodeSize;
    if (this.numLocals > HOST_LIMITS.maxFunctionLocals) {
      throw new CompileError(bodyOffset, `implementation limit: too many host locals (${this.numLocals})`, 'invalid');
    }
    if (size > HOST_LIMITS.maxFunctionSize) {
      throw new CompileError(bodyOffset, `implementation limit: host function body too large (${size} bytes)`, 'invalid');
    }
    const range = this.code.endBody(header);
    return { guestFunc: this.funcIndex, start: range.start, end: range.end, siteStart: range.siteStart, siteEnd: range.siteEnd };
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
        const s = this.acquireScratch(t);
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
      if (vs.kind[i] === EntryKind.local) this.releaseIfScratch(vs.type[i]!, vs.a[i]!);
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
