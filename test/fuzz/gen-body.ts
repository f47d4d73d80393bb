// Typed random function bodies: tracks the operand stack and control frames so most output
// validates. `exec` mode emits back edges only in counted loops and direct calls only to
// lower-indexed functions, so code ends (or overflows the stack through call_indirect).
import { F32, F64, I32, I64, LOADS, NUM_OPS, NUM_TYPES, STORES } from './op-tables.js';
import { DATA_SEGMENTS, GLOBALS, SIGS, type Sig } from './gen-module.js';
import type { Rng } from './prng.js';
import { sleb, slebBig, uleb } from './wasm-bytes.js';

const MAX_COUNTED_LOOPS = 2;

interface Frame { readonly results: readonly number[]; readonly height: number; readonly loop: boolean; }

export interface BodyContext {
  readonly funcTypes: readonly number[];
  readonly self: number;
  readonly exec: boolean;
}

const I32_VALUES = [0, 1, -1, 2, 7, 8, 31, 32, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 65535 - 3];
const I64_VALUES = [0n, 1n, -1n, 63n, 64n, 0x7fffffffffffffffn, -0x8000000000000000n, 0xffffffffn, 0x100000000n];
const F64_VALUES = [0, -0, 1, -1, 0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 63, 2 ** 64, 1e-310, 4294967296.5];

export class BodyGen {
  private readonly out: number[] = [];
  private readonly stack: number[] = [];
  private readonly frames: Frame[] = [];
  private readonly locals: number[];
  /** exec mode: i32 locals reserved as counters of counted loops (never written by random code). */
  private readonly counters: number[] = [];
  private loopDepth = 0;
  private budget: number;

  constructor(private readonly rng: Rng, private readonly ctx: BodyContext, private readonly sig: Sig) {
    this.locals = [...sig.params];
    this.budget = rng.range(1, 60);
  }

  /** The encoded body: locals declarations, code, final `end`. */
  generate(): number[] {
    const groups: number[][] = [];
    for (let g = this.rng.int(4); g > 0; g--) {
      const t = this.rng.pick(NUM_TYPES);
      const count = this.rng.range(1, 3);
      groups.push([...uleb(count), t]);
      for (let i = 0; i < count; i++) this.locals.push(t);
    }
    if (this.ctx.exec) {
      groups.push([...uleb(MAX_COUNTED_LOOPS), I32]);
      for (let i = 0; i < MAX_COUNTED_LOOPS; i++) this.counters.push(this.locals.push(I32) - 1);
    }
    this.frames.push({ results: this.sig.results, height: 0, loop: false });
    const terminated = this.seq(0);
    this.close(terminated);
    return [...uleb(groups.length), ...groups.flat(), ...this.out, 0x0b];
  }

  private emit(...bytes: number[]): void { this.out.push(...bytes); }
  private get height(): number { return this.frames[this.frames.length - 1]!.height; }
  private top(k = 0): number | undefined {
    const i = this.stack.length - 1 - k;
    return i >= this.height ? this.stack[i] : undefined;
  }

  pushConst(t: number): void {
    const r = this.rng;
    if (t === I32) this.emit(0x41, ...sleb(r.chance(0.5) ? r.pick(I32_VALUES) : r.chance(0.5) ? r.int(1024) : r.u32() | 0));
    else if (t === I64) this.emit(0x42, ...slebBig(r.chance(0.5) ? r.pick(I64_VALUES) : BigInt(r.u32()) << BigInt(r.int(33))));
    else {
      const size = t === F32 ? 4 : 8;
      const b = new DataView(new ArrayBuffer(size));
      const v = r.chance(0.6) ? r.pick(F64_VALUES) : (r.u32() / 1000) * (r.chance(0.5) ? 1 : -1);
      if (r.chance(0.1)) for (let i = 0; i < size; i++) b.setUint8(i, r.u32() & 0xff); // any bit pattern
      else if (t === F32) b.setFloat32(0, v, true);
      else b.setFloat64(0, v, true);
      this.emit(t === F32 ? 0x43 : 0x44, ...new Uint8Array(b.buffer));
    }
    this.stack.push(t);
  }

