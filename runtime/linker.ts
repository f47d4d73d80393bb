/**
 * Linker: a name → extern registry that resolves a module's imports by (module, name)
 * and instantiates it. Later definitions of the same name shadow earlier ones.
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

const key = (module: string, name: string): string => `${module}\u0000${name}`;

/** Resolves imports by name. */
export class Linker {
  readonly #defs = new Map<string, Extern>();

  /** @param engine the engine of the modules this linker instantiates. */
  constructor(readonly engine: Engine) {}

  /** Defines `module`.`name` as `extern` (replacing an earlier definition). */
  define(module: string, name: string, extern: Extern): this {
    this.#defs.set(key(module, name), extern);
    return this;
  }

  /** Defines `module`.`name` as JS function `fn` of type `type` (see `Func.fromJs`). */
  defineFunc(store: Store, module: string, name: string, type: FuncType, fn: (...args: any[]) => unknown): this {
    return this.define(module, name, Func.fromJs(store, type, fn));
  }

  /** Defines every export of `instance` under module name `moduleName`. */
  instance(moduleName: string, instance: Instance): this {
    for (const [name, ext] of Object.entries(instance.exports)) this.define(moduleName, name, ext);
    return this;
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
