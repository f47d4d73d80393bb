/**
 * Store: owner of the instances, functions, memories, tables and globals created in it, of the
 * identity caches that give each host-level object one stable handle, and of the execution
 * budget its guests share: fuel, a deadline, the call-depth budget and resource limits.
 */
import { HostWebAssembly } from './host-wasm.js';
import type { Engine } from './engine.js';
import { EpochDeadline, type EpochDeadlineCallback } from './epoch.js';
import { FuelTank, type OutOfFuelCallback } from './fuel.js';
import type { Func } from './func.js';
import type { Global } from './global.js';
import { ResourceCounter, resolveLimits, type ResolvedLimits, type StoreLimits } from './limits.js';

/** Options of a new store. */
export interface StoreOptions<T = unknown> {
  /** Embedder data kept with the store (Wasmtime's `Store<T>` data), as `store.data`. */
  readonly data?: T;
  /** Resource limits (memory, tables, instances, call depth). */
  readonly limits?: StoreLimits;
  /** Initial fuel (engines with `fuel` only; default 0, as in Wasmtime: set some before running). */
  readonly fuel?: number | bigint;
}

/** A collection of runtime objects created with one engine, plus the embedder's data `T`. */
export class Store<T = unknown> {
  /** The embedder's data (`options.data`; undefined when none was given). Host functions may read and replace it. */
  data: T;
  /** @internal host function → its `Func` handle (stable identity across exports and tables). */
  readonly funcHandles = new WeakMap<Function, Func>();
  /** @internal host global → its `Global` handle. */
  readonly globalHandles = new WeakMap<WebAssembly.Global, Global>();
  /** The effective limits (Infinity where unlimited). */
  readonly limits: ResolvedLimits;
  /** @internal what the store has created, against `limits`. */
  readonly resources: ResourceCounter;
  #fuel: FuelTank | undefined;
  #epochDeadline: EpochDeadline | undefined;
  #depth: WebAssembly.Global | undefined;

  /**
   * @param engine the engine whose tunables memories created in this store follow.
   * @param options embedder data, limits and initial fuel.
   */
  constructor(readonly engine: Engine, options: StoreOptions<T> = {}) {
    this.data = options.data as T;
    this.limits = resolveLimits(options.limits);
    this.resources = new ResourceCounter(this.limits);
    if (options.fuel !== undefined) this.setFuel(options.fuel);
  }

  #tank(what: string): FuelTank {
    if (!this.engine.tunables.fuel) throw new Error(`${what}: fuel is not enabled (create the engine with { fuel: true })`);
    return this.fuelTank;
  }

  /** Sets the fuel left to `n` (0 ≤ n < 2^64). Throws when the engine does not meter fuel. */
  setFuel(n: number | bigint): void {
    this.#tank('setFuel').set(n);
  }

  /** Fuel left (0 once exhausted). Throws when the engine does not meter fuel. */
  getFuel(): bigint {
    return this.#tank('getFuel').get();
  }

  /**
   * Called when the guest runs out of fuel; it may return more fuel to continue (or set it),
   * else the guest traps `OutOfFuel`. `null` removes it.
   */
  setOutOfFuelCallback(cb: OutOfFuelCallback | null): void {
    this.#tank('setOutOfFuelCallback').setCallback(cb);
  }

  /**
   * Interrupts running guests with Trap `Interrupt` once `ms` milliseconds from now have passed
   * (checked whenever a fuel slice of `DEADLINE_SLICE` units is used up); `null` clears it.
   * Needs an engine with `fuel`; the fuel left is unchanged by slicing.
   */
  setDeadline(ms: number | null): void {
    this.#tank('setDeadline').setDeadline(ms);
  }

  /**
   * Runs `fn` with a deadline of `ms` milliseconds (see `setDeadline`), restoring "no deadline"
   * afterwards. The fuel still counts: for a deadline alone, first set "unlimited" fuel (`2n ** 64n - 1n`).
   */
  withDeadline<T>(ms: number, fn: () => T): T {
    const tank = this.#tank('withDeadline');
    this.setDeadline(ms);
    try {
      return fn();
    } finally {
      tank.setDeadline(null);
    }
  }

  #deadline(what: string): EpochDeadline {
    const counter = this.engine.epochCounter;
    if (counter === undefined) throw new Error(`${what}: epoch interruption is not enabled (create the engine with { epochInterruption: true })`);
    return (this.#epochDeadline ??= new EpochDeadline(counter));
  }

  /**
   * Sets the epoch deadline `ticks` epochs beyond the engine's current epoch (Wasmtime's
   * `set_epoch_deadline`): guest code reaching a check at or after it traps `Interrupt` or calls
   * the deadline callback. Until set, there is no deadline. Needs an engine with `epochInterruption`.
   */
  setEpochDeadline(ticks: number | bigint): void {
    this.#deadline('setEpochDeadline').set(ticks);
  }

  /** Reaching the epoch deadline traps `Interrupt` (the default). */
  epochDeadlineTrap(): void {
    this.#deadline('epochDeadlineTrap').trapOnDeadline();
  }

  /**
   * Reaching the epoch deadline calls `cb`, which returns how many ticks beyond the current epoch
   * the next deadline is (>= 1) to let the guest continue, or throws to stop it.
   */
  epochDeadlineCallback(cb: EpochDeadlineCallback): void {
    this.#deadline('epochDeadlineCallback').callbackOnDeadline(cb);
  }

  /** @internal the epoch deadline compiled code compares with (code compiled with `epochInterruption`). */
  get epochDeadline(): EpochDeadline {
    return this.#deadline('epoch interruption');
  }

  /** @internal the fuel tank compiled code charges (code compiled with `fuel`). */
  get fuelTank(): FuelTank {
    return (this.#fuel ??= new FuelTank());
  }

  /** @internal the call-depth budget global (`wl.depth`) compiled code takes its share from. */
  get depthGlobal(): WebAssembly.Global {
    return (this.#depth ??= new HostWebAssembly.Global({ value: 'i32', mutable: true }, this.limits.maxCallDepth));
  }

  /**
   * @internal Gives the whole call-depth budget back. Called when a trap or exception unwinds
   * guest frames (which skip their epilogues): guest code that regains control restores its own share.
   */
  resetCallDepth(): void {
    if (this.#depth !== undefined) this.#depth.value = this.limits.maxCallDepth;
  }
}