  private address(): void {
    const r = this.rng;
    this.emit(0x41, ...sleb(r.chance(0.9) ? r.int(65000) : r.chance(0.5) ? 65536 * 2 - r.int(16) : r.u32() | 0));
    this.stack.push(I32);
  }

  private memarg(natural: number): number[] {
    const r = this.rng;
    const offset = r.chance(0.9) ? r.int(64) : r.chance(0.6) ? r.int(70000) : r.u32();
    return [...uleb(r.int(natural + 1)), ...uleb(offset)];
  }

  private need(types: readonly number[]): void {
    for (const t of types) this.pushConst(t);
  }

  private pop(n: number): void { this.stack.length -= n; }

  /** Emits instructions; returns true if the sequence ended with an unconditional branch. */
  private seq(depth: number): boolean {
    while (this.budget > 0 && !this.rng.chance(0.08)) {
      this.budget--;
      if (this.step(depth)) return true;
    }
    return false;
  }

  /** Makes the stack hold exactly the frame's results, then forgets the frame's stack part. */
  private close(terminated: boolean): void {
    const f = this.frames[this.frames.length - 1]!;
    const above = this.stack.slice(f.height);
    const matches = above.length === f.results.length && above.every((t, i) => t === f.results[i]);
    if (!terminated && !matches) {
      for (let i = above.length; i > 0; i--) this.emit(0x1a);
      this.stack.length = f.height;
      this.need(f.results);
    }
    this.stack.length = f.height;
  }

  private blockType(): { bt: number[]; params: number[]; results: number[] } {
    const r = this.rng;
    const k = r.int(4);
    if (k === 0) return { bt: [0x40], params: [], results: [] };
    if (k === 1) { const t = r.pick(NUM_TYPES); return { bt: [t], params: [], results: [t] }; }
    if (k === 2) return { bt: [5], params: [], results: [I32, I64] };
    return { bt: [1], params: [I32], results: [I32] };
  }

  private block(kind: 'block' | 'loop' | 'if', depth: number): void {
    const { bt, params, results } = this.blockType();
    this.need(params);
    if (kind === 'if') this.need([I32]);
    this.emit(kind === 'block' ? 0x02 : kind === 'loop' ? 0x03 : 0x04, ...bt);
    if (kind === 'if') this.pop(1);
    const height = this.stack.length - params.length;
    this.frames.push({ results: kind === 'loop' ? params : results, height, loop: kind === 'loop' });
    // inside, the label of a loop is its params; the end still produces `results`
    const ends: Frame = { results, height, loop: false };
    let terminated = this.seq(depth + 1);
    this.frames.pop();
    this.frames.push(ends);
    this.close(terminated);
    if (kind === 'if' && (results.length > 0 || params.length > 0 || this.rng.chance(0.5))) {
      this.emit(0x05);
      for (const p of params) this.stack.push(p);
      this.frames.pop();
      this.frames.push({ results, height, loop: false });
      terminated = this.seq(depth + 1);
      this.close(terminated);
    }
    this.frames.pop();
    this.emit(0x0b);
    for (const t of results) this.stack.push(t);
  }

  /** exec mode: `loop` that runs 1–3 times, counting down a reserved local, with a real back edge. */
  private countedLoop(depth: number): void {
    const c = this.counters[this.loopDepth]!;
    this.emit(0x41, this.rng.range(1, 3), 0x21, ...uleb(c), 0x03, 0x40);
    this.frames.push({ results: [], height: this.stack.length, loop: true });
    this.loopDepth++;
    const terminated = this.seq(depth + 1);
    this.close(terminated);
    // local.get c; i32.const 1; i32.sub; local.tee c; br_if 0
    if (!terminated) this.emit(0x20, ...uleb(c), 0x41, 0x01, 0x6b, 0x22, ...uleb(c), 0x0d, 0x00);
    this.loopDepth--;
    this.frames.pop();
    this.emit(0x0b);
  }

