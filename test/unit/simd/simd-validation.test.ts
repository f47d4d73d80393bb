/**
 * Validation of SIMD bodies: lane index immediates, memarg alignment and memory index,
 * operand types, unassigned sub-opcodes, and v128 globals (initializers, get/set, exports).
 */
import { describe, expect, it } from 'vitest';
import { compile, CompileError } from '../../../winch/index.js';
import { arg, callBits, instantiateSimd, v128ToHex } from './simd-harness.js';
import { getGlobalRaw } from '../../../runtime/raw-call.js';

/** Outcome of compiling `bytes`: 'ok', or the CompileError's kind and reason. */
const outcome = (bytes: Uint8Array): { kind: string; reason: string } => {
  try {
    compile(bytes);
    return { kind: 'ok', reason: '' };
  } catch (e) {
    if (e instanceof CompileError) return { kind: e.kind, reason: e.reason };
    throw e;
  }
};

/** A module with type `()->()`, optionally one memory, and one body (locals + code, no size). */
const moduleWith = (body: number[], memory = true): Uint8Array => new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  ...(memory ? [0x05, 0x03, 0x01, 0x00, 0x01] : []),
  0x0a, body.length + 2, 0x01, body.length, ...body,
]);

const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const I32_0 = [0x41, 0x00];
const body = (...code: number[]): number[] => [0x00, ...code, 0x0b];

describe('SIMD validation', () => {
  it.each([
    ['extract_lane i8x16 lane 16', body(...V128_ZERO, 0xfd, 0x15, 16, 0x1a), 'invalid lane index'],
    ['extract_lane i64x2 lane 2', body(...V128_ZERO, 0xfd, 0x1d, 2, 0x1a), 'invalid lane index'],
    ['replace_lane f32x4 lane 4', body(...V128_ZERO, 0x43, 0, 0, 0, 0, 0xfd, 0x20, 4, 0x1a), 'invalid lane index'],
    ['shuffle lane 32', body(...V128_ZERO, ...V128_ZERO, 0xfd, 0x0d, ...new Array<number>(15).fill(0), 32, 0x1a), 'invalid lane index'],
    ['load8_lane lane 16', body(...I32_0, ...V128_ZERO, 0xfd, 0x54, 0, 0, 16, 0x1a), 'invalid lane index'],
    ['store64_lane lane 2', body(...I32_0, ...V128_ZERO, 0xfd, 0x5b, 0, 0, 2), 'invalid lane index'],
    ['v128.load align 32', body(...I32_0, 0xfd, 0x00, 5, 0, 0x1a), 'alignment must not be larger than natural'],
    ['load8x8_s align 16', body(...I32_0, 0xfd, 0x01, 4, 0, 0x1a), 'alignment must not be larger than natural'],
    ['load32_lane align 8', body(...I32_0, ...V128_ZERO, 0xfd, 0x56, 3, 0, 0, 0x1a), 'alignment must not be larger than natural'],
    ['i32x4.add of an i32', body(...V128_ZERO, ...I32_0, 0xfd, 0xae, 0x01, 0x1a), 'type mismatch'],
    ['i8x16.shl by a v128', body(...V128_ZERO, ...V128_ZERO, 0xfd, 0x6b, 0x1a), 'type mismatch'],
    ['relaxed_madd with two operands', body(...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02, 0x1a), 'type mismatch'],
    ['splat of an i64 as i32x4', body(0x42, 0x00, 0xfd, 0x11, 0x1a), 'type mismatch'],
  ])('%s → %s', (_, code, reason) => {
    const r = outcome(moduleWith(code));
    expect(r.kind).toBe('invalid');
    expect(r.reason).toMatch(new RegExp(`^${reason}`));
  });

  it('v128.load without a memory is "unknown memory"', () => {
    expect(outcome(moduleWith(body(...I32_0, 0xfd, 0x00, 4, 0, 0x1a), false)).reason).toMatch(/^unknown memory/);
  });

  it.each([
    ['0x9a (reserved)', [0xfd, 0x9a, 0x01]],
    ['0xa2 (reserved)', [0xfd, 0xa2, 0x01]],
    ['0x114 (past relaxed SIMD)', [0xfd, 0x94, 0x02]],
  ])('sub-opcode %s is malformed', (_, op) => {
    const r = outcome(moduleWith(body(...V128_ZERO, ...op, 0x1a)));
    expect(r.kind).toBe('malformed');
    expect(r.reason).toMatch(/^illegal opcode/);
  });

  it('accepts SIMD operands of the polymorphic stack in dead code', () => {
    expect(outcome(moduleWith(body(0x00, 0xfd, 0x13, 0xfd, 0x85, 0x02, 0xfd, 0x13, 0x1a, 0x1a))).kind).toBe('invalid');
    expect(outcome(moduleWith(body(0x00, 0xfd, 0x85, 0x02, 0xfd, 0x12, 0xfd, 0xae, 0x01, 0x1a))).kind).toBe('invalid');
    expect(outcome(moduleWith(body(0x00, 0xfd, 0x85, 0x02, 0xfd, 0x1f, 0x00, 0x1a))).kind).toBe('ok');
    expect(outcome(moduleWith(body(0x00, 0xfd, 0x13, 0xfd, 0x0d, ...new Array<number>(16).fill(31), 0xfd, 0x64, 0x1a))).kind).toBe('ok');
  });
});

describe('v128 globals', () => {
  const inst = instantiateSimd(`(module
    (global $c (export "c") v128 (v128.const i32x4 1 2 3 4))
    (global $m (export "m") (mut v128) (v128.const i64x2 -1 0))
    (func (export "get") (result v128) (global.get $m))
    (func (export "set") (param v128) (global.set $m (local.get 0)))
    (func (export "sum") (result v128) (i32x4.add (global.get $c) (global.get $m))))`);

  it('are initialized from v128.const and read and written by code', () => {
    expect(v128ToHex((getGlobalRaw(inst.getGlobal('c')!) as { bits: bigint }).bits)).toBe('01000000020000000300000004000000');
    expect(callBits(inst, 'get')).toEqual(['ffffffffffffffff0000000000000000']);
    callBits(inst, 'set', [arg.v128('0a000000141e00000000000000000000')]);
    expect(v128ToHex((getGlobalRaw(inst.getGlobal('m')!) as { bits: bigint }).bits)).toBe('0a000000141e00000000000000000000');
    expect(callBits(inst, 'sum')).toEqual(['0b000000161e00000300000004000000']);
  });
});
