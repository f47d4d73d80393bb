/**
 * Per-script runner state: store, linker (with `spectest` and registered instances),
 * named/current instances and module definitions, and resolution of actions.
 */
import { Func, Global, Linker, Store } from '../../index.js';
import type { Engine, Instance, Module } from '../../index.js';
import { callRaw, getGlobalRaw } from '../../raw-call.js';
import type { RawValue } from '../../raw-call.js';
import type { SpecAction } from './script.js';
import { defineSpectest } from './spectest-host.js';
import { HostRefs, parseArg } from './values.js';

/** A module or instance that could not be created, with the reason. */
export interface Failed { readonly failed: string }
const isFailed = (x: unknown): x is Failed => typeof x === 'object' && x !== null && 'failed' in x;

/** Thrown when a command refers to a module that failed or does not exist (not a guest error). */
export class ModuleUnavailable extends Error {
  override readonly name = 'ModuleUnavailable';
}

/** Mutable state of one script run. */
export class ScriptState {
  readonly store: Store;
  readonly linker: Linker;
  readonly hostRefs = new HostRefs();
  private readonly instances = new Map<string, Instance | Failed>();
  private readonly modules = new Map<string, Module | Failed>();
  private current: Instance | Failed | undefined;
  private lastModule: Module | Failed | undefined;

  constructor(readonly engine: Engine) {
    // with a fuel-metering engine, scripts run with unlimited fuel (2^64 - 1)
    this.store = new Store(engine, engine.tunables.fuel ? { fuel: (1n << 64n) - 1n } : {});
    this.linker = new Linker(engine).allowShadowing(true); // `register` may reuse a name
    defineSpectest(this.linker, this.store);
  }

  /** Records a compiled (or failed) module definition; `name` may be absent. */
  defineModule(name: string | undefined, m: Module | Failed): void {
    if (name !== undefined) this.modules.set(name, m);
    this.lastModule = m;
  }

  /** Records a new current instance (or failure); `name` may be absent. */
  setCurrent(name: string | undefined, inst: Instance | Failed): void {
    if (name !== undefined) this.instances.set(name, inst);
    this.current = inst;
  }

  /** The module definition named `name`, or the most recently defined one. */
  moduleDefinition(name: string | undefined): Module {
    const m = name === undefined ? this.lastModule : this.modules.get(name);
    if (m === undefined) throw new ModuleUnavailable(`no module ${name ?? '(current)'} defined`);
    if (isFailed(m)) throw new ModuleUnavailable(`module failed: ${m.failed}`);
    return m;
  }

  /** The instance named `name`, or the current instance. */
  instance(name: string | undefined): Instance {
    const inst = name === undefined ? this.current : this.instances.get(name);
    if (inst === undefined) throw new ModuleUnavailable(`no instance ${name ?? '(current)'}`);
    if (isFailed(inst)) throw new ModuleUnavailable(`module failed: ${inst.failed}`);
    return inst;
  }

  /** Instantiates `m` against the registry (link errors and traps propagate). */
  instantiate(m: Module): Instance {
    return this.linker.instantiate(this.store, m);
  }

  /** Makes the exports of `inst` importable under `as`. */
  register(as: string, inst: Instance): void {
    this.linker.instance(as, inst);
  }

  /** Performs an `invoke` or `get` action with exact bits. */
  perform(action: SpecAction): RawValue[] {
    const inst = this.instance(action.module);
    const ext = inst.getExport(action.field);
    if (action.type === 'get') {
      if (!(ext instanceof Global)) throw new ModuleUnavailable(`export "${action.field}" is not a global`);
      return [getGlobalRaw(ext)];
    }
    if (!(ext instanceof Func)) throw new ModuleUnavailable(`export "${action.field}" is not a function`);
    const args = (action.args ?? []).map((a) => parseArg(a, this.hostRefs));
    return callRaw(ext, args);
  }
}