  /** A label we may branch to: depth and its arity types. */
  private label(): { depth: number; types: readonly number[] } | null {
    const candidates: number[] = [];
    for (let d = 0; d < this.frames.length; d++) {
      const f = this.frames[this.frames.length - 1 - d]!;
      if (!(this.ctx.exec && f.loop)) candidates.push(d);
    }
    if (candidates.length === 0) return null;
    const depth = this.rng.pick(candidates);
    return { depth, types: this.frames[this.frames.length - 1 - depth]!.results };
  }

  private step(depth: number): boolean {
    const r = this.rng;
    const roll = r.int(100);
    const t0 = this.top();
    if (roll < 12) { this.pushConst(r.pick(NUM_TYPES)); return false; }
    if (roll < 22) {
      const i = r.int(this.locals.length + 1);
      if (i < this.locals.length) { this.emit(0x20, ...uleb(i)); this.stack.push(this.locals[i]!); }
      else this.pushConst(I32);
      return false;
    }
    if (roll < 28 && t0 !== undefined) {
      const idx = this.locals.flatMap((t, i) => (t === t0 && !this.counters.includes(i) ? [i] : []));
      if (idx.length > 0) {
        const tee = r.chance(0.4);
        this.emit(tee ? 0x22 : 0x21, ...uleb(r.pick(idx)));
        if (!tee) this.pop(1);
      }
      return false;
    }
    if (roll < 31) {
      const g = r.int(GLOBALS.length);
      const def = GLOBALS[g]!;
      if (t0 === def.type && def.mutable && r.chance(0.5)) { this.emit(0x24, g); this.pop(1); }
      else { this.emit(0x23, g); this.stack.push(def.type); }
      return false;
    }
    if (roll < 55) { this.numOp(); return false; }
    if (roll < 62) {
      const op = r.pick(LOADS);
      if (t0 !== I32) this.address();
      this.emit(op.code, ...this.memarg(op.align));
      this.pop(1);
      this.stack.push(op.type);
      return false;
    }
    if (roll < 68) {
      const op = r.pick(STORES);
      if (!(this.top() === op.type && this.top(1) === I32)) { this.address(); this.pushConst(op.type); }
      this.emit(op.code, ...this.memarg(op.align));
      this.pop(2);
      return false;
    }
    if (roll < 71 && t0 !== undefined) { this.emit(0x1a); this.pop(1); return false; }
    if (roll < 73) {
      if (!(t0 === I32 && this.top(1) !== undefined && this.top(1) === this.top(2))) {
        const t = r.pick(NUM_TYPES);
        this.need([t, t, I32]);
      }
      this.emit(0x1b);
      this.pop(2);
      return false;
    }
    if (roll < 80 && depth < 4) {
      const kind = r.pick(['block', 'loop', 'if'] as const);
      if (kind === 'loop' && this.ctx.exec) {
        if (this.loopDepth < MAX_COUNTED_LOOPS) this.countedLoop(depth);
      } else this.block(kind, depth);
      return false;
    }
    if (roll < 83) return this.branch();
    if (roll < 87) { this.call(); return false; }
    if (roll < 90) { this.memoryOp(); return false; }
    if (roll < 92) { this.refOp(); return false; }
    if (roll < 93) return this.terminator();
    this.numOp();
    return false;
  }

  private numOp(): void {
    const ops = NUM_OPS.filter((o) => o.ins.every((t, i) => this.top(o.ins.length - 1 - i) === t));
    const op = ops.length > 0 && this.rng.chance(0.85) ? this.rng.pick(ops) : this.rng.pick(NUM_OPS);
    if (!ops.includes(op)) this.need(op.ins);
    this.emit(...op.code);
    this.pop(op.ins.length);
    this.stack.push(op.out);
  }

