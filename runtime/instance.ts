/**
 * Instance: links a module's imports, creates its memories and tables, instantiates the host
 * module, applies active segments (`!init`), builds the exports and runs the start function.
 */
import { HostWebAssembly } from './host-wasm.js';
import { HOST_BUILTIN_MODULE, HOST_GUEST_IMPORT_MODULE, hostExportName, hostImportName } from '../abi/host-names.js';
import { ExternKind, ValType } from '../abi/types.js';
import { createBuiltins } from './builtins/index.js';
import { assertEpochSupported } from './epoch.js';
import type { Extern } from './extern.js';
import { Func } from './func.js';
import { Global, hostValueTypeName } from './global.js';
import { checkImport } from './link-check.js';
import { Memory } from './memory.js';
import { importExternType } from './module.js';
import type { Module } from './module.js';
import type { Store } from './store.js';
import { Table } from './table.js';
import { LinkError, translateError } from './trap.js';

type Callable = (...args: unknown[]) => unknown;

/** The externs an instance uses, per kind in guest index order (imported first). */
interface Linked {
  readonly funcs: Func[];
  readonly tables: Table[];
  readonly memories: Memory[];
  readonly globals: Global[];
}

/** Link-checks `imports` against the module's imports and sorts them by kind. */
const linkImports = (module: Module, imports: readonly Extern[]): Linked => {
  const g = module.artifact.guest;
  if (imports.length !== g.imports.length) {
    throw new LinkError(`expected ${g.imports.length} import(s), got ${imports.length}`);
  }
  const linked: Linked = { funcs: [], tables: [], memories: [], globals: [] };
  g.imports.forEach((imp, i) => {
    const ext = imports[i]!;
    checkImport(imp.module, imp.name, importExternType(g, imp), ext);
    switch (imp.desc.kind) {
      case ExternKind.func: linked.funcs.push(ext as Func); break;
      case ExternKind.table: linked.tables.push(ext as Table); break;
      case ExternKind.memory: linked.memories.push(ext as Memory); break;
      case ExternKind.global: linked.globals.push(ext as Global); break;
    }
  });
  return linked;
};

/** The host import object (abi/host-names.ts): guest imports, builtins, memories, bounds, tables. */
const hostImportObject = (store: Store, module: Module, linked: Linked): WebAssembly.Imports => {
  const guest: Record<string, unknown> = {};
  linked.funcs.forEach((f, i) => { guest[hostImportName.func(i)] = f.hostFunction; });
  linked.globals.forEach((gl, i) => { guest[hostImportName.global(i)] = gl.hostGlobal; });
  const runtime: Record<string, unknown> = {
    ...createBuiltins({ store, memories: linked.memories, artifact: module.artifact }),
  };
  const tunables = module.artifact.tunables;
  if (tunables.fuel) runtime[hostImportName.fuel] = store.fuelTank.global;
  if (tunables.callDepthChecks) runtime[hostImportName.depth] = store.depthGlobal;
  if (tunables.epochInterruption) {
    assertEpochSupported(store.engine.epochSupport, module.artifact);
    runtime[hostImportName.epoch] = store.engine.epochCounter!.memory;
    runtime[hostImportName.epochDeadline] = store.epochDeadline.global;
  }
  linked.memories.forEach((m, i) => {
    runtime[hostImportName.memory(i)] = m.hostMemory;
    runtime[hostImportName.memoryBound(i)] = m.bound;
    runtime[hostImportName.memoryLast(i)] = m.last;
  });
  linked.tables.forEach((t, i) => { runtime[hostImportName.table(i)] = t.hostTable; });
  return { [HOST_GUEST_IMPORT_MODULE]: guest, [HOST_BUILTIN_MODULE]: runtime } as WebAssembly.Imports;
};

/**
 * Creates typed handles for every guest function the host module exports (`f<i>`), so references
 * to them (tables, funcref results) map back to typed, identity-stable `Func`s.
 */
const registerGuestFuncs = (store: Store, module: Module, hostExports: WebAssembly.Exports): void => {
  const artifact = module.artifact;
  const g = artifact.guest;
  const exportNames = new Map<number, string>();
  for (const exp of g.exports) if (exp.kind === ExternKind.func && !exportNames.has(exp.index)) exportNames.set(exp.index, exp.name);
  for (const key of Object.keys(hostExports)) {
    const m = /^f(\d+)$/.exec(key);
    const index = m ? Number(m[1]) : -1;
    if (index < g.numImportedFuncs || index >= g.funcTypes.length) continue;
    Func.fromHostFunction(store, hostExports[key] as Function, g.types[g.funcTypes[index]!], {
      name: g.funcNames.get(index) ?? exportNames.get(index),
      owner: artifact,
    });
  }
};

