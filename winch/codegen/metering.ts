/**
 * Fuel and call-depth lowering for one function: fuel counted at compile time per straight-line
 * run and added to a host local at control flow (Wasmtime's scheme), checked at entry and loop
 * headers; the depth budget taken at entry. docs/fuel.md has the model.
 */
import {
  callDepthUnits, FUNCTION_ENTRY_COST, SMALL_BULK_OP_COST, TrapCode, OPERATOR_COST, ValType,
} from '../../abi/index.js';
import { FrameKind } from './control-stack.js';
import type { FunctionCompiler } from './function-compiler.js';
import { Op } from './opcodes.js';
import { EntryKind } from './value-stack.js';
import { u32Size } from '../emit/wasm-writer.js';

/** Memarg alignment flag: a memory index follows (multi-memory). */
const MEMARG_HAS_MEMORY_INDEX = 0x40;

/**
 * Per-function metering state (see ModuleContext.metered for the calling convention). `pending`
 * is the fuel of the operators compiled since the last flush (Wasmtime's `fuel_consumed`). The
 * fuel counter (consumed fuel, negative while some is left) is the inner function's i64 param,
 * authoritative inside the function: the store's global is written only before what can observe
 * it (host calls, traps, the out-of-fuel builtin) and read back after host calls. The depth param
 * holds the budget left for callees after this call's share.
 */
export class Metering {
  /** Host local (param) of the fuel counter (i64), or -1 without fuel. */
  fuelLocal = -1;
  /** Fuel of the operators compiled since the last flush. */
  pending = 0;
  /** Host local (param) of the depth budget (i32), or -1. */
  private depthLocal = -1;
  /** Epoch checks are compiled in (entry and loop headers, next to the fuel checks). */
  private epoch = false;
  /** Host local (i32) holding the store's armed epoch deadline, or -1. */
  private deadlineLocal = -1;
  /** Start positions of the deadline local's loads (entry, after calls), removed when no loop check reads it. */
  private deadlineLoads: number[] = [];
  /** A loop check reads the deadline local. */
  private deadlineRead = false;
  /** The function makes calls (its epoch entry check is needed: it may recurse). */
  private sawCall = false;
  /** Host code range of the epoch part of the entry check: the whole check, or (with fuel) its epoch test. */
  private epochEntryStart = -1;
  private epochEntryEnd = -1;
  /** Loops get the host-only blocks and checks of `openLoop` (fuel or epoch). */
  private loopChecks = false;

  constructor(private readonly c: FunctionCompiler) {}

  /** Whether the function is metered (body wrapped, extra params and results). */
  get active(): boolean {
    return this.c.ctx.metered;
  }

  /** Adds the flat cost of operator `opcode` (live code only). */
  charge(opcode: number): void {
    this.pending += OPERATOR_COST[opcode]!;
  }

  /**
   * Function prologue: takes the depth share (StackOverflow when not enough is left), charges the
   * entry cost with a fuel check, then opens the block that every exit of the body branches to
   * (it stands for the function frame: guest label depths are unchanged).
   * `guestParams`: number of guest params (the metering params follow them);
   * `localSlots`: params + declared locals (v128 counting 2).
   */
  begin(guestParams: number, localSlots: number, results: readonly number[]): void {
    const c = this.c;
    const code = c.code;
    this.pending = 0;
    this.fuelLocal = -1;
    this.depthLocal = -1;
    this.epoch = c.ctx.epoch;
    this.loopChecks = c.ctx.fuel || this.epoch;
    this.deadlineLocal = -1;
    code.onTruncate = null;
    if (this.epoch) {
      this.deadlineLocal = c.locals.add(ValType.i32);
      this.deadlineLoads.length = 0;
      this.deadlineRead = false;
      this.sawCall = false;
      this.epochEntryStart = this.epochEntryEnd = -1;
      code.onTruncate = this.forgetPast;
      this.reloadDeadline();
    }
    if (!this.active) {
      if (this.epoch) this.entryCheck();
      return;
    }
    if (c.ctx.fuel) {
      this.fuelLocal = guestParams;
      // a trap stores the exact fuel: the counter plus what ran of the current run
      code.trapFuel = this.pendingForTrap;
    }
    if (c.ctx.depthChecks) {
      this.depthLocal = guestParams + (c.ctx.fuel ? 1 : 0);
      code.localGet(this.depthLocal);
      code.i32Const(callDepthUnits(localSlots));
      code.op(Op.i32Sub);
      code.localTee(this.depthLocal);
      code.i32Const(0);
      code.op(Op.i32LtS);
      code.trapIf(TrapCode.StackOverflow);
    }
    if (c.ctx.fuel) {
      this.pending = FUNCTION_ENTRY_COST;
      this.flush();
    }
    this.entryCheck();
    code.block(c.ctx.blockTypeFor([], results));
  }

