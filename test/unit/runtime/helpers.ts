/** Test helpers for the runtime: WAT → guest bytes (wabt), and one-line instantiation. */
import wabtInit from 'wabt';
import { Engine, Instance, Linker, Module, Store, Trap } from '../../../runtime/index.js';
import type { Extern, Tunables } from '../../../runtime/index.js';

const wabt = await wabtInit();

/** Assembles WAT text (multi-value, bulk memory, reference types) with a `name` section. */
export const wat = (text: string): Uint8Array => {
  const m = wabt.parseWat('t.wat', text, { multi_value: true, bulk_memory: true, reference_types: true });
  try {
    m.resolveNames();
    m.validate();
    return new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
  } finally {
    m.destroy();
  }
};

/** Everything a test usually needs. */
export interface Setup {
  readonly engine: Engine;
  readonly store: Store;
  readonly linker: Linker;
}

/** A fresh engine (with `tunables`), store and linker. */
export const setup = (tunables: Partial<Tunables> = {}): Setup => {
  const engine = new Engine(tunables);
  return { engine, store: new Store(engine), linker: new Linker(engine) };
};

/** Compiles `text` with the setup's engine. */
export const compileWat = (s: Setup, text: string): Module => Module.fromBytes(s.engine, wat(text));

/** Compiles and instantiates `text` through the setup's linker. */
export const instantiateWat = (s: Setup, text: string): Instance => s.linker.instantiate(s.store, compileWat(s, text));

/** Compiles and instantiates `text` with explicit imports. */
export const instantiateWith = (s: Setup, text: string, imports: readonly Extern[]): Instance =>
  new Instance(s.store, compileWat(s, text), imports);

/** The Trap `f` throws (any other error propagates; no throw fails). */
export const trapOf = (f: () => unknown): Trap => {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
};
