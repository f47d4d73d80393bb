/**
 * HostCode: the masm-like writer of host function bodies. Methods are named after host
 * operators. Bodies of one module go back to back into one buffer, which becomes the
 * code section's payload; call/trap sites are recorded for the offset map.
 */
import { ByteWriter, putS32, putU32, u32Size } from '../emit/wasm-writer.js';
import type { CodeBuffers } from './code-buffers.js';
import { Op, OpFC } from './opcodes.js';

/** Trap code ids are below this (abi/trap-codes.ts). */
const TRAP_PAD_CODES = 64;

/**
 * Block type as the code generator passes it: a type index (>= 0), or the negated
 * single byte of a value type / of `BLOCK_TYPE_EMPTY` (e.g. `-0x7f` for i32).
 */
export type HostBlockType = number;

/** A finished body in the buffer: [start, end) includes its size prefix. */
export interface BodyRange {
  readonly start: number;
  readonly end: number;
  /** Its call/trap sites: pairs [siteStart, siteEnd) of `sites`. */
  readonly siteStart: number;
  readonly siteEnd: number;
}

/** Writes host instructions; one instance collects every function body of a module. */
export class HostCode extends ByteWriter {
  /** Guest offset of the operator being compiled; call sites are attributed to it. */
  guestOffset = 0;
  /** Flat [hostOffset, guestOffset] pairs, hostOffset relative to the start of this buffer. */
  sites = new Int32Array(256);
  siteCount = 0;
  /**
   * With fuel: the fuel pending at the current operator (it includes the trapping operator),
   * which a trap carries to its pad so the store's counter is exact; null without fuel.
   */
  trapFuel: (() => number) | null = null;
  /**
   * Host blocks open in the body being written (block, loop, if; `end` closes one). A body
   * written with trap pads sits in a block whose label is `nest` away; trap pad `k` is `nest + 1 + k`.
   */
  nest = 0;
  /** Whether traps branch to pads (function bodies) or call the builtin inline (`!init`). */
  private usePads = false;
  /** Pad slot of each trap code in the current body, -1 when it has none yet. */
  private readonly padSlot = new Int32Array(TRAP_PAD_CODES).fill(-1);
  /** Trap code of each pad slot of the current body, innermost pad first. */
  readonly padCodes: number[] = [];
  /**
   * End of the last comparison that `compileSimpleNumeric` emitted: while `pos` is still there, the
   * condition of a branch is that comparison, and fuel metering moves its flush before it so the
   * host's baseline compiler can fuse compare and branch (see `Metering.flushBeforeBranch`).
   */
  testEnd = -1;
  /** Called when dead code is rewound to `pos` (metering forgets what it recorded past it). */
  onTruncate: ((pos: number) => void) | null = null;
  /** Start of the body being written. */
  private bodyStart = 0;
  private bodySiteStart = 0;

  constructor(
    /** Host function index of the `trap` builtin. */
    readonly trapFunc: number,
    /** Expected total size (host code is typically 1-2x the guest code), or buffers to reuse. */
    initial: number | CodeBuffers = 65536,
  ) {
    super(typeof initial === 'number' ? initial : 16);
    if (typeof initial !== 'number') {
      this.buf = initial.buf;
      this.sites = initial.sites;
    }
  }

  override reset(): void {
    this.pos = 0;
    this.siteCount = 0;
    this.bodyStart = 0;
    this.bodySiteStart = 0;
  }

  /**
   * Starts a function body (its code; the local declarations come with `endBody`). `pads`: traps
   * branch to trap pads that the caller closes the body with (`writeTrapPads`).
   */
  beginBody(pads = false): void {
    this.bodyStart = this.pos;
    this.bodySiteStart = this.siteCount;
    this.nest = 0;
    this.usePads = pads;
    for (const code of this.padCodes) this.padSlot[code] = -1;
    this.padCodes.length = 0;
    this.trapFuel = null;
  }

  /** Bytes of code written since `beginBody`. */
  get bodyCodeSize(): number {
    return this.pos - this.bodyStart;
  }

