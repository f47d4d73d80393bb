/** Input and output of the metering probe (plain JSON: bigints as decimal strings). */

/** One call of an export in a fresh store. */
export interface MeteringCase {
  /** Label for messages. */
  readonly name: string;
  /** Guest bytes, base64. */
  readonly wasm: string;
  readonly export: string;
  /** Arguments: numbers, or decimal strings ending in `n` for i64. */
  readonly args?: readonly (number | string)[];
  /** Fuel (decimal); absent: fuel off. */
  readonly fuel?: string;
  /** Compile with call-depth checks and use this budget. */
  readonly maxCallDepth?: number;
}

/** One guest frame of a trap's backtrace. */
export interface FrameOut {
  readonly funcIndex: number;
  readonly funcName: string | null;
  readonly guestOffset: number | null;
}

export interface MeteringOutcome {
  readonly name: string;
  /** The result (`-0`, `NaN`, `5n` exact), or null after a trap. */
  readonly value: string | null;
  /** The trap code, or null. */
  readonly trap: string | null;
  /** Fuel consumed (decimal), or null without fuel. */
  readonly fuelConsumed: string | null;
  readonly backtrace: readonly FrameOut[];
}

export interface MeteringOutput {
  readonly engine: string;
  readonly outcomes: readonly MeteringOutcome[];
}