  /**
   * The checks at function entry (fuel charged already), as
   * `block $ok (loop $retry (br_if $ok (checks pass)) slowPath (br $retry))`: the builtin calls
   * stay off the path that continues, which V8 compiles much better than an `if` around them.
   * With fuel and epoch both, `block $slow` inside `$retry` collects the failing checks.
   */
  private entryCheck(): void {
    const code = this.c.code;
    const fuel = this.fuelLocal >= 0;
    if (!fuel && !this.epoch) return;
    if (!fuel) this.epochEntryStart = code.pos;
    code.block(-0x40);
    code.loop(-0x40);
    if (fuel && this.epoch) {
      code.block(-0x40);
      this.emitCheck(0); // fuel: br_if $slow
      this.epochEntryStart = code.pos;
      this.emitEpochOk(true);
      code.brIf(2); // both pass: $ok
      this.epochEntryEnd = code.pos;
      code.end();
    } else if (fuel) {
      code.localGet(this.fuelLocal);
      code.i64ConstNum(0);
      code.op(Op.i64LtS);
      code.brIf(1);
    } else {
      this.emitEpochOk(true);
      code.brIf(1);
    }
    this.slowPath();
    code.br(0);
    code.end();
    code.end();
    if (!fuel) this.epochEntryEnd = code.pos;
  }

  /**
   * At the end of a function with epoch checks: a function without calls cannot recurse, so it
   * cannot run unboundedly without passing a loop check or a caller's check: its entry check goes
   * (with fuel, the epoch test becomes `br $ok`); without loop checks the deadline local is unread
   * and its loads go. (Wasmtime checks every entry; epochs only bound time, so skipping these is safe.)
   */
  private finishEpoch(): void {
    if (!this.epoch) return;
    const code = this.c.code;
    const buf = code.buf;
    if (!this.sawCall && this.epochEntryStart >= 0) {
      let p = this.epochEntryStart;
      if (this.fuelLocal >= 0) {
        buf[p++] = Op.br;
        buf[p++] = 2;
      }
      buf.fill(Op.nop, p, this.epochEntryEnd);
    }
    if (!this.deadlineRead) {
      const ctx = this.c.ctx;
      const len = 2 + u32Size(ctx.epochDeadlineGlobal) + u32Size(this.deadlineLocal);
      for (const p of this.deadlineLoads) buf.fill(Op.nop, p, p + len);
    }
    code.onTruncate = null;
  }

  /** Dead code was rewound to `pos`: deadline loads recorded past it are gone. */
  private readonly forgetPast = (pos: number): void => {
    const loads = this.deadlineLoads;
    while (loads.length > 0 && loads[loads.length - 1]! >= pos) loads.pop();
  };

  /**
   * Pushes "the armed deadline is not reached": `(epoch - deadline) < 0` in 32-bit serial arithmetic
   * (`fromGlobal`: against the store's global, for the entry check, which needs no local).
   */
  private emitEpochOk(fromGlobal: boolean): void {
    this.emitEpochDistance(fromGlobal);
    this.c.code.i32Const(0);
    this.c.code.op(Op.i32LtS);
  }

  /** `br_if depth` when the armed deadline is reached: `(epoch - deadline) >= 0`. */
  private emitEpochCheck(depth: number): void {
    const code = this.c.code;
    this.deadlineRead = true;
    this.emitEpochDistance(false);
    code.i32Const(0);
    code.op(Op.i32GeS);
    code.brIf(depth);
  }

