/**
 * The CLI's metering options of `run` (with and without --wasi): --fuel N, --deadline-ms N (on fuel
 * slices, or with --epoch on epoch interruption and a ticker thread), --max-memory BYTES and
 * --max-stack-depth N, turned into engine tunables and store options, plus the fuel report.
 */
import type { StoreLimits, StoreOptions } from '../index.js';
import type { Store } from '../index.js';
import type { Tunables } from '../../abi/tunables.js';
import { startNodeEpochTicker } from './epoch-ticker.js';

/** Unlimited fuel (for a deadline without --fuel). */
const ALL_FUEL = (1n << 64n) - 1n;

/** Parsed metering options. */
export interface MeteringOptions {
  readonly fuel?: bigint;
  readonly deadlineMs?: number;
  readonly maxMemory?: number;
  readonly maxStackDepth?: number;
  /** --epoch: the deadline uses epoch interruption (a 1 ms ticker thread) instead of fuel slices. */
  readonly epoch?: boolean;
}

/** The raw option strings as parseArgs returns them. */
export interface MeteringArgs {
  readonly fuel?: string | undefined;
  readonly 'deadline-ms'?: string | undefined;
  readonly 'max-memory'?: string | undefined;
  readonly 'max-stack-depth'?: string | undefined;
  readonly epoch?: boolean | undefined;
}

/** parseArgs option declarations for the metering options. */
export const METERING_ARG_OPTIONS = {
  fuel: { type: 'string' },
  'deadline-ms': { type: 'string' },
  'max-memory': { type: 'string' },
  'max-stack-depth': { type: 'string' },
  epoch: { type: 'boolean' },
} as const;

/** Parses a non-negative decimal integer option; throws Error naming the option otherwise. */
const count = (name: string, s: string, max: bigint): bigint => {
  if (!/^\d+$/.test(s)) throw new Error(`--${name}: expected a non-negative integer, got "${s}"`);
  const v = BigInt(s);
  if (v > max) throw new Error(`--${name}: ${s} is too large (at most ${max})`);
  return v;
};

/** Validates the metering options (an Error with a usage message when one is malformed). */
export const parseMeteringArgs = (a: MeteringArgs): MeteringOptions => {
  if (a.epoch && a['deadline-ms'] === undefined) throw new Error('--epoch needs --deadline-ms N (the deadline it enforces)');
  return parseCounts(a);
};

const parseCounts = (a: MeteringArgs): MeteringOptions => ({
  ...(a.epoch ? { epoch: true } : {}),
  ...(a.fuel !== undefined ? { fuel: count('fuel', a.fuel, ALL_FUEL) } : {}),
  ...(a['deadline-ms'] !== undefined ? { deadlineMs: Number(count('deadline-ms', a['deadline-ms'], 2n ** 40n)) } : {}),
  ...(a['max-memory'] !== undefined ? { maxMemory: Number(count('max-memory', a['max-memory'], 2n ** 53n)) } : {}),
  ...(a['max-stack-depth'] !== undefined ? { maxStackDepth: Number(count('max-stack-depth', a['max-stack-depth'], 2n ** 31n - 1n)) } : {}),
});

/**
 * Engine tunables the options need: fuel for --fuel and for --deadline-ms (built on fuel slices),
 * call-depth checks for --max-stack-depth and with fuel (so that a stack overflow is a trap of
 * Windlass's own, at the same depth everywhere, with the exact fuel consumed).
 */
export const meteringTunables = (m: MeteringOptions): Partial<Tunables> => {
  const fuel = m.fuel !== undefined || (m.deadlineMs !== undefined && !m.epoch);
  return {
    ...(fuel ? { fuel: true } : {}),
    ...(m.epoch ? { epochInterruption: true } : {}),
    ...(fuel || m.maxStackDepth !== undefined ? { callDepthChecks: true } : {}),
  };
};

/** Store options: the fuel (all of it for a deadline alone) and the limits. */
export const meteringStoreOptions = (m: MeteringOptions): StoreOptions => {
  const limits: StoreLimits = {
    ...(m.maxMemory !== undefined ? { maxTotalMemoryBytes: m.maxMemory } : {}),
    ...(m.maxStackDepth !== undefined ? { maxCallDepth: m.maxStackDepth } : {}),
  };
  const fuel = m.fuel ?? (m.deadlineMs !== undefined && !m.epoch ? ALL_FUEL : undefined);
  return { limits, ...(fuel !== undefined ? { fuel } : {}) };
};

/** Milliseconds between epoch ticks for --epoch: the deadline is --deadline-ms ticks away. */
const EPOCH_TICK_MS = 1;

/**
 * Starts the deadline (if any) on `store`; everything run until the returned function is called
 * counts against it. With --epoch: a ticker thread and an epoch deadline; else fuel slices.
 */
export const startDeadline = (store: Store, m: MeteringOptions): (() => void) => {
  if (m.deadlineMs === undefined) return () => {};
  if (m.epoch) {
    const ticker = startNodeEpochTicker(store.engine, { intervalMs: EPOCH_TICK_MS });
    store.setEpochDeadline(Math.max(1, Math.ceil(m.deadlineMs / EPOCH_TICK_MS)));
    return () => ticker.stop();
  }
  store.setDeadline(m.deadlineMs);
  return () => store.setDeadline(null);
};

/** The engine, or the EpochUnsupportedError turned into a message naming --epoch. */
export const meteringEngineError = (e: unknown): string | undefined =>
  ((e as Error)?.name === 'EpochUnsupportedError' ? `--epoch: ${(e as Error).message}` : undefined);

/** `fuel consumed: N` when --fuel was given, else undefined. */
export const fuelReport = (store: Store, m: MeteringOptions): string | undefined =>
  (m.fuel === undefined ? undefined : `fuel consumed: ${m.fuel - store.getFuel()}`);
