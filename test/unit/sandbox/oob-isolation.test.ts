/**
 * Out-of-bounds isolation: with canary pages after the guest's bound (host memory larger
 * than the guest's), only Windlass's explicit checks stand between a guest access and bytes
 * the guest must not see. Every access width, offsets near 2^32, and bulk operations
 * straddling the end must trap without touching the canary, the guest's own bytes, or a
 * second instance's memory.
 */
import { describe, expect, it } from 'vitest';
import { Trap } from '../../../runtime/index.js';
import { instantiateWat, setup } from '../runtime/helpers.js';

const PAGE = 65536;
const LOADS = [
  ['i32.load', 4, 'i32'], ['i64.load', 8, 'i64'], ['f32.load', 4, 'f32'], ['f64.load', 8, 'f64'],
  ['i32.load8_s', 1, 'i32'], ['i32.load8_u', 1, 'i32'], ['i32.load16_s', 2, 'i32'], ['i32.load16_u', 2, 'i32'],
  ['i64.load8_s', 1, 'i64'], ['i64.load8_u', 1, 'i64'], ['i64.load16_s', 2, 'i64'], ['i64.load16_u', 2, 'i64'],
  ['i64.load32_s', 4, 'i64'], ['i64.load32_u', 4, 'i64'],
] as const;
const STORES = [
  ['i32.store', 4, 'i32'], ['i64.store', 8, 'i64'], ['f32.store', 4, 'f32'], ['f64.store', 8, 'f64'],
  ['i32.store8', 1, 'i32'], ['i32.store16', 2, 'i32'], ['i64.store8', 1, 'i64'], ['i64.store16', 2, 'i64'],
  ['i64.store32', 4, 'i64'],
] as const;
const OFFSETS = [0, 1, 3, PAGE - 1, PAGE, 2 ** 31, 2 ** 32 - 1];
const ones = { i32: '(i32.const -1)', i64: '(i64.const -1)', f32: '(f32.const -nan:0x7fffff)', f64: '(f64.const -nan:0xfffffffffffff)' };

const fname = (op: string, off: number) => `${op.replace('.', '_')}_${off}`;
const guestText = (): string => {
  const funcs: string[] = [];
  for (const [op, , t] of LOADS) for (const off of OFFSETS)
    funcs.push(`(func (export "${fname(op, off)}") (param i32) (result ${t}) local.get 0 ${op} offset=${off})`);
  for (const [op, , t] of STORES) for (const off of OFFSETS)
    funcs.push(`(func (export "${fname(op, off)}") (param i32) local.get 0 ${ones[t]} ${op} offset=${off})`);
  return `(module (memory (export "mem") 1 2)
    (data $d "0123456789abcdef")
    (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
    (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
    (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $d)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
    ${funcs.join('\n')})`;
};

const addressesFor = (bound: number, size: number): number[] =>
  [0, bound - size - 1, bound - size, bound - size + 1, bound - 1, bound, bound + 1, 2 ** 31, 2 ** 32 - size, 2 ** 32 - 1]
    .filter((a) => a >= 0 && a < 2 ** 32);

/** Byte-wise equality without the cost of a deep-equality diff on 64 KiB arrays. */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const expectTrap = (fn: () => unknown, what: string): void => {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(thrown, what).toBeInstanceOf(Trap);
  expect((thrown as Trap).code, what).toBe('MemoryOutOfBounds');
};

describe('out-of-bounds guest accesses never leave the guest memory', () => {
  const s = setup({ canaryPages: 2 });
  const victim = instantiateWat(s, guestText());
  const attacker = instantiateWat(s, guestText());
  const vmem = victim.getMemory('mem')!;
  const amem = attacker.getMemory('mem')!;
  new Uint8Array(vmem.buffer, 0, PAGE).fill(0x5a);
  const snapshot = () => new Uint8Array(vmem.buffer.slice(0));
  const victimBefore = snapshot();

  const checkAll = (bound: number): number => {
    let traps = 0;
    for (const [op, size] of [...LOADS, ...STORES]) {
      for (const off of OFFSETS) {
        const f = attacker.getFunc(fname(op, off))!;
        for (const addr of addressesFor(bound, size)) {
          const inBounds = addr + off + size <= bound;
          const what = `${op} offset=${off} addr=${addr} bound=${bound}`;
          const isStore = STORES.some(([name]) => name === op);
          const guestBefore = isStore && !inBounds ? new Uint8Array(amem.buffer.slice(0, bound)) : undefined;
          if (inBounds) {
            f.call(addr | 0);
          } else {
            expectTrap(() => f.call(addr | 0), what);
            traps++;
            // A trapping store writes nothing, not even its in-bounds bytes.
            if (guestBefore) expect(sameBytes(new Uint8Array(amem.buffer, 0, bound), guestBefore), what).toBe(true);
          }
        }
        expect(amem.canaryIntact(), `${op} offset=${off} bound=${bound}`).toBe(true);
      }
    }
    return traps;
  };

  it('every width and offset traps exactly past the bound; the canary stays intact', () => {
    expect(amem.hostMemory.buffer.byteLength).toBe(3 * PAGE); // host memory is larger than the guest's
    expect(checkAll(PAGE)).toBeGreaterThan(1000);
  });

  it('bulk operations straddling the end trap without partial writes', () => {
    const mem = new Uint8Array(amem.buffer);
    mem.fill(7, 0, PAGE);
    const before = new Uint8Array(amem.buffer.slice(0, PAGE));
    const f = (n: string) => attacker.getFunc(n)!;
    const cases: [string, number[]][] = [
      ['fill', [PAGE - 10, 1, 11]], ['fill', [PAGE, 1, 1]], ['fill', [-1, 1, 2]], ['fill', [1, 1, -1]],
      ['copy', [PAGE - 10, 0, 11]], ['copy', [0, PAGE - 10, 11]], ['copy', [PAGE - 1, PAGE - 2, 2]], ['copy', [-1, 0, 1]],
      ['init', [PAGE - 10, 0, 11]], ['init', [PAGE - 1, 0, 16]], ['init', [0, 10, 7]], ['init', [-16, 0, 16]],
    ];
    for (const [name, args] of cases) {
      const what = `${name}(${args.join(', ')})`;
      let thrown: unknown;
      try { f(name).call(...args); } catch (e) { thrown = e; }
      expect(thrown, what).toBeInstanceOf(Trap);
      expect(sameBytes(new Uint8Array(amem.buffer, 0, PAGE), before), what).toBe(true);
      expect(amem.canaryIntact(), what).toBe(true);
    }
    f('fill').call(PAGE - 10, 9, 10); // exactly up to the bound is fine
    expect(mem[PAGE - 1]).toBe(9);
    expect(amem.canaryIntact()).toBe(true);
  });

  it('after growth the new bound is enforced exactly', () => {
    expect(attacker.getFunc('grow')!.call(1)).toBe(1);
    expect(amem.hostMemory.buffer.byteLength).toBe(4 * PAGE);
    expect(amem.canaryIntact()).toBe(true);
    expect(checkAll(2 * PAGE)).toBeGreaterThan(1000);
  });

  it("the other instance's memory was never touched", () => {
    expect(sameBytes(snapshot(), victimBefore)).toBe(true);
    expect(vmem.canaryIntact()).toBe(true);
  });
});