  /**
   * Finishes the body: moves its code up to insert the size prefix and `header`
   * (local declarations and prologue) before it. Returns where the body ended up.
   */
  endBody(header: ByteWriter): BodyRange {
    const start = this.bodyStart;
    const codeSize = this.pos - start;
    const bodySize = header.pos + codeSize;
    const prefix = u32Size(bodySize) + header.pos;
    this.ensure(prefix);
    const buf = this.buf;
    buf.copyWithin(start + prefix, start, this.pos);
    let p = putU32(buf, start, bodySize);
    const hb = header.buf;
    for (let i = 0; i < header.pos; i++) buf[p++] = hb[i]!;
    this.pos += prefix;
    const sites = this.sites;
    for (let i = 2 * this.bodySiteStart; i < 2 * this.siteCount; i += 2) sites[i] += prefix;
    const range = { start, end: this.pos, siteStart: this.bodySiteStart, siteEnd: this.siteCount };
    this.bodyStart = this.pos;
    this.bodySiteStart = this.siteCount;
    return range;
  }

  /** Rewinds to `pos`, dropping the call sites recorded at or after it. */
  override truncate(pos: number): void {
    this.pos = pos;
    this.testEnd = -1;
    this.onTruncate?.(pos);
    let n = this.siteCount;
    while (n > 0 && this.sites[2 * (n - 1)]! >= pos) n--;
    this.siteCount = n;
  }

  private recordSite(): void {
    const i = 2 * this.siteCount;
    if (i + 2 > this.sites.length) {
      const next = new Int32Array(this.sites.length * 2);
      next.set(this.sites);
      this.sites = next;
    }
    this.sites[i] = this.pos;
    this.sites[i + 1] = this.guestOffset;
    this.siteCount++;
  }

  // ---- plain operators ------------------------------------------------------------------
  /** An operator without immediates (numeric ops, drop, select, return, ...). */
  op(opcode: number): void { this.u8(opcode); }
  unreachable(): void { this.u8(Op.unreachable); }
  nop(): void { this.u8(Op.nop); }
  drop(): void { this.u8(Op.drop); }
  select(): void { this.u8(Op.select); }
  selectT(type: number): void { this.u8x2(Op.selectT, 1); this.u8(type); }
  return(): void { this.u8(Op.return); }

  // ---- control --------------------------------------------------------------------------
  blockType(bt: HostBlockType): void {
    if (bt >= 0) this.s32(bt);
    else this.u8(-bt);
  }
  block(bt: HostBlockType): void { this.u8(Op.block); this.blockType(bt); this.nest++; }
  loop(bt: HostBlockType): void { this.u8(Op.loop); this.blockType(bt); this.nest++; }
  if(bt: HostBlockType): void { this.u8(Op.if); this.blockType(bt); this.nest++; }
  else(): void { this.u8(Op.else); }
  end(): void { this.u8(Op.end); this.nest--; }
  br(depth: number): void { this.opU32(Op.br, depth); }
  brIf(depth: number): void { this.opU32(Op.brIf, depth); }
  /** `br_table` with `count` targets from `targets` plus the default. */
  brTable(targets: Int32Array, count: number, defaultTarget: number): void {
    this.u8(Op.brTable);
    this.u32(count);
    for (let i = 0; i < count; i++) this.u32(targets[i]!);
    this.u32(defaultTarget);
  }

  // ---- calls (recorded in the offset map) ----------------------------------------------
  call(hostFunc: number): void {
    this.recordSite();
    this.opU32(Op.call, hostFunc);
  }
  callIndirect(typeIndex: number, table: number): void {
    this.recordSite();
    this.u8(Op.callIndirect);
    this.u32(typeIndex);
    this.u32(table);
  }

