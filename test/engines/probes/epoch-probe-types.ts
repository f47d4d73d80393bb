/** Input and output of the epoch probe (plain JSON: bigints as decimal strings). */

/** One call of an export in a fresh engine (epoch interruption on) and store. */
export interface EpochCase {
  readonly name: string;
  /** Guest bytes, base64; it imports `host.tick`, which advances the epoch once per call. */
  readonly wasm: string;
  readonly export: string;
  /** Epoch deadline in ticks beyond the current epoch. */
  readonly deadline: number;
  /** Fuel (decimal); absent: fuel off. */
  readonly fuel?: string;
  /** Deadlines the callback hands out before it lets the next deadline trap (0: no callback). */
  readonly extensions?: number;
}

export interface EpochOutcome {
  readonly name: string;
  readonly trap: string | null;
  /** Calls of `host.tick` before the call returned or trapped. */
  readonly ticks: number;
  /** Callback invocations. */
  readonly callbacks: number;
  /** Fuel consumed (decimal), or null without fuel. */
  readonly fuelConsumed: string | null;
  /** The i32 at address 0 of the guest's memory afterwards. */
  readonly memory0: number;
}

export interface EpochOutput {
  readonly engine: string;
  /** What `detectEpochSupport()` says on this engine. */
  readonly support: { readonly sharedMemory: boolean; readonly multiMemory: boolean };
  /** The EpochUnsupportedError message when the engine or the guest's compilation refused, else null. */
  readonly unsupported: string | null;
  readonly outcomes: readonly EpochOutcome[];
  /**
   * An empty loop (`spin`, nothing in it but the epoch check) run with a ticker thread and a
   * deadline of 200 ticks: the trap, and the epoch advance seen. Null where unsupported.
   */
  readonly tickerSpin: { readonly trap: string | null; readonly ticks: string; readonly ticker: string } | null;
}
