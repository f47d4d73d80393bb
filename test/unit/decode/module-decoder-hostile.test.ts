// decodeModule on hostile inputs: huge claimed counts fail fast, implementation limits are named, big modules decode.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import { TYPE_VOID, expectCompileError, mod, section, str, uleb, vec } from './wasm-fixtures.js';

/** A section whose content is `head` followed by `fill` zero bytes (to make claimed counts fit). */
function padded(id: number, head: number[], fill: number): Uint8Array {
  const size = head.length + fill;
  const prefix = [...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], id, ...uleb(size), ...head];
  const out = new Uint8Array(prefix.length + fill);
  out.set(prefix);
  return out;
}

describe('decodeModule hostile counts', () => {
  it('rejects counts of 2^32-1 against the remaining bytes, without allocating', () => {
    const huge = [0xff, 0xff, 0xff, 0xff, 0x0f];
    for (const id of [1, 2, 3, 4, 5, 6, 7, 9, 10, 11]) {
      const t0 = performance.now();
      expectCompileError(mod(section(id, huge)), 'malformed', 'length out of bounds');
      expect(performance.now() - t0).toBeLessThan(50);
    }
    expectCompileError(mod(section(1, vec([[0x60, ...huge]]))), 'malformed', 'length out of bounds');
    expectCompileError(mod(section(0, [...huge])), 'malformed', 'length out of bounds');
    expectCompileError(mod(section(2, [0x01, ...huge])), 'malformed', 'length out of bounds');
  });

  it('names the implementation limit when a count fits in the bytes but exceeds it', () => {
    expectCompileError(padded(1, uleb(1_000_001), 1_000_001), 'invalid', 'too many types');
    expectCompileError(padded(3, uleb(1_000_001), 1_000_001), 'invalid', 'too many functions');
    expectCompileError(padded(2, uleb(100_001), 100_001), 'invalid', 'too many imports');
    expectCompileError(padded(7, uleb(100_001), 100_001), 'invalid', 'too many exports');
    expectCompileError(padded(6, uleb(1_000_001), 1_000_001), 'invalid', 'too many globals');
    expectCompileError(padded(4, uleb(100_001), 100_001), 'invalid', 'too many tables');
    expectCompileError(padded(11, uleb(100_001), 100_001), 'invalid', 'too many data segments');
    expectCompileError(padded(1, [0x01, 0x60, ...uleb(1001)], 1001), 'invalid', 'too many function params');
    expectCompileError(padded(1, [0x01, 0x60, 0x00, ...uleb(1001)], 1001), 'invalid', 'too many function results');
    expectCompileError(padded(10, [0x01, ...uleb(7_654_322)], 7_654_322), 'invalid', 'too many bytes in a function body');
  });

  it('counts runtime-provided host imports against the import limit', () => {
    // 99,999 function imports + 2 builtins + 1 memory (+ its bound global) > 100,000 host imports
    const imp = [...str(''), ...str(''), 0x00, 0x00];
    const n = 99_999;
    const content = [...uleb(n)];
    const bytes = new Uint8Array([...mod(TYPE_VOID), 0x02, ...uleb(content.length + n * imp.length), ...content,
      ...new Array<number[]>(n).fill(imp).flat(), ...section(5, vec([[0x00, 0x01]]))]);
    expectCompileError(bytes, 'invalid', 'too many imports');
  });

  it('decodes a module with 100,000 functions in one pass', () => {
    const n = 100_000;
    const body = [0x02, 0x00, 0x0b];
    const funcs = section(3, [...uleb(n), ...new Array<number>(n).fill(0)]);
    const code = section(10, [...uleb(n), ...new Array<number[]>(n).fill(body).flat()]);
    const bytes = mod(TYPE_VOID, funcs, code);
    const t0 = performance.now();
    const info = decodeModule(bytes);
    const ms = performance.now() - t0;
    expect(info.funcs).toHaveLength(n);
    expect(info.bodies).toHaveLength(n);
    expect(info.bodies[n - 1]!.end).toBe(bytes.length);
    expect(ms).toBeLessThan(2000);
  });
});