  // ---- traps ----------------------------------------------------------------------------
  /**
   * Traps with `code` at the current guest offset. In a function body: branches to the body's
   * pad for `code` with the guest offset (and the pending fuel) as the pad block's values. A call,
   * even on a cold path, makes V8 keep a loop's values in memory across the whole loop; a branch
   * to a pad after the body does not. Elsewhere: `i32.const offset; i32.const code; call $trap`.
   */
  trap(code: number): void {
    this.i32Const(this.guestOffset);
    if (!this.usePads) {
      this.i32Const(code);
      this.call(this.trapFunc);
      this.u8(Op.unreachable);
      return;
    }
    const slot = this.padOf(code);
    if (this.trapFuel !== null) this.i64ConstNum(this.trapFuel());
    this.br(this.nest + 1 + slot);
  }
  /** Pad slot of trap code `code` in the current body (allocated on first use). */
  private padOf(code: number): number {
    let slot = this.padSlot[code]!;
    if (slot < 0) {
      slot = this.padCodes.length;
      this.padSlot[code] = slot;
      this.padCodes.push(code);
    }
    return slot;
  }
  /**
   * With an i32 address on the stack: `local.get last; [i32.const -k; i32.add]; i32.gt_u`, the
   * condition of an access ending `k + 1` bytes past it being out of bounds (ops/memory.ts).
   * `last + -k` rather than `last - k`: V8's baseline tier makes the add one `lea`.
   */
  aboveLimit(last: number, k: number): void {
    let p = this.pos;
    if (p + 14 > this.buf.length) this.ensure(14);
    const buf = this.buf;
    buf[p++] = Op.localGet;
    p = putU32(buf, p, last);
    if (k !== 0) {
      buf[p++] = Op.i32Const;
      p = putS32(buf, p, -k);
      buf[p++] = Op.i32Add;
    }
    buf[p++] = Op.i32GtU;
    this.pos = p;
  }
  /** Pops an i32 condition and traps with `code` when it is non-zero. */
  trapIf(code: number): void {
    if (!this.usePads || this.trapFuel !== null) {
      this.if(-0x40);
      this.trap(code);
      this.end();
      return;
    }
    // the common case written with one capacity check: if (i32.const offset; br pad) end
    const depth = this.nest + 2 + this.padOf(code);
    let p = this.pos;
    if (p + 14 > this.buf.length) this.ensure(14);
    const buf = this.buf;
    buf[p++] = Op.if;
    buf[p++] = 0x40;
    buf[p++] = Op.i32Const;
    p = putS32(buf, p, this.guestOffset);
    buf[p++] = Op.br;
    p = putU32(buf, p, depth);
    buf[p++] = Op.end;
    this.pos = p;
  }
  /**
   * Closes a body written with pads, after its outermost block's `end`: `return`, then each pad
   * (`end` of its block, then the `trap` call with the carried guest offset). `fuelLocal` /
   * `fuelGlobal`: with fuel, each pad first stores the counter plus the carried pending fuel.
   */
  writeTrapPads(fuelLocal: number, fuelGlobal: number): void {
    this.return();
    for (const code of this.padCodes) {
      this.end();
      if (fuelLocal >= 0) {
        this.localGet(fuelLocal);
        this.i64Add();
        this.globalSet(fuelGlobal);
      }
      this.i32Const(code);
      this.call(this.trapFunc);
      this.u8(Op.unreachable);
    }
    this.end();
  }

  // ---- variables ------------------------------------------------------------------------
  localGet(i: number): void { this.opU32(Op.localGet, i); }
  localSet(i: number): void { this.opU32(Op.localSet, i); }
  localTee(i: number): void { this.opU32(Op.localTee, i); }
  globalGet(i: number): void { this.opU32(Op.globalGet, i); }
  globalSet(i: number): void { this.opU32(Op.globalSet, i); }

