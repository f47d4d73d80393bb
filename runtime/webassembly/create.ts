/**
 * `createWebAssembly(options)`: builds one drop-in `WebAssembly` object whose modules are all
 * compiled by Windlass and whose instances, memories, tables and globals share one Store.
 */
import { Engine, Store } from '../index.js';
import type { Module as RtModule, StoreLimits } from '../index.js';
import type { Tunables } from '../../abi/tunables.js';
import { CompileError, LinkError, RuntimeError } from './errors.js';
import { HostWebAssembly, copyBufferSource, isObject } from './host.js';
import { handleOf, moduleHandles } from './handles.js';
import { makeGlobalClass } from './global.js';
import { makeInstanceClass } from './instance.js';
import { makeMemoryClass } from './memory.js';
import { makeModuleClass } from './module.js';
import { makeTableClass } from './table.js';
import { Exception, Tag } from './tag.js';
import { validateBytes } from './validate.js';

/** Options of `createWebAssembly`. */
export interface WebAssemblyFacadeOptions {
  /** Compiler/runtime tunables for every module this facade compiles. */
  readonly tunables?: Partial<Tunables>;
  /** Called with every runtime Module the facade compiles (e.g. to count or inspect them). */
  readonly onCompile?: (module: RtModule) => void;
  /**
   * Meter every guest with this much fuel (shared by all instances of the facade; turns the
   * `fuel` tunable on, and `callDepthChecks` unless the tunables say otherwise). Running out
   * traps with RuntimeError code `OutOfFuel` (docs/fuel.md).
   */
  readonly fuel?: number | bigint;
  /** Resource limits of the facade's store (memory, tables, instances, call depth). */
  readonly limits?: StoreLimits;
}

/** The facade: the standard `WebAssembly` namespace's shape plus the Tag/Exception stand-ins. */
export type WindlassWebAssembly = typeof WebAssembly & {
  readonly Tag: typeof Tag;
  readonly Exception: typeof Exception;
};

/** Awaits a Response (or a promise of one) and reads its bytes, like the streaming APIs. */
const responseBytes = async (source: Response | PromiseLike<Response>, api: string): Promise<Uint8Array<ArrayBuffer>> => {
  const response: unknown = await source;
  if (!isObject(response) || typeof (response as Partial<Response>).arrayBuffer !== 'function') {
    throw new TypeError(`${api}: Argument 0 must be a Response or a promise of one`);
  }
  const r = response as Response;
  if (r.ok === false) throw new TypeError(`${api}: HTTP status code is not ok (${r.status})`);
  return new Uint8Array(await r.arrayBuffer());
};

/**
 * Creates a drop-in replacement for the JS engine's `WebAssembly` object. Every module is
 * compiled by Windlass; the result also works installed as `globalThis.WebAssembly`.
 */
export const createWebAssembly = (options: WebAssemblyFacadeOptions = {}): WindlassWebAssembly => {
  // with fuel, call-depth checks default on: stack overflows then trap at the same depth on every
  // engine, with the exact fuel consumed (docs/fuel.md)
  const engine = new Engine(options.fuel === undefined ? options.tunables : { callDepthChecks: true, ...options.tunables, fuel: true });
  const store = new Store(engine, {
    ...(options.fuel !== undefined ? { fuel: options.fuel } : {}),
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
  });
  const { Module, compileAsync } = makeModuleClass(engine, options.onCompile);
  const memories = makeMemoryClass(store);
  const tables = makeTableClass(store);
  const globals = makeGlobalClass(store);
  const { Instance } = makeInstanceClass(store, { memory: memories.wrap, table: tables.wrap, global: globals.wrap });

  const compile = async (bytes: BufferSource): Promise<WebAssembly.Module> =>
    compileAsync(copyBufferSource(bytes, 'WebAssembly.compile()'));

  async function instantiate(bytes: BufferSource, importObject?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource>;
  async function instantiate(moduleObject: WebAssembly.Module, importObject?: WebAssembly.Imports): Promise<WebAssembly.Instance>;
  async function instantiate(
    source: BufferSource | WebAssembly.Module, importObject?: WebAssembly.Imports,
  ): Promise<WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance> {
    if (handleOf(moduleHandles, source) !== undefined) return new Instance(source as WebAssembly.Module, importObject);
    const module = await compileAsync(copyBufferSource(source, 'WebAssembly.instantiate()'));
    return { module, instance: new Instance(module, importObject) };
  }

  const facade: WindlassWebAssembly = {
    validate: (bytes: BufferSource): boolean => validateBytes(engine, copyBufferSource(bytes, 'WebAssembly.validate()')),
    compile,
    instantiate,
    compileStreaming: async (source: Response | PromiseLike<Response>): Promise<WebAssembly.Module> =>
      compileAsync(await responseBytes(source, 'WebAssembly.compileStreaming()')),
    instantiateStreaming: async (
      source: Response | PromiseLike<Response>, importObject?: WebAssembly.Imports,
    ): Promise<WebAssembly.WebAssemblyInstantiatedSource> => {
      const module = await compileAsync(await responseBytes(source, 'WebAssembly.instantiateStreaming()'));
      return { module, instance: new Instance(module, importObject) };
    },
    Module,
    Instance,
    Memory: memories.Memory,
    Table: tables.Table,
    Global: globals.Global,
    Tag,
    Exception,
    CompileError,
    LinkError,
    RuntimeError,
  };
  Object.defineProperty(facade, Symbol.toStringTag, { value: 'WebAssembly', configurable: true });
  return facade;
};

/** The host engine's own WebAssembly object, as captured when the facade was loaded. */
export const hostWebAssembly = (): typeof WebAssembly => HostWebAssembly;
