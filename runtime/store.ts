/**
 * Store: owner of the instances, functions, memories, tables and globals created in it,
 * and of the identity caches that give each host-level object one stable handle.
 */
import type { Engine } from './engine.js';
import type { Func } from './func.js';
import type { Global } from './global.js';

/** A collection of runtime objects created with one engine. */
export class Store {
  /** @internal host function → its `Func` handle (stable identity across exports and tables). */
  readonly funcHandles = new WeakMap<Function, Func>();
  /** @internal host global → its `Global` handle. */
  readonly globalHandles = new WeakMap<WebAssembly.Global, Global>();

  /** @param engine the engine whose tunables memories created in this store follow. */
  constructor(readonly engine: Engine) {}
}
