/**
 * FunctionLocals: the host locals of one function — guest params and locals (same
 * indices), then compiler extras (memory bound locals, scratch locals) — and their declaration.
 */
import { ValType } from '../../abi/index.js';
import { CompileError } from '../compile-error.js';
import type { ByteWriter } from '../emit/wasm-writer.js';
import { HOST_LIMITS } from '../emit/host-limits.js';
import type { OpReader } from './op-reader.js';
import { readValType } from './val-types.js';
import { UNKNOWN_TYPE } from './value-stack.js';

/** Free-list capacity per scratch type (an op never holds more than a few scratch locals). */
const SCRATCH_CAP = 16;
/** Host locals kept free for the compiler's own use when checking the guest's count. */
const RESERVED_LOCALS = 16;

/** Scratch free lists, one per host value type (see `scratchSlot`). */
const SCRATCH_KINDS = 7;

const scratchSlot = (type: number): number => {
  switch (type) {
    case ValType.i64: return 1;
    case ValType.f32: return 2;
    case ValType.f64: return 3;
    case ValType.funcref: return 4;
    case ValType.externref: return 5;
    case ValType.v128: return 6;
    default: return 0;
  }
};

/** Local layout of the function being compiled (reused across functions). */
export class FunctionLocals {
  /** Type of every host local, params first. */
  types = new Uint8Array(64);
  count = 0;
  numParams = 0;
  /** Host locals up to the last guest one: params (guest and extra) + declared guest locals. */
  numGuest = 0;
  /** Guest params + declared guest locals: the guest local indices that exist. */
  guestLocals = 0;
  /** Guest params (host locals 0..guestParams-1 are them). */
  private guestParams = 0;
  /** Host-only params between the guest params and the declared locals. */
  private shift = 0;
  /** 8-byte slots of the guest's params and locals (v128 counts 2): the frame-size estimate of call-depth checks. */
  slotCount = 0;
  private readonly scratchFree = new Int32Array(SCRATCH_KINDS * SCRATCH_CAP);
  private readonly scratchFreeCount = new Int32Array(SCRATCH_KINDS);
  /** Host local holding memory m's bound, or -1. */
  private readonly boundLocals: Int32Array;
  /** Memory m's bound local is read somewhere (so the prologue loads it). */
  private readonly boundRead: Uint8Array;

  /** `lastByte[m]`: memory m's bound local is the i32 `bound - 1`, else the i64 bound. */
  constructor(numMemories: number, private readonly lastByte: Uint8Array) {
    this.boundLocals = new Int32Array(Math.max(1, numMemories));
    this.boundRead = new Uint8Array(Math.max(1, numMemories));
  }

  /**
   * Reads the body's local declarations after `params`; resets the compiler extras. `extraParams`
   * are host-only params placed after the guest's (metering): guest local i >= params.length is
   * host local i + extraParams.length (see `hostIndex`).
   */
  decode(r: OpReader, params: readonly number[], extraParams: readonly number[] = []): void {
    const e = extraParams.length;
    this.numParams = params.length + e;
    this.guestParams = params.length;
    this.shift = e;
    const groupsOffset = r.pos;
    const groups = r.u32();
    let total = 0;
    const save = r.pos;
    // first pass: count, so that a huge declaration never allocates
    for (let i = 0; i < groups; i++) {
      total += r.u32();
      readValType(r);
      if (total > 0xffffffff) throw new CompileError(groupsOffset, 'too many locals', 'malformed');
    }
    const n = params.length + total;
    const limit = HOST_LIMITS.maxFunctionLocals - RESERVED_LOCALS;
    if (n > limit) {
      throw new CompileError(groupsOffset, `implementation limit: too many locals (${n} > ${limit})`, 'invalid');
    }
    if (this.types.length < n + e + 64) this.types = new Uint8Array(n + e + 64);
    const lt = this.types;
    for (let i = 0; i < params.length; i++) lt[i] = params[i]!;
    for (let i = 0; i < e; i++) lt[params.length + i] = extraParams[i]!;
    r.pos = save;
    let k = params.length + e;
    // v128 params and locals take two 8-byte slots (extra params are never v128)
    let slots = n;
    for (let i = 0; i < params.length; i++) if (params[i] === ValType.v128) slots++;
    for (let i = 0; i < groups; i++) {
      const c = r.u32();
      const t = r.u8();
      if (c === 1) lt[k] = t;
      else lt.fill(t, k, k + c);
      if (t === ValType.v128) slots += c;
      k += c;
    }
    this.numGuest = n + e;
    this.guestLocals = n;
    this.count = n + e;
    this.slotCount = slots;
    const free = this.scratchFreeCount;
    for (let i = 0; i < free.length; i++) free[i] = 0;
    const bl = this.boundLocals;
    const br = this.boundRead;
    for (let m = 0; m < bl.length; m++) {
      bl[m] = -1;
      br[m] = 0;
    }
  }

