/**
 * Hostile modules compiled with fuel and call-depth checks, which add host functions (outer
 * wrappers), params, types and blocks (three per loop): each one must compile to a host module
 * the host engine accepts, or fail with a CompileError — never an invalid host module or a crash.
 */
import { describe, expect, it } from 'vitest';
import { compile, CompileError } from '../../../winch/index.js';
import { LIMIT_CASES } from '../../fuzz/limits.js';
import { HEADER, concat, uleb } from '../../fuzz/wasm-bytes.js';

const METERED = { fuel: true, callDepthChecks: true } as const;

const section = (id: number, payload: Uint8Array): Uint8Array => concat([[id], uleb(payload.length), payload]);
const many = (n: number, item: readonly number[]): Uint8Array => {
  const out = new Uint8Array(n * item.length);
  for (let i = 0; i < n; i++) out.set(item, i * item.length);
  return out;
};
/** One function `[] -> []` whose body is `code` (plus the final end). */
const oneFunc = (code: Uint8Array): Uint8Array => {
  const body = concat([[0x00], code, [0x0b]]);
  return concat([HEADER, section(1, Uint8Array.from([0x01, 0x60, 0x00, 0x00])), section(3, Uint8Array.from([0x01, 0x00])),
    section(10, concat([[0x01], uleb(body.length), body]))]);
};

const EXTRA = [
  { name: '100,000 nested loops', bytes: () => oneFunc(concat([many(100_000, [0x03, 0x40]), many(100_000, [0x0b])])) },
  { name: '30,000 nested loops with a branch to the outermost', bytes: () =>
    oneFunc(concat([many(30_000, [0x03, 0x40]), [0x0c, ...uleb(29_999)], many(30_000, [0x0b])])) },
  { name: '600,000 functions (1.2 million host functions when metered)', bytes: () => {
    const n = 600_000;
    return concat([HEADER, section(1, Uint8Array.from([0x01, 0x60, 0x00, 0x00])), section(3, concat([uleb(n), many(n, [0x00])])),
      section(10, concat([uleb(n), many(n, [0x02, 0x00, 0x0b])]))]);
  } },
];

/** 'compiled' (host module validated) or 'CompileError: ...'; anything else fails the test. */
const outcome = (bytes: Uint8Array): string => {
  let hostBytes: Uint8Array<ArrayBuffer>;
  try {
    hostBytes = compile(bytes, METERED).hostBytes;
  } catch (e) {
    if (e instanceof CompileError) return `CompileError: ${e.message}`;
    throw e;
  }
  if (!WebAssembly.validate(hostBytes)) {
    try { new WebAssembly.Module(hostBytes); } catch (e) { return `INVALID HOST MODULE: ${String(e)}`; }
  }
  return 'compiled';
};

describe('hostile modules with metering', () => {
  for (const c of [...LIMIT_CASES, ...EXTRA]) {
    it(`${c.name}: compiles to a valid host module or fails with CompileError`, () => {
      const t0 = performance.now();
      const o = outcome(c.bytes());
      console.log(`${c.name}: ${o.slice(0, 120)} (${(performance.now() - t0).toFixed(0)} ms)`);
      expect(o).toMatch(/^(compiled|CompileError: )/);
    }, 120_000);
  }

  it('counts the outer wrappers against the host function limit', () => {
    expect(outcome(EXTRA[2]!.bytes())).toMatch(/^CompileError: .*functions/);
  }, 120_000);
});
