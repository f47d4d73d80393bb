/**
 * Engine: the configuration (tunables) shared by every module compiled and every
 * store created with it.
 */
import { DEFAULT_TUNABLES } from '../abi/tunables.js';
import type { Tunables } from '../abi/tunables.js';

/** Compilation and instantiation settings. Cheap to create; holds no guest state. */
export class Engine {
  /** The effective tunables (defaults overridden by the constructor's config). */
  readonly tunables: Tunables;

  /** @param config tunables to override (see abi/tunables.ts); the rest take their defaults. */
  constructor(config: Partial<Tunables> = {}) {
    const tunables = { ...DEFAULT_TUNABLES, ...config };
    if (!Number.isInteger(tunables.canaryPages) || tunables.canaryPages < 0) {
      throw new RangeError(`Engine: canaryPages must be a non-negative integer, got ${String(tunables.canaryPages)}`);
    }
    this.tunables = Object.freeze(tunables);
  }
}
