/**
 * Relaxed SIMD on this process's engine: every relaxed operator gives the deterministic
 * lowering's result (docs/relaxed-simd.md) on inputs where engines differ natively, with its
 * operands on the host stack and in locals. test/engines runs the same cases on every engine.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Instance, Module, Store } from '../../../runtime/index.js';
import { matchesCase, RELAXED_CASES, relaxedGuest } from '../../engines/relaxed-simd-cases.js';

const engine = new Engine();
const instance = new Instance(new Store(engine), Module.fromBytes(engine, relaxedGuest()), []);
const memory = instance.getMemory('memory')!;

const run = (op: string, inputs: readonly string[]): string => {
  inputs.forEach((hex, k) => new Uint8Array(memory.buffer).set(Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16)), 16 * k));
  const f = instance.getFunc(op);
  if (!f) throw new Error(`no export ${op}`);
  f.call();
  return Array.from(new Uint8Array(memory.buffer, 48, 16), (b) => b.toString(16).padStart(2, '0')).join('');
};

describe('relaxed SIMD: deterministic lowering', () => {
  it.each(RELAXED_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const fromStack = run(c.op, c.inputs);
    const fromLocals = run(`${c.op}/locals`, c.inputs);
    expect(matchesCase(c, fromStack), `${c.op}: got ${fromStack}, expected ${c.expected}`).toBe(true);
    expect(fromLocals).toBe(fromStack);
  });
});
