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

/** Resolves imports by name. */
export class Linker {
  readonly #defs = new Map<string, Extern>();
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
    if (!this.#shadowing && this.#defs.has(k)) {
      throw new LinkError(`\`${module}\`.\`${name}\` is defined twice (allowShadowing(true) lets a later definition replace it)`);
    }
    this.#defs.set(k, extern);
    return this;
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
    const names = Object.keys(WASI_SIGNATURES).filter((name) => wasi.imports[name] !== undefined);
    const funcs = Func.fromJsBatch(store, names.map((name) => ({ type: WASI_SIGNATURES[name]!, fn: wasi.imports[name]! })));
    names.forEach((name, i) => this.define(WASI_MODULE, name, funcs[i]!));
    return this;
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
    return this.#defs.get(key(module, name));
  }

  /**
   * Resolves every import of `module` and instantiates it in `store`. Throws LinkError
   * ("unknown import" / "incompatible import type") or the instantiation's Trap.
   */
  instantiate(store: Store, module: Module): Instance {
    const g = module.artifact.guest;
    const externs = g.imports.map((imp) => {
      const ext = this.get(imp.module, imp.name);
      if (ext === undefined) throw unknownImport(imp.module, imp.name, importExternType(g, imp));
      return ext;
    });
    return new Instance(store, module, externs);
  }
}