  private branch(): boolean {
    const l = this.label();
    if (!l) return false;
    const conditional = this.rng.chance(0.7);
    this.need(l.types);
    if (conditional) {
      this.need([I32]);
      this.emit(0x0d, ...uleb(l.depth));
      this.pop(1);
      return false;
    }
    if (this.rng.chance(0.5)) {
      this.emit(0x0c, ...uleb(l.depth));
      return true;
    }
    // br_table: every target must have the same arity types; reuse l for all of them
    const same: number[] = [];
    for (let d = 0; d < this.frames.length; d++) {
      const f = this.frames[this.frames.length - 1 - d]!;
      const ok = !(this.ctx.exec && f.loop) && f.results.length === l.types.length && f.results.every((t, i) => t === l.types[i]);
      if (ok) same.push(d);
    }
    this.need([I32]);
    const targets = Array.from({ length: this.rng.int(4) }, () => this.rng.pick(same));
    this.emit(0x0e, ...uleb(targets.length), ...targets.flatMap((d) => uleb(d)), ...uleb(l.depth));
    return true;
  }

  private terminator(): boolean {
    if (this.rng.chance(0.5)) { this.emit(0x00); return true; }
    this.need(this.sig.results);
    this.emit(0x0f);
    return true;
  }

  private call(): void {
    const { funcTypes, self, exec } = this.ctx;
    const callable = exec ? self : funcTypes.length;
    if (this.rng.chance(exec ? 0.15 : 0.3)) {
      const ti = this.rng.int(SIGS.length);
      const s = SIGS[ti]!;
      this.need(s.params);
      if (this.rng.chance(0.2)) this.need([I32]);
      else { this.emit(0x41, ...sleb(this.rng.int(funcTypes.length + 2))); this.stack.push(I32); }
      this.emit(0x11, ...uleb(ti), 0x00);
      this.pop(s.params.length + 1);
      this.stack.push(...s.results);
      return;
    }
    if (callable === 0) return;
    const f = this.rng.int(callable);
    const s = SIGS[funcTypes[f]!]!;
    this.need(s.params);
    this.emit(0x10, ...uleb(f));
    this.pop(s.params.length);
    this.stack.push(...s.results);
  }

  private memoryOp(): void {
    const r = this.rng;
    const k = r.int(6);
    if (k === 0) { this.emit(0x3f, 0x00); this.stack.push(I32); return; }
    if (k === 1) {
      this.emit(0x41, ...sleb(r.chance(0.8) ? r.int(2) : r.u32() | 0));
      this.emit(0x40, 0x00);
      this.stack.push(I32);
      return;
    }
    const args = (): void => {
      this.emit(0x41, ...sleb(r.int(66000)), 0x41, ...sleb(r.int(66000)), 0x41, ...sleb(r.chance(0.9) ? r.int(300) : r.u32() | 0));
    };
    if (k === 2) { args(); this.emit(0xfc, 11, 0x00); return; } // memory.fill
    if (k === 3) { args(); this.emit(0xfc, 10, 0x00, 0x00); return; } // memory.copy
    if (k === 4) {
      const seg = r.int(DATA_SEGMENTS);
      this.emit(0x41, ...sleb(r.int(66000)), 0x41, ...sleb(r.int(24)), 0x41, ...sleb(r.int(24)));
      this.emit(0xfc, 8, ...uleb(seg), 0x00); // memory.init
      return;
    }
    this.emit(0xfc, 9, ...uleb(r.int(DATA_SEGMENTS))); // data.drop
  }

  private refOp(): void {
    const r = this.rng;
    const k = r.int(3);
    if (k === 0) { this.emit(0xd0, 0x70, 0xd1); this.stack.push(I32); return; } // ref.null func; ref.is_null
    if (k === 1) { this.emit(0xfc, 16, 0x00); this.stack.push(I32); return; } // table.size
    this.emit(0x41, ...sleb(r.int(8)), 0x25, 0x00, 0xd1); // table.get; ref.is_null
    this.stack.push(I32);
  }
}

/** A whole generated module: funcTypes and the encoded bodies. */
export const generateFuncs = (rng: Rng, exec: boolean): { funcTypes: number[]; bodies: number[][] } => {
  const n = rng.range(1, 4);
  const funcTypes = Array.from({ length: n }, () => rng.int(SIGS.length));
  const bodies = funcTypes.map((t, self) => new BodyGen(rng, { funcTypes, self, exec }, SIGS[t]!).generate());
  return { funcTypes, bodies };
};
