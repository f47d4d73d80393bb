/**
 * SIMD memory accesses get the scalar accesses' explicit bounds check with their own access
 * size: every load/store kind at the last in-bounds address works and one byte further traps
 * MemoryOutOfBounds (address lazy, on the host stack, or constant), a trapping store writes
 * nothing, no address wraps, and a grown memory moves the bound. A canary page after the
 * guest's bound keeps the host engine's own bounds check from hiding a missing one.
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '../../../runtime/index.js';
import type { Instance } from '../../../runtime/index.js';
import { arg, callBits, instantiateSimd } from './simd-harness.js';

type Kind = 'load' | 'store' | 'loadLane' | 'storeLane';
interface Access { readonly op: string; readonly size: number; readonly kind: Kind; readonly lane?: number }

const ACCESSES: readonly Access[] = [
  { op: 'v128.load', size: 16, kind: 'load' },
  ...['8x8_s', '8x8_u', '16x4_s', '16x4_u', '32x2_s', '32x2_u'].map((s) => ({ op: `v128.load${s}`, size: 8, kind: 'load' as const })),
  { op: 'v128.load8_splat', size: 1, kind: 'load' }, { op: 'v128.load16_splat', size: 2, kind: 'load' },
  { op: 'v128.load32_splat', size: 4, kind: 'load' }, { op: 'v128.load64_splat', size: 8, kind: 'load' },
  { op: 'v128.load32_zero', size: 4, kind: 'load' }, { op: 'v128.load64_zero', size: 8, kind: 'load' },
  { op: 'v128.store', size: 16, kind: 'store' },
  { op: 'v128.load8_lane', size: 1, kind: 'loadLane', lane: 15 }, { op: 'v128.load16_lane', size: 2, kind: 'loadLane', lane: 7 },
  { op: 'v128.load32_lane', size: 4, kind: 'loadLane', lane: 3 }, { op: 'v128.load64_lane', size: 8, kind: 'loadLane', lane: 1 },
  { op: 'v128.store8_lane', size: 1, kind: 'storeLane', lane: 15 }, { op: 'v128.store16_lane', size: 2, kind: 'storeLane', lane: 7 },
  { op: 'v128.store32_lane', size: 4, kind: 'storeLane', lane: 3 }, { op: 'v128.store64_lane', size: 8, kind: 'storeLane', lane: 1 },
];

const PAGE = 65536;
const OFFSET = 5;
const VALUE = '000102030405060708090a0b0c0d0e0f';

/**
 * The guest for one access: `lazy` (address and vector in locals), `stack` (both computed, so
 * on the host stack), `cok`/`coob` (constant address, last valid / first invalid), `grow`.
 */
const guestFor = (a: Access): string => {
  const lane = a.lane !== undefined ? ` ${a.lane}` : '';
  const hasVector = a.kind !== 'load';
  const results = a.kind === 'load' || a.kind === 'loadLane' ? '(result v128)' : '';
  const addrStack = '(i32.add (local.get 0) (i32.const 0))';
  const vecStack = '(v128.not (v128.not (local.get 1)))';
  const access = (offset: number, addr: string, vec: string): string =>
    `(${a.op} offset=${offset}${lane} ${addr}${hasVector ? ` ${vec}` : ''})`;
  return `(module (memory (export "memory") 1 2)
    (func (export "lazy") (param i32 v128) ${results} ${access(OFFSET, '(local.get 0)', '(local.get 1)')})
    (func (export "stack") (param i32 v128) ${results} ${access(OFFSET, addrStack, vecStack)})
    (func (export "cok") (param i32 v128) ${results} ${access(0, `(i32.const ${PAGE - a.size})`, '(local.get 1)')})
    (func (export "coob") (param i32 v128) ${results} ${access(0, `(i32.const ${PAGE - a.size + 1})`, '(local.get 1)')})
    (func (export "grow") (result i32) (memory.grow (i32.const 1))))`;
};

const call = (inst: Instance, name: string, addr: number): (string | bigint)[] => callBits(inst, name, [arg.i32(addr), arg.v128(VALUE)]);

const expectTrap = (f: () => unknown): void => {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Trap);
  expect((thrown as Trap).code).toBe('MemoryOutOfBounds');
};

/** Instantiates with one canary page behind the guest memory. */
const instantiate = (a: Access): Instance => instantiateSimd(guestFor(a), { canaryPages: 1 });

const tail = (inst: Instance): Uint8Array => new Uint8Array(inst.getMemory('memory')!.buffer, PAGE - 32, 32).slice();

describe.each(ACCESSES.map((a) => [a.op, a] as const))('%s', (_, a) => {
  const lastOk = PAGE - a.size - OFFSET;

  it('works at the last in-bounds address and traps one byte further (lazy and host-stack operands)', () => {
    const inst = instantiate(a);
    new Uint8Array(inst.getMemory('memory')!.buffer).fill(0xee, PAGE - 32, PAGE);
    for (const f of ['lazy', 'stack']) {
      const before = tail(inst);
      expectTrap(() => call(inst, f, lastOk + 1));
      expectTrap(() => call(inst, f, -1)); // 0xffffffff + offset must not wrap
      expect(tail(inst), `${f}: a trapping access writes nothing`).toEqual(before);
      expect(inst.getMemory('memory')!.canaryIntact()).toBe(true);
      const r = call(inst, f, lastOk);
      if (a.op === 'v128.load') expect(r).toEqual(['ee'.repeat(16)]);
    }
    if (a.kind === 'store') expect(Array.from(tail(inst).slice(16))).toEqual(Array.from({ length: 16 }, (_, i) => i));
    if (a.kind === 'storeLane') {
      const bytes = Array.from({ length: a.size }, (_, i) => a.lane! * a.size + i);
      expect(Array.from(tail(inst).slice(32 - a.size))).toEqual(bytes);
    }
  });

  it('checks constant addresses against the bound too', () => {
    const inst = instantiate(a);
    expect(() => call(inst, 'cok', 0)).not.toThrow();
    expectTrap(() => call(inst, 'coob', 0));
  });

  it('follows memory.grow', () => {
    const inst = instantiate(a);
    expectTrap(() => call(inst, 'lazy', lastOk + 1));
    expectTrap(() => call(inst, 'coob', 0));
    expect(callBits(inst, 'grow')).toEqual([1n]);
    expect(() => call(inst, 'lazy', lastOk + 1)).not.toThrow();
    expect(() => call(inst, 'coob', 0)).not.toThrow();
    expectTrap(() => call(inst, 'lazy', 2 * PAGE - a.size - OFFSET + 1));
  });
});
