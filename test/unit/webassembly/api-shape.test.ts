// The facade's namespace shape, Module reflection (compared with the host engine's answers),
// the instantiate/compile overloads and the streaming functions.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import facadeDefault, { WebAssembly as facadeNamed, createWebAssembly, windlassModuleOf } from '../../../runtime/webassembly/index.js';
import { KITCHEN_SINK, IMPORTER, kitchenSinkImports } from './modules.js';
import { withCustomSection } from './wat.js';

const host = globalThis.WebAssembly;
const wa = createWebAssembly();

describe('namespace', () => {
  it('has every member of the standard API', () => {
    for (const f of ['validate', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming'] as const) {
      expect(typeof wa[f]).toBe('function');
    }
    for (const c of ['Module', 'Instance', 'Memory', 'Table', 'Global', 'Tag', 'Exception', 'CompileError', 'LinkError', 'RuntimeError'] as const) {
      expect(typeof wa[c]).toBe('function');
    }
    expect(Object.prototype.toString.call(wa)).toBe('[object WebAssembly]');
  });

  it('default and named exports are one default facade', () => {
    expect(facadeDefault).toBe(facadeNamed);
    expect(facadeDefault).not.toBe(host);
  });
});

describe('Module', () => {
  it('reflects imports and exports like the host engine', () => {
    const m = new wa.Module(KITCHEN_SINK);
    const h = new host.Module(KITCHEN_SINK);
    expect(wa.Module.imports(m)).toEqual(host.Module.imports(h));
    expect(wa.Module.exports(m)).toEqual(host.Module.exports(h));
    expect(wa.Module.imports(new wa.Module(IMPORTER))).toEqual(host.Module.imports(new host.Module(IMPORTER)));
    expect(wa.Module.exports(m)[0]).toEqual({ name: 'memory', kind: 'memory' });
    expect(wa.Module.imports(m)[0]).toEqual({ module: 'env', name: 'log', kind: 'function' });
  });

  it('returns custom sections as fresh ArrayBuffers', () => {
    const bytes = withCustomSection(withCustomSection(KITCHEN_SINK, 'hello', [1, 2, 3]), 'hello', [4]);
    const m = new wa.Module(bytes);
    const secs = wa.Module.customSections(m, 'hello');
    expect(secs.map((b) => [...new Uint8Array(b)])).toEqual([[1, 2, 3], [4]]);
    expect(secs[0]).toBeInstanceOf(ArrayBuffer);
    expect(wa.Module.customSections(m, 'absent')).toEqual([]);
    expect(wa.Module.customSections(m, 'hello')[0]).not.toBe(secs[0]);
  });

  it('accepts any BufferSource and copies it', () => {
    const copy = KITCHEN_SINK.slice();
    const m = new wa.Module(copy.buffer);
    copy.fill(0);
    expect(wa.Module.exports(m).length).toBeGreaterThan(0);
    expect(() => new wa.Module(new DataView(KITCHEN_SINK.slice().buffer))).not.toThrow();
    expect(() => new wa.Module('nope' as never)).toThrow(TypeError);
    expect(() => wa.Module.imports({} as never)).toThrow(TypeError);
  });

  it('accepts BufferSources from another realm', () => {
    const foreign = runInNewContext('(b) => new Uint8Array(b)')(KITCHEN_SINK) as Uint8Array<ArrayBuffer>;
    expect(foreign).not.toBeInstanceOf(Uint8Array);
    expect(wa.validate(foreign)).toBe(true);
    expect(wa.validate(foreign.buffer)).toBe(true);
    expect(wa.Module.exports(new wa.Module(foreign))).toEqual(host.Module.exports(new host.Module(KITCHEN_SINK)));
  });

  it('is compiled by Windlass', () => {
    const m = new wa.Module(KITCHEN_SINK);
    const rt = windlassModuleOf(m);
    expect(rt).toBeDefined();
    expect(rt!.artifact.hostBytes.length).toBeGreaterThan(0);
    expect(windlassModuleOf(new host.Module(KITCHEN_SINK))).toBeUndefined();
  });

  it('counts compiles through onCompile', async () => {
    let n = 0;
    const counted = createWebAssembly({ onCompile: () => { n++; } });
    new counted.Module(KITCHEN_SINK);
    await counted.compile(KITCHEN_SINK);
    await counted.instantiate(KITCHEN_SINK, kitchenSinkImports());
    expect(n).toBe(3);
  });
});

describe('validate / compile / instantiate', () => {
  const bad = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01]);

  it('validate agrees with the host', () => {
    expect(wa.validate(KITCHEN_SINK)).toBe(true);
    expect(wa.validate(bad)).toBe(false);
    expect(wa.validate(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(() => wa.validate(42 as never)).toThrow(TypeError);
  });

  it('compile resolves to a facade Module and rejects with CompileError', async () => {
    const m = await wa.compile(KITCHEN_SINK);
    expect(m).toBeInstanceOf(wa.Module);
    await expect(wa.compile(bad)).rejects.toBeInstanceOf(wa.CompileError);
    await expect(wa.compile(7 as never)).rejects.toBeInstanceOf(TypeError);
    expect(() => new wa.Module(bad)).toThrow(wa.CompileError);
  });

  it('instantiate(bytes) gives {module, instance}; instantiate(module) gives an Instance', async () => {
    const { module, instance } = await wa.instantiate(KITCHEN_SINK, kitchenSinkImports());
    expect(module).toBeInstanceOf(wa.Module);
    expect(instance).toBeInstanceOf(wa.Instance);
    expect((instance.exports['add'] as (a: number, b: number) => number)(2, 3)).toBe(5);
    const second = await wa.instantiate(module, kitchenSinkImports());
    expect(second).toBeInstanceOf(wa.Instance);
    expect(second).not.toHaveProperty('module');
    const sync = new wa.Instance(module, kitchenSinkImports());
    expect((sync.exports['plusBase'] as (a: number) => number)(1)).toBe(101);
  });

  it('compileStreaming / instantiateStreaming read a Response', async () => {
    const response = () => new Response(KITCHEN_SINK, { headers: { 'content-type': 'application/wasm' } });
    const m = await wa.compileStreaming(response());
    expect(m).toBeInstanceOf(wa.Module);
    const { module, instance } = await wa.instantiateStreaming(Promise.resolve(response()), kitchenSinkImports());
    expect(module).toBeInstanceOf(wa.Module);
    expect((instance.exports['add'] as (a: number, b: number) => number)(40, 2)).toBe(42);
    await expect(wa.compileStreaming(new Response('x', { status: 404 }))).rejects.toBeInstanceOf(TypeError);
    await expect(wa.compileStreaming({} as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('Tag and Exception construct but are unsupported in use', () => {
    const tag = new wa.Tag({ parameters: ['i32'] });
    expect(() => tag.type()).toThrow(/not supported/);
    const ex = new wa.Exception(tag, [1]);
    expect(() => ex.is(tag)).toThrow(/not supported/);
  });
});
