/**
 * winch: the single-pass guest-to-host WebAssembly compiler. `compile` decodes the
 * guest, compiles every function body in one pass each and assembles the host module.
 */
import { DEFAULT_TUNABLES } from '../abi/index.js';
import type { CompiledArtifact, GuestModuleMeta, Tunables } from '../abi/index.js';
import { releaseCodeBuffers } from './codegen/code-buffers.js';
import { FunctionCompiler, type CompiledBody } from './codegen/function-compiler.js';
import { ModuleContext } from './codegen/module-context.js';
import { decodeModule } from './decode/module-decoder.js';
import type { ModuleInfo } from './decode/module-info.js';
import { assembleHostModule } from './emit/host-module.js';
import { buildInitBody } from './emit/init-function.js';
import { buildOuterWrappers } from './emit/outer-wrappers.js';
import { hostModuleNameFor } from './emit/module-name.js';

export { CompileError, UnsupportedError, InternalCompilerError } from './compile-error.js';
export { decodeModule } from './decode/module-decoder.js';
export type { ModuleInfo } from './decode/module-info.js';

const guestMeta = (info: ModuleInfo, ctx: ModuleContext): GuestModuleMeta => ({
  types: info.types,
  imports: info.imports,
  funcTypes: info.funcs,
  numImportedFuncs: info.numImportedFuncs,
  tables: info.tables,
  numImportedTables: info.numImportedTables,
  memories: info.memories,
  numImportedMemories: info.numImportedMemories,
  globals: info.globals,
  numImportedGlobals: info.numImportedGlobals,
  exports: info.exports,
  start: info.start,
  customSections: info.customSections,
  ...(info.moduleName !== undefined ? { moduleName: info.moduleName } : {}),
  funcNames: info.funcNames,
  ...(ctx.computedGlobals.length > 0 ? { computedGlobals: ctx.computedGlobals } : {}),
});

/**
 * Compiles a guest module to a host module.
 * Throws `CompileError` (malformed or invalid guest, or beyond a host limit),
 * `UnsupportedError` (valid guest using a feature not compiled yet) or
 * `InternalCompilerError`.
 */
export function compile(bytes: Uint8Array, tunables?: Partial<Tunables>): CompiledArtifact {
  const t: Tunables = { ...DEFAULT_TUNABLES, ...tunables };
  const info = decodeModule(bytes);
  const ctx = new ModuleContext(info, t);
  const fc = new FunctionCompiler(ctx);
  const bodies: CompiledBody[] = [];
  for (let f = info.numImportedFuncs; f < info.funcs.length; f++) bodies.push(fc.compile(f));
  if (fc.pendingUnsupported) throw fc.pendingUnsupported;
  const outers = buildOuterWrappers(ctx, fc.code);
  const init = buildInitBody(ctx, fc.code);
  const hostModuleName = hostModuleNameFor(bytes, t);
  const host = assembleHostModule(ctx, fc.code, bodies, outers, init, hostModuleName);
  releaseCodeBuffers(fc.code); // the host module and the offset map hold copies
  return {
    hostBytes: host.bytes,
    hostModuleName,
    guest: guestMeta(info, ctx),
    tunables: t,
    hostDefinedFuncBase: ctx.hostDefinedFuncBase,
    offsetMap: host.offsetMap,
    guestSize: bytes.length,
  };
}