  /**
   * Pushes `epoch - deadline` (i32, wrapping): the low 32 bits of the engine's epoch counter, read
   * from the shared epoch memory, minus the function's copy of the store's armed deadline (the low
   * 32 bits of a deadline the runtime keeps within 2^30 ticks of the epoch, see runtime/epoch.ts).
   * All i32: V8's baseline compiler (Liftoff) fuses an i32 comparison with its branch but not an
   * i64 one, and a local costs one load where an imported global costs three.
   * A plain load, not an atomic one: TurboFan orders every memory access around an atomic load,
   * which cost 25-30% on tight loops (shootout-sieve, Node 26) against about 1% for the plain load.
   * The memory model would let a compiler hoist a plain load out of a loop that writes nothing; V8
   * and JavaScriptCore do not, and test/engines/epoch-engines.test.ts checks that a ticker thread
   * interrupts an empty loop on each engine.
   */
  private emitEpochDistance(fromGlobal: boolean): void {
    const ctx = this.c.ctx;
    const code = this.c.code;
    code.i32Const(0);
    code.u8(Op.i32Load);
    const mem = ctx.epochMemory;
    if (mem === 0) {
      code.u8(2); // align 2^2
    } else {
      code.u8(2 | MEMARG_HAS_MEMORY_INDEX);
      code.u32(mem);
    }
    code.u8(0); // offset
    if (fromGlobal) code.globalGet(ctx.epochDeadlineGlobal);
    else code.localGet(this.deadlineLocal);
    code.op(Op.i32Sub);
  }

  /** Loads the store's armed epoch deadline into the function's local (entry, after calls and slow paths). */
  reloadDeadline(): void {
    if (!this.epoch) return;
    this.deadlineLoads.push(this.c.code.pos);
    this.c.code.globalGet(this.c.ctx.epochDeadlineGlobal);
    this.c.code.localSet(this.deadlineLocal);
  }

  /**
   * The cold path of a failed check: refuel (fuel; the builtin returns at once when fuel is left),
   * then the epoch deadline (epoch; it returns at once when the deadline is not reached), then the
   * memory bounds are reloaded (a callback may have grown a memory).
   */
  private slowPath(): void {
    const c = this.c;
    const code = c.code;
    if (this.fuelLocal >= 0) {
      this.save();
      code.call(c.ctx.outOfFuelFunc);
      code.globalGet(c.ctx.fuelGlobal);
      code.localSet(this.fuelLocal);
    }
    if (this.epoch) code.call(c.ctx.epochDeadlineFunc);
    c.reloadBounds(); // also reloads the deadline
  }

  /** Closes the body block; the fuel counter is the function's last result (its final `end` follows). */
  endFunction(): void {
    this.finishEpoch();
    if (!this.active) return;
    const code = this.c.code;
    code.end();
    if (this.fuelLocal >= 0) code.localGet(this.fuelLocal);
  }

  /** Adds the pending fuel to the fuel local. */
  flush(): void {
    if (this.fuelLocal < 0 || this.pending === 0) return;
    const code = this.c.code;
    code.localGet(this.fuelLocal);
    code.i64ConstNum(this.pending);
    code.i64Add();
    code.localSet(this.fuelLocal);
    this.pending = 0;
  }

  /**
   * `flush` before a branch on the i32 on top of the host stack (`br_if`, `if`). When that condition
   * is a comparison just emitted, the flush goes before the comparison (it is stack-neutral and
   * nothing observes the counter in between): V8's Liftoff fuses a comparison with the branch right
   * after it, and a flush in between cost three more instructions on every such branch.
   */
  flushBeforeBranch(): void {
    if (this.fuelLocal < 0 || this.pending === 0) return;
    const code = this.c.code;
    if (code.testEnd !== code.pos) {
      this.flush();
      return;
    }
    const test = code.buf[code.pos - 1]!;
    code.truncate(code.pos - 1);
    this.flush();
    code.op(test);
  }

  /** Stores the fuel local into the store's global (call `flush` first). */
  private save(): void {
    const code = this.c.code;
    code.localGet(this.fuelLocal);
    code.globalSet(this.c.ctx.fuelGlobal);
  }

  /** What a trap carries to its pad: the pending fuel, which includes the trapping operator. */
  private readonly pendingForTrap = (): number => this.pending;

