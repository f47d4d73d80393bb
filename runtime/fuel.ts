/**
 * A store's fuel: the i64 counter compiled code charges (Wasmtime's encoding: consumed fuel
 * counting up towards 0, so "none left" is `counter >= 0`), a reserve behind it, the
 * out-of-fuel callback and the wall-clock deadline built on fuel slices.
 */
import { HostWebAssembly } from './host-wasm.js';
import { Trap } from './trap.js';
import type { CompiledArtifact } from '../abi/artifact.js';

const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
/**
 * Fuel handed to compiled code at a time while a deadline is set, at first: the clock is read once
 * per slice. The slice then adapts so that one lasts about `SLICE_TARGET_MS` (between the bounds).
 */
export const DEADLINE_SLICE = 100_000n;
const MIN_SLICE = 10_000n;
const MAX_SLICE = 1n << 32n;
const SLICE_TARGET_MS = 1;

/**
 * Called when the guest has no fuel left. Return more fuel (> 0) to continue, or 0 / undefined
 * to trap `OutOfFuel`; it may also throw (e.g. a `Trap`), or set the fuel itself.
 */
export type OutOfFuelCallback = () => number | bigint | undefined | void;

/** Converts a fuel amount argument to a bigint in [0, 2^64). */
export const toFuel = (n: number | bigint, what: string): bigint => {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`${what}: ${n} is not a safe integer`);
  const v = BigInt(n);
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what}: ${v} is outside [0, 2^64)`);
  return v;
};

const now = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** The fuel of one store. Fuel is whole units; amounts are bigints (fuel can exceed 2^53). */
export class FuelTank {
  /** The counter compiled code imports (`wl.fuel`): -(fuel handed to compiled code), charges added. */
  readonly global: WebAssembly.Global = new HostWebAssembly.Global({ value: 'i64', mutable: true }, 0n);
  /** Fuel not yet handed to compiled code. */
  #reserve = 0n;
  #callback: OutOfFuelCallback | null = null;
  /** performance.now() time after which the guest is interrupted, or null. */
  #deadline: number | null = null;
  /** Current deadline slice, and when the last one was handed out. */
  #slice = DEADLINE_SLICE;
  #sliceStart = 0;

  /** Fuel left (0 once exhausted, even when the last run overshot). */
  get(): bigint {
    const left = this.#reserve - (this.global.value as bigint);
    return left < 0n ? 0n : left;
  }

  /** Sets the fuel left to `n` (0 ≤ n < 2^64). */
  set(n: number | bigint): void {
    this.#spread(toFuel(n, 'setFuel'));
  }

  /** Hands at most one slice (deadline set) or 2^63-1 (the counter's range) to compiled code. */
  #spread(total: bigint): void {
    const cap = this.#deadline === null ? I64_MAX : this.#slice;
    const active = total < cap ? total : cap;
    this.#reserve = total - active;
    this.global.value = -active;
  }

  setCallback(cb: OutOfFuelCallback | null): void {
    this.#callback = cb;
  }

  /** Interrupts the guest (Trap `Interrupt`) once `ms` milliseconds from now have passed; null clears it. */
  setDeadline(ms: number | null): void {
    if (ms !== null && !(ms >= 0)) throw new RangeError(`setDeadline: ${ms} is not a non-negative number of milliseconds`);
    const left = this.get();
    this.#sliceStart = now();
    this.#deadline = ms === null ? null : this.#sliceStart + ms;
    this.#slice = DEADLINE_SLICE;
    this.#spread(left);
  }

  /**
   * The `out_of_fuel` builtin: compiled code found the counter at or above 0. Checks the deadline,
   * refills from the reserve, else asks the callback; throws Trap `Interrupt` / `OutOfFuel`.
   */
  outOfFuel(hint: CompiledArtifact | undefined): void {
    for (;;) {
      const consumed = this.global.value as bigint;
      if (consumed < 0n) return;
      if (this.#deadline !== null) {
        const t = now();
        if (t >= this.#deadline) throw new Trap('Interrupt', { hint });
        // slices of about SLICE_TARGET_MS keep the clock reads rare and the deadline precise
        const took = t - this.#sliceStart;
        if (took < SLICE_TARGET_MS / 2 && this.#slice < MAX_SLICE) this.#slice *= 2n;
        else if (took > SLICE_TARGET_MS * 2 && this.#slice > MIN_SLICE) this.#slice /= 2n;
        this.#sliceStart = t;
      }
      if (this.#reserve > 0n) {
        const cap = this.#deadline === null ? I64_MAX : this.#slice;
        // hand out enough to cover the overshoot plus one slice (never past the counter's range)
        let take = consumed + cap;
        if (take > I64_MAX) take = I64_MAX;
        if (take > this.#reserve) take = this.#reserve;
        this.#reserve -= take;
        this.global.value = consumed - take;
        continue;
      }
      const added = this.#callback?.();
      if (added === undefined || added === null) {
        if ((this.global.value as bigint) < 0n || this.#reserve > 0n) continue; // the callback set fuel itself
        throw new Trap('OutOfFuel', { hint });
      }
      const more = toFuel(added, 'out-of-fuel callback result');
      if (more === 0n) throw new Trap('OutOfFuel', { hint });
      this.#reserve += more;
    }
  }
}
