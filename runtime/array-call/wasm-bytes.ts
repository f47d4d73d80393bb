/** A tiny WebAssembly binary writer for the runtime's generated trampoline modules. */

/** Growable byte buffer with LEB128 and section helpers. */
export class WasmBytes {
  readonly out: number[] = [];

  byte(...b: number[]): this {
    for (const x of b) this.out.push(x);
    return this;
  }

  u32(n: number): this {
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      this.out.push(b);
    } while (n !== 0);
    return this;
  }

  i32(n: number): this {
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.out.push(b | 0x80);
    }
  }

  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    this.u32(enc.length);
    for (const b of enc) this.out.push(b);
    return this;
  }

  vec<T>(items: readonly T[], f: (w: this, item: T) => void): this {
    this.u32(items.length);
    for (const it of items) f(this, it);
    return this;
  }

  /** Appends section `id` with `body` as its contents. */
  section(id: number, body: WasmBytes): this {
    this.byte(id).u32(body.out.length);
    for (const b of body.out) this.out.push(b);
    return this;
  }

  bytes(): Uint8Array<ArrayBuffer> { return new Uint8Array(this.out); }
}

/** Module header (magic + version 1). */
export const moduleHeader = (): WasmBytes => new WasmBytes().byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

/** Writes a function type. */
export const writeFuncType = (w: WasmBytes, params: readonly number[], results: readonly number[]): void => {
  w.byte(0x60).vec(params, (x, t) => x.byte(t)).vec(results, (x, t) => x.byte(t));
};
