/**
 * Linker: a name → extern registry that resolves a module's imports by (module, name)
 * and instantiates it. Defining a name twice is an error unless shadowing is allowed
 * (`allowShadowing(true)`), then the later definition wins (Wasmtime's rule).
 */
import type { FuncType } from '../abi/types.js';
import type { Engine } from './engine.js';
import type { Extern } from './extern.js';
import { Func } from './func.js';
import { Instance } from './instance.js';
import { unknownImport } from './link-check.js';
import { importExternType } from './module.js';
import type { Module } from './module.js';
import type { Store } from './store.js';
import { LinkError } from './trap.js';
import type { HostResultOf, Signature, ValTypeName, ValsOf } from './val.js';
import { WASI_MODULE } from './wasi/constants.js';
import { WASI_SIGNATURES } from './wasi/signatures.js';
import type { Wasi } from './wasi/wasi.js';

const key = (module: string, name: string): string => `${module}\u0000${name}`;

/** A WASI function `defineWasi` promised; its host function is made when first needed. */
interface PendingWasi {
  readonly store: Store;
  readonly wasi: Wasi;
  readonly name: string;
}

/** Resolves imports by name. */
export class Linker {
  readonly #defs = new Map<string, Extern>();
  /**
   * WASI functions defined by `defineWasi` but not made yet: making one means a host wasm
   * function (and, on first use of its signature, a compiled import wrapper), and a command
   * imports a handful of the 45 or so.
   */
  readonly #pendingWasi = new Map<string, PendingWasi>();
  #shadowing = false;

  /** @param engine the engine of the modules this linker instantiates. */
  constructor(readonly engine: Engine) {}

  /** Allows (or forbids, the default) redefining a name; when allowed the later definition wins. */
  allowShadowing(allow: boolean): this {
    this.#shadowing = allow;
    return this;
  }

  /**
   * Defines `module`.`name` as `extern`. Throws `LinkError` when the name is already defined and
   * shadowing is not allowed.
   */
  define(module: string, name: string, extern: Extern): this {
    const k = key(module, name);
    this.#checkNew(module, name, k);
    this.#pendingWasi.delete(k);
    this.#defs.set(k, extern);
    return this;
  }

  /** Throws when `module`.`name` (key `k`) is defined and shadowing is not allowed. */
  #checkNew(module: string, name: string, k: string): void {
    if (!this.#shadowing && (this.#defs.has(k) || this.#pendingWasi.has(k))) {
      throw new LinkError(`\`${module}\`.\`${name}\` is defined twice (allowShadowing(true) lets a later definition replace it)`);
    }
  }

  /** Defines `module`.`name` as the typed host function `fn` (see `Func.wrap`). */
  func<const P extends readonly ValTypeName[], const R extends readonly ValTypeName[]>(
    store: Store, module: string, name: string, sig: Signature<P, R>, fn: (...args: ValsOf<P>) => HostResultOf<R>): this {
    return this.define(module, name, Func.wrap(store, sig, fn));
  }

  /** Defines `module`.`name` as the dynamic host function `fn` (see `Func.new`). */
  funcNew<const P extends readonly ValTypeName[], const R extends readonly ValTypeName[]>(
    store: Store, module: string, name: string, sig: Signature<P, R>,
    fn: (args: ValsOf<P>) => ValsOf<R> | (R extends readonly [] ? void : never)): this {
    return this.define(module, name, Func.new(store, sig, fn));
  }

  /** Defines `module`.`name` as JS function `fn` of type `type` (binary codes; see `Func.wrap`). */
  defineFunc(store: Store, module: string, name: string, type: FuncType, fn: (...args: any[]) => unknown): this {
    return this.define(module, name, Func.wrap(store, type, fn));
  }

  /**
   * Defines every `wasi_snapshot_preview1` function as a host function of `wasi` in `store`.
   * After instantiating, run the command with `wasi.start(instance)` (it binds the memory).
   */
  defineWasi(store: Store, wasi: Wasi): this {
    // the functions are made on first use (`get`, `instantiate`), the ones a module needs together
    for (const name of Object.keys(WASI_SIGNATURES)) {
      if (wasi.imports[name] === undefined) continue;
      const k = key(WASI_MODULE, name);
      this.#checkNew(WASI_MODULE, name, k);
      this.#defs.delete(k);
      this.#pendingWasi.set(k, { store, wasi, name });
    }
    return this;
  }

  /** Makes the pending WASI functions of `keys` (one host instantiation per store and WASI). */
  #makeWasi(keys: readonly string[]): void {
    const groups = new Map<Store, Map<Wasi, string[]>>();
    for (const k of keys) {
      const p = this.#pendingWasi.get(k);
      if (p === undefined) continue;
      let byWasi = groups.get(p.store);
      if (byWasi === undefined) groups.set(p.store, (byWasi = new Map()));
      let ks = byWasi.get(p.wasi);
      if (ks === undefined) byWasi.set(p.wasi, (ks = []));
      if (!ks.includes(k)) ks.push(k);
    }
    for (const [store, byWasi] of groups) {
      for (const [wasi, ks] of byWasi) {
        const names = ks.map((k) => this.#pendingWasi.get(k)!.name);
        const funcs = Func.fromJsBatch(store, names.map((name) => ({ type: WASI_SIGNATURES[name]!, fn: wasi.imports[name]! })));
        ks.forEach((k, i) => {
          this.#pendingWasi.delete(k);
          this.#defs.set(k, funcs[i]!);
        });
      }
    }
  }

  /** Defines every export of `instance` under module name `moduleName`. */
  instance(moduleName: string, instance: Instance): this {
    for (const [name, ext] of Object.entries(instance.exports)) this.define(moduleName, name, ext);
    return this;
  }

  /**
   * Instantiates `module` in `store` with this linker's definitions and defines its exports
   * under `moduleName`; returns the instance.
   */
  module(store: Store, moduleName: string, module: Module): Instance {
    const instance = this.instantiate(store, module);
    this.instance(moduleName, instance);
    return instance;
  }

  /** The definition of `module`.`name`, if any. */
  get(module: string, name: string): Extern | undefined {
    const k = key(module, name);
    if (this.#pendingWasi.has(k)) this.#makeWasi([k]);
    return this.#defs.get(k);
  }

  /**
   * Resolves every import of `module` and instantiates it in `store`. Throws LinkError
   * ("unknown import" / "incompatible import type") or the instantiation's Trap.
   */
  instantiate(store: Store, module: Module): Instance {
    const g = module.artifact.guest;
    if (this.#pendingWasi.size > 0) this.#makeWasi(g.imports.map((imp) => key(imp.module, imp.name)));
    const externs = g.imports.map((imp) => {
      const ext = this.get(imp.module, imp.name);
      if (ext === undefined) throw unknownImport(imp.module, imp.name, importExternType(g, imp));
      return ext;
    });
    return new Instance(store, module, externs);
  }
}
