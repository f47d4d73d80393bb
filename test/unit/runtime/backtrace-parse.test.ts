/** Backtrace parsing of V8, SpiderMonkey and JavaScriptCore stack strings, and offset mapping. */
import { describe, expect, it } from 'vitest';
import type { CompiledArtifact } from '../../../abi/artifact.js';
import { DEFAULT_TUNABLES } from '../../../abi/tunables.js';
import { registerArtifact } from '../../../runtime/artifact-registry.js';
import { guestBacktrace, guestOffsetOf, mapFrame, parseHostFrame } from '../../../runtime/backtrace.js';

const artifact: CompiledArtifact = {
  hostBytes: new Uint8Array(0),
  hostModuleName: 'wl-bt-7f3a',
  guest: {
    types: [{ params: [], results: [] }],
    imports: [],
    funcTypes: [0, 0, 0, 0],
    numImportedFuncs: 1,
    tables: [], numImportedTables: 0, memories: [], numImportedMemories: 0, globals: [], numImportedGlobals: 0,
    exports: [], start: null, customSections: [],
    moduleName: 'demo',
    funcNames: new Map([[1, 'one'], [3, 'three']]),
  },
  tunables: DEFAULT_TUNABLES,
  hostDefinedFuncBase: 3,
  offsetMap: [{ hostFunc: 3, guestFunc: 1, entries: Int32Array.of(0x40, 10, 0x50, 20, 0x60, 30) }],
  guestSize: 100,
};

describe('parseHostFrame', () => {
  it('V8 with and without module names', () => {
    expect(parseHostFrame('    at demo.one (wasm://wasm/wl-bt-7f3a-0693244a:wasm-function[3]:0x5d)'))
      .toEqual({ hostModuleName: 'wl-bt-7f3a', hostFuncIndex: 3, hostOffset: 0x5d });
    expect(parseHostFrame('    at wasm://wasm/0693244a:wasm-function[12]:0x1f0'))
      .toEqual({ hostFuncIndex: 12, hostOffset: 0x1f0 });
  });
  it('SpiderMonkey', () => {
    expect(parseHostFrame('one@http://x/y.js line 3 > WebAssembly.Module:wasm-function[3]:0x5d'))
      .toEqual({ hostFuncIndex: 3, hostOffset: 0x5d });
  });
  it('JavaScriptCore (old and new)', () => {
    expect(parseHostFrame('<?>.wasm-function[3]@[wasm code]')).toEqual({ hostFuncIndex: 3 });
    expect(parseHostFrame('one@<?>:wasm-function[4]')).toEqual({ hostFuncIndex: 4 });
  });
  it('ignores JS frames', () => {
    expect(parseHostFrame('    at Object.<anonymous> (file:///a.js:1:2)')).toBeUndefined();
    expect(parseHostFrame('Trap: unreachable')).toBeUndefined();
  });
});

describe('mapping', () => {
  it('guestOffsetOf picks the largest entry at or below the host offset', () => {
    expect(guestOffsetOf(artifact, 3, 0x3f)).toBeUndefined();
    expect(guestOffsetOf(artifact, 3, 0x40)).toBe(10);
    expect(guestOffsetOf(artifact, 3, 0x5f)).toBe(20);
    expect(guestOffsetOf(artifact, 3, 0x1000)).toBe(30);
    expect(guestOffsetOf(artifact, 4, 0x1000)).toBeUndefined();
  });
  it('mapFrame skips imports, builtins and helpers', () => {
    expect(mapFrame(artifact, { hostFuncIndex: 0 })).toBeUndefined();
    expect(mapFrame(artifact, { hostFuncIndex: 2 })).toBeUndefined();
    expect(mapFrame(artifact, { hostFuncIndex: 6 })).toBeUndefined();
    expect(mapFrame(artifact, { hostFuncIndex: 3, hostOffset: 0x55 }))
      .toEqual({ funcIndex: 1, funcName: 'one', guestOffset: 20, moduleName: 'demo' });
    expect(mapFrame(artifact, { hostFuncIndex: 4 })).toEqual({ funcIndex: 2, moduleName: 'demo' });
  });
  it('guestBacktrace uses the registry, skips foreign modules, uses the hint for unnamed frames', () => {
    registerArtifact(artifact);
    const v8 = [
      'Trap: unreachable',
      '    at trap (file:///rt.js:1:1)',
      '    at demo.three (wasm://wasm/wl-bt-7f3a-01234567:wasm-function[5]:0x70)',
      '    at other (wasm://wasm/someone-else-89abcdef:wasm-function[3]:0x70)',
      '    at demo.one (wasm://wasm/wl-bt-7f3a-01234567:wasm-function[3]:0x41)',
    ].join('\n');
    expect(guestBacktrace(v8).map((f) => [f.funcIndex, f.funcName, f.guestOffset])).toEqual([
      [3, 'three', undefined], [1, 'one', 10],
    ]);
    const sm = 'three@x.js line 1 > WebAssembly.Module:wasm-function[5]:0x70\none@x.js line 1 > WebAssembly.Module:wasm-function[3]:0x51';
    expect(guestBacktrace(sm)).toEqual([]);
    expect(guestBacktrace(sm, artifact).map((f) => f.funcIndex)).toEqual([3, 1]);
  });
});
