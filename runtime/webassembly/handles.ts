/**
 * Brand maps from facade objects to the runtime handles behind them (shared by every facade,
 * so one facade's objects can be handed to another), and checked unwrapping.
 */
import type { Global as RtGlobal, Memory as RtMemory, Module as RtModule, Table as RtTable } from '../index.js';

/** Facade Module object → runtime Module. */
export const moduleHandles = new WeakMap<object, RtModule>();
/** Facade Memory object → runtime Memory. */
export const memoryHandles = new WeakMap<object, RtMemory>();
/** Facade Table object → runtime Table. */
export const tableHandles = new WeakMap<object, RtTable>();
/** Facade Global object → runtime Global. */
export const globalHandles = new WeakMap<object, RtGlobal>();

/** Looks `v` up in `map`, throwing TypeError (like a failed WebIDL brand check) when absent. */
export const unwrap = <T>(map: WeakMap<object, T>, v: unknown, what: string): T => {
  const h = typeof v === 'object' && v !== null ? map.get(v) : undefined;
  if (h === undefined) throw new TypeError(`${what}: Receiver or argument is not a ${what.split('.')[0]}`);
  return h;
};

/** A facade object's runtime handle, or undefined when `v` is not one. */
export const handleOf = <T>(map: WeakMap<object, T>, v: unknown): T | undefined =>
  typeof v === 'object' && v !== null ? map.get(v) : undefined;