  /** Stores the counter, calls `out_of_fuel` (it traps or refuels), reloads the counter and the memory bounds. */
  private refuel(): void {
    const c = this.c;
    const code = c.code;
    this.save();
    code.call(c.ctx.outOfFuelFunc);
    code.globalGet(c.ctx.fuelGlobal);
    code.localSet(this.fuelLocal);
    c.reloadBounds(); // the callback may have grown a memory
  }

  /**
   * Opens a guest loop of block type `bt` (its `loop` follows). With fuel, three host-only blocks
   * go around it so that a check can leave the loop to call the builtin and come back:
   *
   *     block $exit (P -> R)  loop $retry (P -> R)  block $refuel (P -> P)  [check: br_if $refuel]
   *       loop $L (P -> R)  [header check]  ...body...  end  br $exit
   *     end  [refuel]  br $retry  end  end
   *
   * A call inside the loop, even on a cold path, makes V8 keep the loop's values in memory. The
   * check Wasmtime makes at every loop header is made on entry (above) and at the loop header;
   * when every back edge is a `br`, the header check becomes nops and each `br` becomes a
   * `br_if` on the fuel (`backEdge`): one branch instead of a jump and a branch. (Folding it into
   * a `br_if`'s condition measured slower than the header check.) Returns the number of
   * host-only blocks opened.
   */
  openLoop(bt: number): number {
    this.flush(); // what ran before the loop is charged once, not per iteration
    if (!this.loopChecks) return 0;
    const c = this.c;
    const code = c.code;
    const params: number[] = [];
    for (let i = 0; i < c.paramCount(bt); i++) params.push(c.paramType(bt, i));
    code.block(bt); // the guest block type is `P -> R`
    code.loop(bt);
    code.block(c.ctx.blockTypeFor(params, params));
    this.entryCheckStart = code.pos;
    this.emitChecks(0);
    this.entryCheckEnd = code.pos;
    return 3;
  }

  /** The loop checks: `br_if depth` when no fuel is left or the epoch deadline is reached. */
  private emitChecks(depth: number): void {
    if (this.fuelLocal >= 0) this.emitCheck(depth);
    if (this.epoch) this.emitEpochCheck(depth);
  }

  /** `br_if depth` when the counter is >= 0 (no fuel left). */
  private emitCheck(depth: number): void {
    const code = this.c.code;
    code.localGet(this.fuelLocal);
    code.i64ConstNum(0);
    code.op(Op.i64GeS);
    code.brIf(depth);
  }

  /** The header check inside `loop $L` (frame `frame`), removed by `closeLoop` unless a `br_table` needs it. */
  loopHeader(frame: number): void {
    if (!this.loopChecks) return;
    this.flush();
    if (this.checkPos.length <= 4 * frame + 3) {
      const next = new Int32Array(8 * frame + 32);
      next.set(this.checkPos);
      this.checkPos = next;
      const keep = new Uint8Array(2 * frame + 16);
      keep.set(this.keepHeader);
      this.keepHeader = keep;
    }
    const pos = this.checkPos;
    pos[4 * frame] = this.entryCheckStart;
    pos[4 * frame + 1] = this.entryCheckEnd;
    pos[4 * frame + 2] = this.c.code.pos;
    // back edges fold the fuel check only; with epoch checks the header check always stays
    this.keepHeader[frame] = this.epoch ? 1 : 0;
    this.emitChecks(1);
    pos[4 * frame + 3] = this.c.code.pos;
  }

  /** Host code range of the entry check of the loop being opened (see `openLoop`). */
  private entryCheckStart = 0;
  private entryCheckEnd = 0;
  /**
   * Host code ranges of each open metered loop's checks, by frame: [entry start, entry end,
   * header start, header end). `closeLoop` turns one of the two into nops.
   */
  private checkPos = new Int32Array(64);
  /** Whether a `br_table` back edge needs the header check of the loop of each frame. */
  private keepHeader = new Uint8Array(16);

  /** Whether frame `f` is a loop with fuel blocks around it (see `openLoop`). */
  isFuelLoop(f: number): boolean {
    const cs = this.c.cs;
    return this.loopChecks && f > 0 && cs.kind[f] === FrameKind.loop && cs.hostLevel[f]! - cs.hostLevel[f - 1]! > 1;
  }

