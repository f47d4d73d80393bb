/**
 * The facade's `WebAssembly.Module`: guest bytes compiled by Windlass into a runtime Module,
 * with the static reflection functions `imports`, `exports` and `customSections`.
 */
import { Module as RtModule } from '../index.js';
import type { Engine } from '../index.js';
import { copyBufferSource, withHostGlobal } from './host.js';
import { facadeBoundary, toFacadeError } from './errors.js';
import { moduleHandles, unwrap } from './handles.js';

/** The facade Module class plus the compile paths the namespace functions use. */
export interface ModuleFacade {
  readonly Module: typeof WebAssembly.Module;
  /** Compiles (asynchronous host compile) and wraps; rejects with the facade's errors. */
  readonly compileAsync: (bytes: Uint8Array<ArrayBuffer>) => Promise<WebAssembly.Module>;
}

/** Builds the Module class of one facade; `onCompile` sees every runtime Module it creates. */
export const makeModuleClass = (engine: Engine, onCompile: ((m: RtModule) => void) | undefined): ModuleFacade => {
  const adopt = (target: object, rt: RtModule): void => {
    moduleHandles.set(target, rt);
    onCompile?.(rt);
  };
  class Module implements WebAssembly.Module {
    constructor(bytes: BufferSource) {
      const copy = copyBufferSource(bytes, 'WebAssembly.Module()');
      adopt(this, facadeBoundary(() => RtModule.fromBytes(engine, copy)));
    }
    /** Import descriptors `{module, name, kind}` in import order. */
    static imports(moduleObject: WebAssembly.Module): WebAssembly.ModuleImportDescriptor[] {
      const rt = unwrap(moduleHandles, moduleObject, 'WebAssembly.Module.imports()');
      return rt.imports().map((i) => ({ module: i.module, name: i.name, kind: i.kind }));
    }
    /** Export descriptors `{name, kind}` in export order. */
    static exports(moduleObject: WebAssembly.Module): WebAssembly.ModuleExportDescriptor[] {
      const rt = unwrap(moduleHandles, moduleObject, 'WebAssembly.Module.exports()');
      return rt.exports().map((e) => ({ name: e.name, kind: e.kind }));
    }
    /** Fresh copies of the contents of every custom section called `sectionName`. */
    static customSections(moduleObject: WebAssembly.Module, sectionName: string): ArrayBuffer[] {
      const rt = unwrap(moduleHandles, moduleObject, 'WebAssembly.Module.customSections()');
      if (arguments.length < 2) throw new TypeError('WebAssembly.Module.customSections(): Argument 1 is required');
      return rt.customSections(String(sectionName)).map((b) => b.slice(0));
    }
    get [Symbol.toStringTag](): string { return 'WebAssembly.Module'; }
  }
  const compileAsync = async (bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> => {
    let rt: RtModule;
    try {
      rt = await withHostGlobal(() => RtModule.compile(engine, bytes));
    } catch (e) {
      throw toFacadeError(e);
    }
    const m = Object.create(Module.prototype) as Module;
    adopt(m, rt);
    return m;
  };
  return { Module, compileAsync };
};
