/**
 * Redundant bounds-check elimination within a function: remembers, per guest local, the
 * largest access end already checked against memory 0 for the local's current value, so a later
 * access through the same unchanged local that ends no further needs no check (the bound only
 * ever grows, so calls and memory.grow keep the facts). A fact lives until the local is written
 * or control flow merges (`else`, `end`, a loop header): only code that the checking access
 * dominates may rely on it.
 */
export class CheckFacts {
  /** Generation at which each local's fact was recorded; valid when equal to `gen`. */
  private factGen = new Int32Array(64);
  /** Largest checked access end (address + offset + size) per local. */
  private factEnd = new Float64Array(64);
  private gen = 1;

  /** Starts a function with `numLocals` host locals; no facts. */
  reset(numLocals: number): void {
    if (numLocals > this.factGen.length) {
      const n = Math.max(numLocals, 2 * this.factGen.length);
      this.factGen = new Int32Array(n);
      this.factEnd = new Float64Array(n);
    }
    this.forgetAll();
  }

  /** Whether an access ending `end` bytes past local `local`'s value is known in bounds. */
  covers(local: number, end: number): boolean {
    return local < this.factGen.length && this.factGen[local] === this.gen && this.factEnd[local]! >= end;
  }

  /** Records that an access ending `end` bytes past local `local`'s value was checked. */
  record(local: number, end: number): void {
    if (local >= this.factGen.length) return;
    if (this.factGen[local] === this.gen) {
      if (this.factEnd[local]! < end) this.factEnd[local] = end;
    } else {
      this.factGen[local] = this.gen;
      this.factEnd[local] = end;
    }
  }

  /** Local `local` was written. */
  forget(local: number): void {
    if (local < this.factGen.length) this.factGen[local] = 0;
  }

  /** Control flow merges here: no fact holds on every path. */
  forgetAll(): void {
    this.gen++;
    if (this.gen === 0x7fffffff) {
      this.factGen.fill(0);
      this.gen = 1;
    }
  }
}