  /**
   * An unconditional back edge to fuel loop frame `f`, `hostDepth` away (fuel flushed, the label
   * values on the stack): continue when fuel is left, else leave to the loop's `$refuel`.
   */
  backEdge(hostDepth: number): void {
    const code = this.c.code;
    if (this.epoch) {
      code.br(hostDepth); // the header check stays (see loopHeader)
      return;
    }
    code.localGet(this.fuelLocal);
    code.i64ConstNum(0);
    code.op(Op.i64LtS);
    code.brIf(hostDepth);
    code.br(hostDepth + 1);
  }

  /** A `br_if` or `br_table` may branch back to fuel loop frame `f`: its header check stays. */
  keepHeaderCheck(f: number): void {
    this.keepHeader[f] = 1;
  }

  /** Closes the host-only blocks of `openLoop` after the guest loop (frame `frame`) ended. */
  closeLoop(frame: number): void {
    if (!this.loopChecks) return;
    const code = this.c.code;
    const pos = this.checkPos;
    if (!this.keepHeader[frame]) {
      // every back edge checked: the header check becomes nops (positions stay)
      code.buf.fill(Op.nop, pos[4 * frame + 2]!, pos[4 * frame + 3]!);
    } else {
      // the header check also runs on entry, right after the entry check: the entry check goes
      code.buf.fill(Op.nop, pos[4 * frame]!, pos[4 * frame + 1]!);
    }
    code.br(2); // the loop's results leave through $exit
    code.end();
    this.slowPath();
    code.br(0); // back to the loop header with its params
    code.end();
    code.end();
  }

  /**
   * Flushes, then calls the `out_of_fuel` builtin when no fuel is left (counter >= 0), which traps
   * or refuels (used after bulk operators; loops use `loopHeader`).
   */
  check(): void {
    if (this.fuelLocal < 0) return;
    this.flush();
    const code = this.c.code;
    code.localGet(this.fuelLocal);
    code.i64ConstNum(0);
    code.op(Op.i64GeS);
    code.if(-0x40);
    this.refuel();
    code.end();
  }

  /**
   * Before a call whose arguments are on the host stack. `inner`: a direct call of an inner function
   * of this module, which takes the counter and the budget as extra arguments; otherwise (imports,
   * call_indirect) they go through the store's globals, which the callee's outer wrapper reads.
   */
  beforeCall(inner: boolean): void {
    this.sawCall = true;
    if (!this.active) return;
    const c = this.c;
    const code = c.code;
    this.flush();
    if (inner) {
      if (this.fuelLocal >= 0) code.localGet(this.fuelLocal);
      if (this.depthLocal >= 0) code.localGet(this.depthLocal);
      return;
    }
    if (this.fuelLocal >= 0) this.save();
    if (this.depthLocal >= 0) {
      code.localGet(this.depthLocal);
      code.globalSet(c.ctx.depthGlobal);
    }
  }

  /** After a call (see `beforeCall`): takes the updated counter from the extra result or the global. */
  afterCall(inner: boolean): void {
    if (this.fuelLocal < 0) return;
    const code = this.c.code;
    if (!inner) code.globalGet(this.c.ctx.fuelGlobal);
    code.localSet(this.fuelLocal);
  }

  /**
   * Charges a bulk operator's variable cost: `perUnit` times the i32 operand in popped,
   * re-emittable slot `units` (a constant folds into the pending fuel). Anything but a small
   * constant cost is followed by a fuel check, as at a loop header.
   */
  chargeUnits(units: number, perUnit: number): void {
    if (this.fuelLocal < 0 || perUnit === 0) return;
    const c = this.c;
    const vs = c.vs;
    if (vs.kind[units] === EntryKind.const) {
      const cost = (vs.a[units]! >>> 0) * perUnit;
      this.pending += cost;
      if (cost > SMALL_BULK_OP_COST) this.check();
      return;
    }
    this.flush();
    const code = c.code;
    code.localGet(this.fuelLocal);
    c.emitOperand(units);
    code.i64ExtendI32U();
    if (perUnit !== 1) {
      code.i64ConstNum(perUnit);
      code.op(Op.i64Mul);
    }
    code.i64Add();
    code.localSet(this.fuelLocal);
    this.check();
  }
}