/** Calls host-level guest code with no arguments, translating host traps. */
const runGuest = (store: Store, fn: unknown, module: Module): void => {
  try {
    (fn as Callable)();
  } catch (e) {
    store.resetCallDepth();
    throw translateError(e, module.artifact);
  }
};

/**
 * An instantiated module. Construction follows spec 2.0 order: link checks → create defined
 * memories and tables → host instantiation → active element then data segments (a trap there
 * fails instantiation with that `Trap`; writes already done stay) → start function.
 * Impossible memory/table sizes (host limits) and store limits (runtime/limits.ts) throw RangeError
 * before anything is instantiated.
 */
export class Instance {
  /** Guest exports by name, in guest order. */
  readonly exports: Readonly<Record<string, Extern>>;
  /** The host instance. */
  readonly hostInstance: WebAssembly.Instance;
  /** @internal memories in guest index order (imported first). */
  readonly memories: readonly Memory[];
  /** @internal tables in guest index order (imported first). */
  readonly tables: readonly Table[];

  /** Instantiates `module` in `store`; `imports` are in the module's import order. */
  constructor(
    readonly store: Store,
    readonly module: Module,
    imports: readonly Extern[],
  ) {
    const g = module.artifact.guest;
    const linked = linkImports(module, imports);
    store.resources.addInstance();
    for (const t of g.tables.slice(g.numImportedTables)) linked.tables.push(Table.new(store, t));
    for (const m of g.memories.slice(g.numImportedMemories)) linked.memories.push(Memory.new(store, m));
    this.memories = linked.memories;
    this.tables = linked.tables;

    try {
      this.hostInstance = new HostWebAssembly.Instance(module.hostModule, hostImportObject(store, module, linked));
    } catch (e) {
      if (e instanceof HostWebAssembly.LinkError) throw new LinkError(e.message, { cause: e });
      throw translateError(e, module.artifact);
    }
    const hostExports = this.hostInstance.exports;
    registerGuestFuncs(store, module, hostExports);

    const init = hostExports[hostExportName.init];
    if (typeof init === 'function') runGuest(store, init, module);

    const funcAt = (index: number): Func => {
      if (index < g.numImportedFuncs) return linked.funcs[index]!;
      const host = hostExports[hostExportName.func(index)];
      if (typeof host !== 'function') throw new Error(`internal error: host module does not export guest function ${index}`);
      return Func.fromHostFunction(store, host, g.types[g.funcTypes[index]!], { owner: module.artifact });
    };
    const computed = new Set(g.computedGlobals);
    const globalAt = (index: number): Global => {
      if (index < g.numImportedGlobals) return linked.globals[index]!;
      const host = hostExports[hostExportName.global(index)];
      if (!(host instanceof HostWebAssembly.Global)) throw new Error(`internal error: host module does not export guest global ${index}`);
      const type = g.globals[index]!;
      if (!type.mutable && type.type !== ValType.v128 && computed.has(index)) {
        // computed by `!init` into a mutable host global: export an immutable copy of its value
        const copy = new HostWebAssembly.Global({ value: hostValueTypeName(type.type), mutable: false }, host.value);
        return Global.fromHostGlobal(store, copy, type);
      }
      return Global.fromHostGlobal(store, host, type);
    };
    const exports: Record<string, Extern> = {};
    for (const exp of g.exports) {
      switch (exp.kind) {
        case ExternKind.func: exports[exp.name] = funcAt(exp.index); break;
        case ExternKind.table: exports[exp.name] = linked.tables[exp.index]!; break;
        case ExternKind.memory: exports[exp.name] = linked.memories[exp.index]!; break;
        case ExternKind.global: exports[exp.name] = globalAt(exp.index); break;
      }
    }
    this.exports = Object.freeze(exports);

    if (g.start !== null) runGuest(store, funcAt(g.start).hostFunction, module);
  }

  /** The export named `name`, if any. */
  getExport(name: string): Extern | undefined {
    return Object.hasOwn(this.exports, name) ? this.exports[name] : undefined;
  }

  /** The function export named `name`, if it is one. */
  getFunc(name: string): Func | undefined {
    const e = this.getExport(name);
    return e instanceof Func ? e : undefined;
  }

  /** The memory export named `name`, if it is one. */
  getMemory(name: string): Memory | undefined {
    const e = this.getExport(name);
    return e instanceof Memory ? e : undefined;
  }

  /** The table export named `name`, if it is one. */
  getTable(name: string): Table | undefined {
    const e = this.getExport(name);
    return e instanceof Table ? e : undefined;
  }

  /** The global export named `name`, if it is one. */
  getGlobal(name: string): Global | undefined {
    const e = this.getExport(name);
    return e instanceof Global ? e : undefined;
  }
}
