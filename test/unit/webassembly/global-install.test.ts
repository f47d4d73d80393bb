// Installing the facade as globalThis.WebAssembly: code using the bare global goes through
// Windlass, the facade keeps using the host engine underneath, and restoring works.
import { afterEach, describe, expect, it } from 'vitest';
import { createWebAssembly, hostWebAssembly, windlassModuleOf } from '../../../runtime/webassembly/index.js';
import { KITCHEN_SINK, kitchenSinkImports } from './modules.js';

const original = globalThis.WebAssembly;
const wa = createWebAssembly();

afterEach(() => {
  globalThis.WebAssembly = original;
});

describe('installed as globalThis.WebAssembly', () => {
  it('keeps its own reference to the host API', () => {
    expect(hostWebAssembly()).toBe(original);
  });

  it('compiles, instantiates and traps through Windlass, then restores', async () => {
    globalThis.WebAssembly = wa;
    const { module, instance } = await WebAssembly.instantiate(KITCHEN_SINK, kitchenSinkImports());
    expect(windlassModuleOf(module)).toBeDefined();
    expect(instance).toBeInstanceOf(WebAssembly.Instance);
    const ex = instance.exports as Record<string, (...a: number[]) => number>;
    expect(ex['add']!(1, 2)).toBe(3);
    const mem = instance.exports['memory'] as WebAssembly.Memory;
    expect(mem).toBeInstanceOf(WebAssembly.Memory);
    expect(mem.grow(1)).toBe(1);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    expect(() => ex['crash']!()).toThrow(WebAssembly.RuntimeError);
    const sync = new WebAssembly.Instance(new WebAssembly.Module(KITCHEN_SINK), kitchenSinkImports());
    expect((sync.exports['add'] as (a: number, b: number) => number)(2, 2)).toBe(4);
    const g = new WebAssembly.Global({ value: 'i32', mutable: true }, 1);
    expect(g.value).toBe(1);
    globalThis.WebAssembly = original;
    expect(globalThis.WebAssembly).toBe(original);
    expect(new WebAssembly.Module(KITCHEN_SINK)).toBeInstanceOf(original.Module);
  });

  it('a facade created while installed still uses the host underneath', () => {
    globalThis.WebAssembly = wa;
    const inner = createWebAssembly();
    const ex = new inner.Instance(new inner.Module(KITCHEN_SINK), kitchenSinkImports()).exports as Record<string, (...a: number[]) => number>;
    expect(ex['add']!(5, 6)).toBe(11);
  });
});
