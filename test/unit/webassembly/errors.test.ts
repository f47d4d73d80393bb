// The facade's error classes: standard behaviour (callable, names, instanceof), traps as
// RuntimeError with Windlass code and backtrace, LinkError and TypeError while linking.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../../runtime/webassembly/index.js';
import { CALLS_OUT, KITCHEN_SINK, REEXPORTER, kitchenSinkImports } from './modules.js';

const wa = createWebAssembly();
const host = globalThis.WebAssembly;
type Fn = (...args: unknown[]) => unknown;
const sink = () => new wa.Instance(new wa.Module(KITCHEN_SINK), kitchenSinkImports()).exports as Record<string, Fn>;
const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
};

describe('error classes', () => {
  it('are the facade\'s own Error subclasses, callable with or without new', () => {
    for (const [C, name] of [[wa.CompileError, 'CompileError'], [wa.LinkError, 'LinkError'], [wa.RuntimeError, 'RuntimeError']] as const) {
      const a = new C('m');
      const b = C('m');
      expect(a).toBeInstanceOf(Error);
      expect(a).toBeInstanceOf(C);
      expect(b).toBeInstanceOf(C);
      expect(a.name).toBe(name);
      expect(a.message).toBe('m');
      expect(C).not.toBe(host[name]);
      expect(a).not.toBeInstanceOf(host[name]);
    }
    expect(new wa.RuntimeError('x')).not.toBeInstanceOf(wa.LinkError);
  });

  it('are shared by every facade', () => {
    expect(createWebAssembly().RuntimeError).toBe(wa.RuntimeError);
  });
});

describe('traps', () => {
  it('become RuntimeError carrying the Windlass trap code and backtrace', () => {
    const ex = sink();
    const e = caught(() => ex['crash']!()) as InstanceType<typeof wa.RuntimeError> & { code: string; backtrace: unknown[] };
    expect(e).toBeInstanceOf(wa.RuntimeError);
    expect(e.code).toBe('UnreachableCodeReached');
    expect(e.message).toMatch(/unreachable/);
    expect(Array.isArray(e.backtrace)).toBe(true);
    const deep = caught(() => ex['deep']!()) as { code: string; backtrace: readonly { funcIndex: number }[] };
    expect(deep.code).toBe('UnreachableCodeReached');
    expect(deep.backtrace.length).toBeGreaterThanOrEqual(2);
    expect((caught(() => ex['div']!(1, 0)) as { code: string }).code).toBe('IntegerDivisionByZero');
    expect((caught(() => ex['div']!(-2147483648, -1)) as { code: string }).code).toBe('IntegerOverflow');
    expect((caught(() => ex['load']!(65535)) as { code: string }).code).toBe('MemoryOutOfBounds');
    expect((caught(() => ex['callTable']!(1, 1, 2)) as { code: string }).code).toBe('IndirectCallToNull');
    expect((caught(() => ex['callTable']!(9, 1, 2)) as { code: string }).code).toBe('TableOutOfBounds');
  });

  it('pass unchanged through JS imports and other guests', () => {
    const ex = sink();
    const outer = new wa.Instance(new wa.Module(CALLS_OUT), { env: { cb: () => ex['crash']!() } }).exports as Record<string, Fn>;
    const e = caught(() => outer['run']!()) as { code: string };
    expect(e).toBeInstanceOf(wa.RuntimeError);
    expect(e.code).toBe('UnreachableCodeReached');
    const js = new Error('from js');
    const thrower = new wa.Instance(new wa.Module(CALLS_OUT), { env: { cb: () => { throw js; } } }).exports as Record<string, Fn>;
    expect(caught(() => thrower['run']!())).toBe(js);
  });
});

describe('linking', () => {
  const m = new wa.Module(KITCHEN_SINK);

  it('a missing import is a LinkError', () => {
    expect(() => new wa.Instance(m, { env: { base: 1 } })).toThrow(wa.LinkError);
    expect(() => new wa.Instance(m, { env: { log: 5, base: 1 } as never })).toThrow(wa.LinkError);
  });

  it('a bad import object is a TypeError', () => {
    expect(() => new wa.Instance(m)).toThrow(TypeError);
    expect(() => new wa.Instance(m, {})).toThrow(TypeError);
    expect(() => new wa.Instance(m, 3 as never)).toThrow(TypeError);
  });

  it('global imports follow the JS API rules', () => {
    const log = (): void => {};
    expect(() => new wa.Instance(m, { env: { log, base: 1n as never } })).toThrow(wa.LinkError);
    expect(() => new wa.Instance(m, { env: { log, base: 'x' as never } })).toThrow(wa.LinkError);
    const g = new wa.Global({ value: 'i32' }, 5);
    const ex = new wa.Instance(m, { env: { log, base: g } }).exports as Record<string, Fn>;
    expect(ex['plusBase']!(1)).toBe(6);
  });

  it('a function of the wrong type from another instance is a LinkError', () => {
    const other = sink();
    expect(() => new wa.Instance(new wa.Module(REEXPORTER), { a: { add: other['half']! } })).toThrow(wa.LinkError);
  });

  it('rejections from instantiate are the same classes', async () => {
    await expect(wa.instantiate(KITCHEN_SINK, { env: {} })).rejects.toBeInstanceOf(wa.LinkError);
    await expect(wa.instantiate(KITCHEN_SINK)).rejects.toBeInstanceOf(TypeError);
  });
});
