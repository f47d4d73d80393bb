/**
 * What each benchmark mode means for Windlass: the engine tunables and store setup it runs with,
 * and whether it is available in this build (a mode that is not is reported "n/a" with the reason).
 */
import type { Tunables } from '../../abi/tunables.js';
import type { StoreOptions } from '../store.js';
import type { ModeName, ModeStatus } from './types.js';

/** Unlimited fuel: the metering code runs, the guest never runs out. */
export const UNLIMITED_FUEL = (1n << 64n) - 1n;

/** A Windlass mode's configuration. */
export interface WindlassMode {
  readonly tunables: Partial<Tunables>;
  readonly store: StoreOptions;
  /** Report the fuel the run consumed. */
  readonly meterFuel: boolean;
  /**
   * Epoch interruption: a ticker thread advances the engine's epoch during the run and the store's
   * deadline is `EPOCH_FAR_DEADLINE` ticks away, so every check runs and none fires.
   */
  readonly epoch: boolean;
}

/** Deadline of the `checks+epoch` mode, in ticks: never reached. */
export const EPOCH_FAR_DEADLINE = 1n << 62n;
/** Milliseconds between the `checks+epoch` mode's epoch ticks. */
export const EPOCH_TICK_MS = 1;

/**
 * Whether `mode` can run in this build. (A host engine that cannot run one, e.g. `checks+epoch` on
 * a V8 without multi-memory, reports it per guest as n/a with the engine's reason.)
 */
export const modeStatus = (_mode: ModeName): ModeStatus => ({ available: true });

/** The Windlass configuration of `mode` (not `native`); throws for an unavailable mode. */
export const windlassMode = (mode: ModeName): WindlassMode => {
  switch (mode) {
    case 'checks': return { tunables: {}, store: {}, meterFuel: false, epoch: false };
    case 'nochecks': return { tunables: { boundsChecks: false }, store: {}, meterFuel: false, epoch: false };
    case 'checks+fuel': return { tunables: { fuel: true }, store: { fuel: UNLIMITED_FUEL }, meterFuel: true, epoch: false };
    case 'checks+epoch': return { tunables: { epochInterruption: true }, store: {}, meterFuel: false, epoch: true };
    case 'native':
      throw new Error(`mode ${mode}: not a Windlass mode`);
  }
};

/** Parses a `--modes` list; `native` is always included (every ratio is taken against it). */
export const parseModes = (text: string): ModeName[] => {
  const known = new Set<string>(['native', 'checks', 'checks+fuel', 'checks+epoch', 'nochecks']);
  const out: ModeName[] = ['native'];
  for (const m of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!known.has(m)) throw new Error(`unknown mode "${m}" (known: ${[...known].join(', ')})`);
    if (!out.includes(m as ModeName)) out.push(m as ModeName);
  }
  return out;
};
