/**
 * What each benchmark mode means for Windlass: the engine tunables and store setup it runs with,
 * and whether it is available in this build (a mode that is not is reported "n/a" with the reason).
 */
import { DEFAULT_TUNABLES } from '../../abi/tunables.js';
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
}

/** The tunable that turns epoch interruption on, when abi/tunables.ts has one. */
const epochTunable = (): string | undefined => Object.keys(DEFAULT_TUNABLES).find((k) => /epoch/i.test(k));

/** Whether `mode` can run in this build. */
export const modeStatus = (mode: ModeName): ModeStatus => {
  if (mode !== 'checks+epoch') return { available: true };
  const key = epochTunable();
  return key === undefined
    ? { available: false, reason: 'abi/tunables.ts has no epoch-interruption tunable in this build' }
    : { available: false, reason: `the harness is not wired to the "${key}" tunable yet` };
};

/** The Windlass configuration of `mode` (not `native`); throws for an unavailable mode. */
export const windlassMode = (mode: ModeName): WindlassMode => {
  switch (mode) {
    case 'checks': return { tunables: {}, store: {}, meterFuel: false };
    case 'nochecks': return { tunables: { boundsChecks: false }, store: {}, meterFuel: false };
    case 'checks+fuel': return { tunables: { fuel: true }, store: { fuel: UNLIMITED_FUEL }, meterFuel: true };
    case 'checks+epoch':
    case 'native':
      throw new Error(`mode ${mode}: ${modeStatus(mode).reason ?? 'not a Windlass mode'}`);
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