  /** Host local index of guest local `guestIndex` (< `guestLocals`). */
  hostIndex(guestIndex: number): number {
    return guestIndex < this.guestParams ? guestIndex : guestIndex + this.shift;
  }

  /** Appends a host-only local of `type`. */
  add(type: number): number {
    const i = this.count;
    if (i >= this.types.length) {
      const next = new Uint8Array(this.types.length * 2);
      next.set(this.types);
      this.types = next;
    }
    this.types[i] = type;
    this.count = i + 1;
    return i;
  }

  /** A scratch local of `type`, free until `releaseScratch`. */
  acquireScratch(type: number): number {
    const t = type === UNKNOWN_TYPE ? ValType.i32 : type;
    const slot = scratchSlot(t);
    const n = this.scratchFreeCount[slot]!;
    if (n === 0) return this.add(t);
    this.scratchFreeCount[slot] = n - 1;
    return this.scratchFree[slot * SCRATCH_CAP + n - 1]!;
  }

  releaseScratch(type: number, index: number): void {
    const slot = scratchSlot(type === UNKNOWN_TYPE ? ValType.i32 : type);
    const n = this.scratchFreeCount[slot]!;
    if (n === SCRATCH_CAP) return; // never happens; the local just stays unused
    this.scratchFree[slot * SCRATCH_CAP + n] = index;
    this.scratchFreeCount[slot] = n + 1;
  }

  /** Releases `index` if it is a scratch local (not a guest local). */
  releaseIfScratch(type: number, index: number): void {
    if (index >= this.numGuest) this.releaseScratch(type, index);
  }

  /** Host local holding memory `m`'s bound (i64, or i32 `bound - 1`: see ModuleContext.boundLastByte), allocated on first use. */
  boundLocalOf(m: number): number {
    let l = this.boundLocals[m]!;
    if (l < 0) {
      l = this.add(this.lastByte[m] ? ValType.i32 : ValType.i64);
      this.boundLocals[m] = l;
    }
    return l;
  }

  /** The bound local of memory `m` for a check (so the prologue will load it). */
  boundForRead(m: number): number {
    this.boundRead[m] = 1;
    return this.boundLocalOf(m);
  }

  /** Whether the prologue must load memory `m`'s bound. */
  isBoundRead(m: number): boolean {
    return this.boundRead[m] !== 0;
  }

  /** Writes the run-length encoded declarations of every non-param local. */
  writeDeclarations(w: ByteWriter): void {
    const lt = this.types;
    const end = this.count;
    let groups = 0;
    for (let i = this.numParams; i < end; ) {
      let j = i + 1;
      while (j < end && lt[j] === lt[i]) j++;
      groups++;
      i = j;
    }
    w.u32(groups);
    for (let i = this.numParams; i < end; ) {
      let j = i + 1;
      while (j < end && lt[j] === lt[i]) j++;
      w.u32(j - i);
      w.u8(lt[i]!);
      i = j;
    }
  }
}
