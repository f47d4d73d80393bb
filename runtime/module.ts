/**
 * Module: a compiled guest module (winch's CompiledArtifact) plus its compiled host
 * `WebAssembly.Module`, with import/export/custom-section reflection.
 */
import { HostWebAssembly } from './host-wasm.js';
import type { CompiledArtifact, GuestModuleMeta } from '../abi/artifact.js';
import { ExternKind } from '../abi/types.js';
import type { Export, Import } from '../abi/types.js';
import { InternalCompilerError } from '../winch/compile-error.js';
import { compile } from '../winch/index.js';
import { decodeArtifact, encodeArtifact } from './artifact-codec.js';
import { assertEpochSupported } from './epoch.js';
import { registerArtifact } from './artifact-registry.js';
import { watToWasm } from './wat.js';
import type { Engine } from './engine.js';
import type { ExternType } from './extern.js';

/** An import of a module: where it comes from and what it must be. */
export type ImportType = { readonly module: string; readonly name: string } & ExternType;
/** An export of a module: its name and what it is. */
export type ExportType = { readonly name: string } & ExternType;

/** The type of guest import `imp`. */
export const importExternType = (g: GuestModuleMeta, imp: Import): ExternType => {
  const d = imp.desc;
  switch (d.kind) {
    case ExternKind.func: return { kind: 'function', type: g.types[d.typeIndex]! };
    case ExternKind.table: return { kind: 'table', type: d.type };
    case ExternKind.memory: return { kind: 'memory', type: d.type };
    case ExternKind.global: return { kind: 'global', type: d.type };
  }
};

/** The type of guest export `exp`. */
export const exportExternType = (g: GuestModuleMeta, exp: Export): ExternType => {
  switch (exp.kind) {
    case ExternKind.func: return { kind: 'function', type: g.types[g.funcTypes[exp.index]!]! };
    case ExternKind.table: return { kind: 'table', type: g.tables[exp.index]! };
    case ExternKind.memory: return { kind: 'memory', type: g.memories[exp.index]! };
    case ExternKind.global: return { kind: 'global', type: g.globals[exp.index]! };
  }
};

const hostCompileFailed = (e: unknown): never => {
  if (e instanceof HostWebAssembly.CompileError) {
    throw new InternalCompilerError(`the host engine rejected the compiled module: ${e.message}`, { cause: e });
  }
  throw e;
};

/** A compiled module, ready to instantiate in any store of its engine. */
export class Module {
  private constructor(
    /** The engine it was compiled with. */
    readonly engine: Engine,
    /** Everything the compiler produced (plain data). */
    readonly artifact: CompiledArtifact,
    /** The compiled host module. */
    readonly hostModule: WebAssembly.Module,
  ) {
    registerArtifact(artifact);
  }

  /** Compiles guest `bytes` synchronously. Throws `CompileError` for a malformed or invalid guest. */
  static fromBytes(engine: Engine, bytes: Uint8Array): Module {
    const artifact = compile(bytes, engine.tunables);
    assertEpochSupported(engine.epochSupport, artifact);
    let host: WebAssembly.Module;
    try {
      host = new HostWebAssembly.Module(artifact.hostBytes);
    } catch (e) {
      return hostCompileFailed(e);
    }
    return new Module(engine, artifact, host);
  }

  /**
   * Compiles WebAssembly text: assembled by the `wabt` package (loaded on first use; an optional
   * peer dependency), then compiled like `fromBytes`. Rejects with `WatError` for text wabt cannot
   * parse and `CompileError` for an invalid module.
   */
  static async fromText(engine: Engine, text: string): Promise<Module> {
    return Module.fromBytes(engine, await watToWasm(text));
  }

  /** Compiles guest `bytes`, with the host compilation asynchronous. */
  static async compile(engine: Engine, bytes: Uint8Array): Promise<Module> {
    const artifact = compile(bytes, engine.tunables);
    assertEpochSupported(engine.epochSupport, artifact);
    const host = await HostWebAssembly.compile(artifact.hostBytes).catch(hostCompileFailed);
    return new Module(engine, artifact, host);
  }

  /** Rebuilds a module from an artifact produced earlier (e.g. a cached one), optionally with its host module. */
  static fromArtifact(engine: Engine, artifact: CompiledArtifact, hostModule?: WebAssembly.Module): Module {
    assertEpochSupported(engine.epochSupport, artifact);
    let host = hostModule;
    if (!host) {
      try {
        host = new HostWebAssembly.Module(artifact.hostBytes);
      } catch (e) {
        return hostCompileFailed(e);
      }
    }
    return new Module(engine, artifact, host);
  }

  /**
   * The compiled module as bytes (artifact metadata + host module, versioned) for a cache.
   * `Module.deserialize` turns them back into a module without running the compiler.
   */
  serialize(): Uint8Array<ArrayBuffer> {
    return encodeArtifact(this.artifact);
  }

  /**
   * Rebuilds a module from `Module.serialize` output. Throws `DeserializeError` when the bytes
   * come from another Windlass version, artifact format or runtime ABI, or were compiled with a
   * different engine configuration (tunables) than `engine`'s; never runs the compiler.
   * The module may keep views of `bytes` (the host module and offset map are not copied when
   * they are 8-byte aligned in its buffer): do not modify `bytes` afterwards.
   */
  static deserialize(engine: Engine, bytes: Uint8Array): Module {
    return Module.fromArtifact(engine, decodeArtifact(bytes, engine.tunables));
  }

  /** Like `deserialize`, with the host compilation asynchronous. */
  static async deserializeAsync(engine: Engine, bytes: Uint8Array): Promise<Module> {
    const artifact = decodeArtifact(bytes, engine.tunables);
    assertEpochSupported(engine.epochSupport, artifact);
    const host = await HostWebAssembly.compile(artifact.hostBytes).catch(hostCompileFailed);
    return new Module(engine, artifact, host);
  }

  /** The guest module's name (from its `name` section), if any. */
  get name(): string | undefined { return this.artifact.guest.moduleName; }

  /** Imports in guest order. */
  imports(): ImportType[] {
    const g = this.artifact.guest;
    return g.imports.map((imp) => ({ module: imp.module, name: imp.name, ...importExternType(g, imp) }));
  }

  /** Exports in guest order. */
  exports(): ExportType[] {
    const g = this.artifact.guest;
    return g.exports.map((exp) => ({ name: exp.name, ...exportExternType(g, exp) }));
  }

  /** Contents (copies) of every custom section named `name`, in order. */
  customSections(name: string): ArrayBuffer[] {
    return this.artifact.guest.customSections
      .filter((s) => s.name === name)
      .map((s) => s.bytes.slice().buffer as ArrayBuffer);
  }
}
