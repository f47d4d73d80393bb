/**
 * The compiler's three error classes: the guest's fault (CompileError, with the
 * byte offset), valid-but-unsupported input, and our own bugs.
 */

/** The guest module is malformed or invalid. `offset` is the byte offset in the guest binary. */
export class CompileError extends Error {
  override readonly name = 'CompileError';
  constructor(
    readonly offset: number,
    readonly reason: string,
    /** 'malformed' = fails decoding; 'invalid' = decodes but fails validation. */
    readonly kind: 'malformed' | 'invalid' = 'invalid',
  ) {
    super(`${reason} (at offset 0x${offset.toString(16)})`);
  }
}

/** The guest is valid but uses a feature Windlass does not compile yet. */
export class UnsupportedError extends Error {
  override readonly name = 'UnsupportedError';
  constructor(readonly offset: number, readonly feature: string) {
    super(`unsupported: ${feature} (at offset 0x${offset.toString(16)})`);
  }
}

/** A bug in Windlass itself (an invariant did not hold). */
export class InternalCompilerError extends Error {
  override readonly name = 'InternalCompilerError';
}
