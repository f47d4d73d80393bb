/**
 * Tests of the spec runner's value parsing and matching (README §4.2–4.4): exact bits,
 * NaN patterns, v128 lanes, references and `either`.
 */
import { describe, expect, it } from 'vitest';
import { ValType } from '../../abi/types.js';
import { HostRefs, matchValue, parseArg } from '../../runtime/node/wast/values.js';

const refs = new HostRefs();
const f32 = (bits: bigint) => ({ type: ValType.f32, bits });
const f64 = (bits: bigint) => ({ type: ValType.f64, bits });

describe('spec values', () => {
  it('parses numbers as unsigned bit patterns', () => {
    expect(parseArg({ type: 'i64', value: '18446744073709551615' }, refs)).toEqual({ type: ValType.i64, bits: 0xffffffffffffffffn });
    expect(parseArg({ type: 'f32', value: '4290772992' }, refs)).toEqual(f32(0xffc00000n));
  });

  it('packs v128 lanes, lane 0 lowest', () => {
    const v = parseArg({ type: 'v128', lane_type: 'i16', value: ['1', '65535', '0', '0', '0', '0', '0', '2'] }, refs);
    expect(v).toEqual({ type: ValType.v128, bits: (2n << 112n) | (0xffffn << 16n) | 1n });
  });

  it('maps externref N to one stable host object per N', () => {
    const a = parseArg({ type: 'externref', value: '1' }, refs);
    const b = parseArg({ type: 'externref', value: '1' }, refs);
    const c = parseArg({ type: 'externref', value: '2' }, refs);
    expect('ref' in a && 'ref' in b && a.ref === b.ref).toBe(true);
    expect('ref' in c && 'ref' in a && c.ref !== a.ref).toBe(true);
    expect(parseArg({ type: 'funcref', value: 'null' }, refs)).toEqual({ type: ValType.funcref, ref: null });
  });

  it('matches floats bit-exactly, and NaN patterns', () => {
    expect(matchValue(f32(0x80000000n), { type: 'f32', value: '0' }, refs)).toBe(false);
    expect(matchValue(f32(0xffc00000n), { type: 'f32', value: 'nan:canonical' }, refs)).toBe(true);
    expect(matchValue(f32(0x7fc00001n), { type: 'f32', value: 'nan:canonical' }, refs)).toBe(false);
    expect(matchValue(f32(0x7fc00001n), { type: 'f32', value: 'nan:arithmetic' }, refs)).toBe(true);
    expect(matchValue(f32(0x7fa00000n), { type: 'f32', value: 'nan:arithmetic' }, refs)).toBe(false);
    expect(matchValue(f64(0xfff8000000000000n), { type: 'f64', value: 'nan:canonical' }, refs)).toBe(true);
    expect(matchValue(f64(0x7ff8000000000001n), { type: 'f64', value: 'nan:arithmetic' }, refs)).toBe(true);
    expect(matchValue(f64(0x7ff4000000000000n), { type: 'f64', value: 'nan:arithmetic' }, refs)).toBe(false);
  });

  it('matches v128 lanes with per-lane NaN patterns', () => {
    const v = { type: ValType.v128, bits: (0x3f800000n << 32n) | 0x7fc00000n };
    expect(matchValue(v, { type: 'v128', lane_type: 'f32', value: ['nan:canonical', '1065353216', '0', '0'] }, refs)).toBe(true);
    expect(matchValue(v, { type: 'v128', lane_type: 'f32', value: ['nan:canonical', '0', '0', '0'] }, refs)).toBe(false);
  });

  it('matches references and either', () => {
    const host = parseArg({ type: 'externref', value: '3' }, refs);
    expect(matchValue(host, { type: 'externref', value: '3' }, refs)).toBe(true);
    expect(matchValue(host, { type: 'externref', value: '4' }, refs)).toBe(false);
    expect(matchValue(host, { type: 'externref' }, refs)).toBe(true);
    expect(matchValue({ type: ValType.funcref, ref: null }, { type: 'ref', value: 'null' }, refs)).toBe(true);
    expect(matchValue({ type: ValType.funcref, ref: null }, { type: 'funcref' }, refs)).toBe(false);
    expect(matchValue({ type: ValType.funcref, ref: () => 0 }, { type: 'funcref' }, refs)).toBe(true);
    const either = { type: 'either', values: [{ type: 'i32', value: '1' }, { type: 'i32', value: '2' }] };
    expect(matchValue({ type: ValType.i32, bits: 2n }, either, refs)).toBe(true);
    expect(matchValue({ type: ValType.i32, bits: 3n }, either, refs)).toBe(false);
  });
});
