/**
 * JavaScriptCore's call sites name wasm frames after the `name` section (`<module>.wasm-function[<name>]`),
 * so Windlass names every host function `<name>#<host index>` and parses the index back out.
 */
import { describe, expect, it } from 'vitest';
import { parseHostFrame } from '../../../runtime/backtrace.js';
import { compile } from '../../../winch/index.js';
import { wat } from './helpers.js';

describe('host function names for JavaScriptCore frames', () => {
  it('parses the host index out of named and unnamed call-site frames', () => {
    expect(parseHostFrame('    at wl0a1b2c3d.wasm-function[fib#5] (native)')).toEqual({ hostModuleName: 'wl0a1b2c3d', hostFuncIndex: 5 });
    expect(parseHostFrame('    at wl0a1b2c3d.wasm-function[#12] (native)')).toEqual({ hostModuleName: 'wl0a1b2c3d', hostFuncIndex: 12 });
    expect(parseHostFrame('    at wl0a1b2c3d.wasm-function[a#b#7] (native)')).toEqual({ hostModuleName: 'wl0a1b2c3d', hostFuncIndex: 7 });
    // V8 call sites still carry the index and offset in the URL, whatever the name
    expect(parseHostFrame('    at wl0a1b2c3d.fib#5 (wasm://wasm/wl0a1b2c3d-0693244a:wasm-function[5]:0x5d)'))
      .toEqual({ hostModuleName: 'wl0a1b2c3d', hostFuncIndex: 5, hostOffset: 0x5d });
  });

  it('names every host function with its index, guest names first', () => {
    const a = compile(wat(`(module (import "m" "f" (func $imp)) (func $named) (func) (func $last (export "x")))`), { fuel: true });
    const names = hostFunctionNames(a.hostBytes);
    const count = WebAssembly.Module.imports(new WebAssembly.Module(a.hostBytes)).filter((i) => i.kind === 'function').length + 3 * 2 + 1;
    expect(names.size).toBe(count);
    for (const [index, name] of names) expect(name.endsWith(`#${index}`), name).toBe(true);
    expect(names.get(a.hostDefinedFuncBase)).toBe(`named#${a.hostDefinedFuncBase}`);
    expect(names.get(a.hostDefinedFuncBase + 1)).toBe(`#${a.hostDefinedFuncBase + 1}`);
  });

  it('writes non-ASCII names, outer wrappers, builtins and !init with multi-digit indices', () => {
    const funcs = Array.from({ length: 12 }, () => '(func)').join(' ');
    const guestNames = new Map([[0, 'imp'], [1, '\u00e9t\u00e9\u{1f600}'], ...Array.from({ length: 12 }, (_, i) => [i + 2, `f${i}`] as [number, string])]);
    const a = compile(withFunctionNames(wat(`(module (import "m" "f" (func)) (func) ${funcs})`), guestNames), { fuel: true });
    const names = hostFunctionNames(a.hostBytes);
    const base = a.hostDefinedFuncBase;
    const defined = 13;
    expect(names.get(0)).toBe('imp#0');
    expect(names.get(1)).toBe('wl.trap#1');
    expect(names.get(base)).toBe(`\u00e9t\u00e9\u{1f600}#${base}`);
    expect(names.get(base + 12)).toBe(`f11#${base + 12}`);
    expect(names.get(base + defined)).toBe(`\u00e9t\u00e9\u{1f600}.entry#${base + defined}`);
    expect(names.get(base + defined + 12)).toBe(`f11.entry#${base + defined + 12}`);
    expect(names.get(base + 2 * defined)).toBe(`!init#${base + 2 * defined}`);
    expect(names.size).toBe(base + 2 * defined + 1);
  });
});

/** `bytes` with a `name` section naming functions per `names` appended. */
const withFunctionNames = (bytes: Uint8Array, names: Map<number, string>): Uint8Array => {
  const leb = (out: number[], v: number): void => {
    do {
      out.push((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
      v >>>= 7;
    } while (v !== 0);
  };
  const str = (out: number[], s: string): void => {
    const b = new TextEncoder().encode(s);
    leb(out, b.length);
    out.push(...b);
  };
  const map: number[] = [];
  leb(map, names.size);
  for (const [i, n] of names) {
    leb(map, i);
    str(map, n);
  }
  const payload: number[] = [];
  str(payload, 'name');
  payload.push(1);
  leb(payload, map.length);
  payload.push(...map);
  const section = [0];
  leb(section, payload.length);
  section.push(...payload);
  return new Uint8Array([...bytes, ...section]);
};

/** Function names of the host module's `name` section (index → name). */
const hostFunctionNames = (bytes: Uint8Array<ArrayBuffer>): Map<number, string> => {
  const section = WebAssembly.Module.customSections(new WebAssembly.Module(bytes), 'name')[0]!;
  const b = new Uint8Array(section);
  let p = 0;
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const x = b[p++]!;
      v |= (x & 0x7f) << shift;
      if (x < 0x80) return v >>> 0;
    }
  };
  const str = (): string => {
    const n = leb();
    const s = new TextDecoder().decode(b.subarray(p, p + n));
    p += n;
    return s;
  };
  const out = new Map<number, string>();
  while (p < b.length) {
    const id = b[p++]!;
    const size = leb();
    const end = p + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        const i = leb();
        out.set(i, str());
      }
    }
    p = end;
  }
  return out;
};
