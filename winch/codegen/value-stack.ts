/**
 * The compile-time value stack: one entry per guest operand, kept in typed arrays.
 * Entries are lazy constants or locals, or values already on the host operand stack.
 */

/** Entry kinds. Invariant: 'stack' entries form a prefix, lazy entries the suffix above it. */
export const EntryKind = { stack: 0, const: 1, local: 2 } as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

/** The bottom type of the polymorphic stack in unreachable code (matches every type). */
export const UNKNOWN_TYPE = 0;

/** Compile-time operand stack (validation types + lazy entries for codegen). */
export class ValueStack {
  kind = new Uint8Array(64);
  type = new Uint8Array(64);
  /** const: low 32 bits (i32/f32 bits, low half of i64/f64); local: the local index. */
  a = new Int32Array(64);
  /** const: high 32 bits of i64/f64. */
  b = new Int32Array(64);
  /** v128 const: the 16 bytes as 4 little-endian i32 words, at [4 * slot, 4 * slot + 4). */
  v128 = new Int32Array(4 * 64);
  height = 0;
  /** Index of the lowest lazy entry; entries [firstLazy, height) are lazy, below are 'stack'. */
  firstLazy = 0;

  reset(): void {
    this.height = 0;
    this.firstLazy = 0;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n); kind.set(this.kind); this.kind = kind;
    const type = new Uint8Array(n); type.set(this.type); this.type = type;
    const a = new Int32Array(n); a.set(this.a); this.a = a;
    const b = new Int32Array(n); b.set(this.b); this.b = b;
    const v128 = new Int32Array(4 * n); v128.set(this.v128); this.v128 = v128;
  }

  /** Pushes a value that is on the host operand stack; every entry below must already be. */
  pushStack(type: number): void {
    const h = this.height;
    if (h === this.kind.length) this.grow();
    this.kind[h] = EntryKind.stack;
    this.type[h] = type;
    this.height = h + 1;
    this.firstLazy = h + 1;
  }

  pushConst(type: number, lo: number, hi: number): void {
    const h = this.height;
    if (h === this.kind.length) this.grow();
    this.kind[h] = EntryKind.const;
    this.type[h] = type;
    this.a[h] = lo;
    this.b[h] = hi;
    this.height = h + 1;
  }

  pushLocal(type: number, index: number): void {
    const h = this.height;
    if (h === this.kind.length) this.grow();
    this.kind[h] = EntryKind.local;
    this.type[h] = type;
    this.a[h] = index;
    this.height = h + 1;
  }

  /** Sets the 16 bytes of the v128 constant at `slot` (pushed with `pushConst(v128, ...)`). */
  setV128(slot: number, w0: number, w1: number, w2: number, w3: number): void {
    const v = this.v128;
    const at = 4 * slot;
    v[at] = w0; v[at + 1] = w1; v[at + 2] = w2; v[at + 3] = w3;
  }

  /** Drops entries down to `height` (no host code; the caller handles host values). */
  truncate(height: number): void {
    this.height = height;
    if (this.firstLazy > height) this.firstLazy = height;
  }

  /** Index of the highest lazy entry that reads local `index`, or -1. */
  highestLazyLocal(index: number): number {
    const kind = this.kind;
    const a = this.a;
    for (let i = this.height - 1; i >= this.firstLazy; i--) {
      if (kind[i] === EntryKind.local && a[i] === index) return i;
    }
    return -1;
  }
}
