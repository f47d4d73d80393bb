/**
 * `windlass/webassembly`: a drop-in replacement for the JS engine's `WebAssembly` object whose
 * every module is compiled by Windlass. Default export: a facade with default tunables.
 */
import { createWebAssembly } from './create.js';
import type { WindlassWebAssembly } from './create.js';
import { handleOf, moduleHandles } from './handles.js';
import type { Module as RtModule } from '../index.js';

export { createWebAssembly, hostWebAssembly } from './create.js';
export type { WebAssemblyFacadeOptions, WindlassWebAssembly } from './create.js';
export { CompileError, LinkError, RuntimeError } from './errors.js';
export type { BacktraceFrame } from './errors.js';
export { Tag, Exception } from './tag.js';

/** A facade with default tunables (what `import { WebAssembly } from 'windlass/webassembly'` gives). */
export const WebAssembly: WindlassWebAssembly = createWebAssembly();
export default WebAssembly;

/** The Windlass runtime Module behind a facade `WebAssembly.Module`, or undefined for anything else. */
export const windlassModuleOf = (module: unknown): RtModule | undefined => handleOf(moduleHandles, module);
