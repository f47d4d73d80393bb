/**
 * Function-body validation: spec error texts for invalid and malformed bodies,
 * and host implementation limits turned into CompileErrors.
 */
import { describe, expect, it } from 'vitest';
import { compile, CompileError, UnsupportedError } from '../../../winch/index.js';
import { wat } from './harness.js';

const errorOf = (bytes: Uint8Array): { kind: string; reason: string } => {
  try {
    compile(bytes);
  } catch (e) {
    if (e instanceof CompileError) return { kind: e.kind, reason: e.reason };
    if (e instanceof UnsupportedError) return { kind: 'unsupported', reason: e.feature };
    throw e;
  }
  return { kind: 'ok', reason: '' };
};
const invalid = (text: string): string => {
  const r = errorOf(wat(text));
  expect(r.kind).toBe('invalid');
  return r.reason;
};

describe('invalid bodies', () => {
  it.each([
    ['(func (result i32) (i64.const 0))', 'type mismatch'],
    ['(func (i32.add (i32.const 0)) (drop))', 'type mismatch'],
    ['(func (result i32) (block (result i32) (i32.const 0) (i32.const 1)))', 'type mismatch'],
    ['(func (if (i32.const 0) (then (i32.const 1) (drop))) (i32.const 2))', 'type mismatch'],
    ['(func (local.get 3) (drop))', 'unknown local'],
    ['(func (global.get 0) (drop))', 'unknown global'],
    ['(global i32 (i32.const 0)) (func (global.set 0 (i32.const 1)))', 'immutable global'],
    ['(func (call 7))', 'unknown function'],
    ['(func (br 1))', 'unknown label'],
    ['(func (i32.load (i32.const 0)) (drop))', 'unknown memory'],
    ['(memory 1) (func (i32.load align=8 (i32.const 0)) (drop))', 'alignment must not be larger than natural'],
    ['(func (table.size 0) (drop))', 'unknown table'],
    ['(table 1 funcref) (func (call_indirect (type 5) (i32.const 0)))', 'unknown type'],
    ['(func $f) (func (ref.func $f) (drop))', 'undeclared function reference'],
    ['(memory 1) (data "x") (func (data.drop 1))', 'unknown data segment'],
    ['(table 1 funcref) (func (elem.drop 0))', 'unknown elem segment'],
    ['(func (select (i32.const 0) (i64.const 0) (i32.const 1)) (drop))', 'type mismatch'],
    ['(func (param externref) (select (local.get 0) (local.get 0) (i32.const 1)) (drop))', 'type mismatch'],
    ['(table 1 externref) (func (call_indirect (i32.const 0)))', 'type mismatch'],
    ['(func (result i32) (unreachable) (i64.const 0))', 'type mismatch'],
  ])('%s → %s', (body, text) => {
    expect(invalid(`(module ${body})`)).toMatch(new RegExp(`^${text}`));
  });

  it('accepts polymorphic stacks in unreachable code', () => {
    expect(errorOf(wat(`(module (func (result i32) (unreachable) (i32.add) (br_table 0 0) (i64.const 0)))`)).kind).toBe('invalid');
    expect(errorOf(wat(`(module (func (result i32) (unreachable) (i32.add)))`)).kind).toBe('ok');
    expect(errorOf(wat(`(module (func (result i32) (return (i32.const 1)) (select)))`)).kind).toBe('ok');
  });
});

/** A module with one function type `()->()` and one body given as raw bytes (locals + code). */
const withBody = (body: number[], extraSections: number[] = []): Uint8Array => {
  const size = body.length;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00,
    ...extraSections,
    0x0a, size + 2, 0x01, size, ...body,
  ]);
};

describe('malformed bodies', () => {
  it.each([
    [[0x00, 0x41, 0x00, 0x1a], 'unexpected end'],
    [[0x00, 0xff, 0x0b], 'illegal opcode'],
    [[0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b], 'integer representation too long'],
    [[0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a, 0x0b], 'integer too large'],
    [[0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b], 'too many locals'],
    [[0x00, 0xfc, 0x09, 0x00, 0x0b], 'data count section required'],
    [[0x00, 0x0b, 0x0b], 'section size mismatch'],
  ])('%j → %s', (body, text) => {
    const r = errorOf(withBody(body));
    expect(r.kind).toBe('malformed');
    expect(r.reason.startsWith(text)).toBe(true);
  });
});

describe('unsupported proposals', () => {
  it('tail calls are UnsupportedError (SIMD compiles)', () => {
    expect(errorOf(withBody([0x00, 0xfd, 0x0c, ...new Array(16).fill(0), 0x1a, 0x0b])).kind).toBe('ok');
    expect(errorOf(withBody([0x00, 0x12, 0x00, 0x0b])).kind).toBe('unsupported');
  });
});

describe('host implementation limits', () => {
  it('too many locals', () => {
    const r = errorOf(wat(`(module (func (local ${'i32 '.repeat(50_001)})))`));
    expect(r.kind).toBe('invalid');
    expect(r.reason).toMatch(/^implementation limit/);
    expect(errorOf(wat(`(module (func (local ${'i32 '.repeat(49_000)})))`)).kind).toBe('ok');
  });
  it('br_table targets', () => {
    const targets = '0 '.repeat(70_000);
    const r = errorOf(wat(`(module (func (block (br_table ${targets} 0 (i32.const 0)))))`));
    expect(r.reason).toMatch(/^implementation limit/);
  });
});