  // ---- constants ------------------------------------------------------------------------
  i32Const(v: number): void { this.opS32(Op.i32Const, v); }
  i64Const(lo: number, hi: number): void {
    if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) {
      this.opS32(Op.i64Const, lo); // the 64-bit value fits in 32 bits: same LEB128 bytes
    } else {
      this.u8(Op.i64Const);
      this.s64Parts(lo, hi);
    }
  }
  /** An i64 constant in [-2^53, 2^53]. */
  i64ConstNum(v: number): void {
    if (v >= 0 && v <= 0x7fffffff) this.opS32(Op.i64Const, v); // the usual case: no 64-bit split
    else this.i64Const(v | 0, Math.floor(v / 4294967296) | 0);
  }
  f32Const(bits: number): void { this.u8(Op.f32Const); this.u32le(bits); }
  f64Const(lo: number, hi: number): void { this.u8(Op.f64Const); this.u64le(lo, hi); }

  // ---- numeric shorthands used by synthesized checks ------------------------------------
  i32Eqz(): void { this.u8(Op.i32Eqz); }
  i32Eq(): void { this.u8(Op.i32Eq); }
  i32And(): void { this.u8(Op.i32And); }
  i32Or(): void { this.u8(Op.i32Or); }
  i32GeU(): void { this.u8(Op.i32GeU); }
  i32WrapI64(): void { this.u8(Op.i32WrapI64); }
  i64Eqz(): void { this.u8(Op.i64Eqz); }
  i64Eq(): void { this.u8(Op.i64Eq); }
  i64Add(): void { this.u8(Op.i64Add); }
  i64GtU(): void { this.u8(Op.i64GtU); }
  i64ShrU(): void { this.u8(Op.i64ShrU); }
  i64ExtendI32U(): void { this.u8(Op.i64ExtendI32U); }

  // ---- memory ---------------------------------------------------------------------------
  /** A load or store with its memarg. */
  memOp(opcode: number, alignLog2: number, offset: number, memory: number): void {
    if (memory === 0) {
      this.opU32(opcode, alignLog2);
    } else {
      this.u8(opcode);
      this.u32(alignLog2 | 0x40);
      this.u32(memory);
    }
    this.u32(offset);
  }
  memoryInit(segment: number, memory: number): void { this.fc(OpFC.memoryInit); this.u32(segment); this.u32(memory); }
  dataDrop(segment: number): void { this.fc(OpFC.dataDrop); this.u32(segment); }
  memoryCopy(dst: number, src: number): void { this.fc(OpFC.memoryCopy); this.u32(dst); this.u32(src); }
  memoryFill(memory: number): void { this.fc(OpFC.memoryFill); this.u32(memory); }

  // ---- tables and references ------------------------------------------------------------
  tableGet(t: number): void { this.u8(Op.tableGet); this.u32(t); }
  tableSet(t: number): void { this.u8(Op.tableSet); this.u32(t); }
  tableInit(segment: number, table: number): void { this.fc(OpFC.tableInit); this.u32(segment); this.u32(table); }
  elemDrop(segment: number): void { this.fc(OpFC.elemDrop); this.u32(segment); }
  tableCopy(dst: number, src: number): void { this.fc(OpFC.tableCopy); this.u32(dst); this.u32(src); }
  tableGrow(t: number): void { this.fc(OpFC.tableGrow); this.u32(t); }
  tableSize(t: number): void { this.fc(OpFC.tableSize); this.u32(t); }
  tableFill(t: number): void { this.fc(OpFC.tableFill); this.u32(t); }
  refNull(type: number): void { this.u8x2(Op.refNull, type); }
  refIsNull(): void { this.u8(Op.refIsNull); }
  refFunc(hostFunc: number): void { this.u8(Op.refFunc); this.u32(hostFunc); }

  // ---- SIMD (0xfd prefix) ---------------------------------------------------------------
  /** A 0xfd-prefixed operator (its immediates, if any, follow). */
  simd(sub: number): void {
    this.u8(Op.prefixSIMD);
    this.u32(sub);
  }
  /** `v128.const` of the 4 little-endian i32 words `words[at, at + 4)`. */
  v128Const(words: Int32Array, at: number): void {
    this.simd(0x0c);
    for (let k = 0; k < 4; k++) this.u32le(words[at + k]!);
  }
  /** A SIMD load or store with its memarg (lane loads/stores append the lane byte). */
  simdMemOp(sub: number, alignLog2: number, offset: number, memory: number): void {
    this.simd(sub);
    if (memory === 0) {
      this.u32(alignLog2);
    } else {
      this.u32(alignLog2 | 0x40);
      this.u32(memory);
    }
    this.u32(offset);
  }

  /** A 0xfc-prefixed operator (saturating truncation, bulk memory, tables). */
  fc(sub: number): void {
    this.u8(Op.prefixFC);
    this.u32(sub);
  }
}
