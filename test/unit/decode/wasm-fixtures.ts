/**
 * Test helpers for the decoder: WAT → binary via wabt, a tiny byte-level module
 * builder for malformed inputs, and LEB128 encoders independent of the reader.
 */
import wabtInit from 'wabt';
import { expect } from 'vitest';
import { CompileError, UnsupportedError } from '../../../winch/compile-error.js';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import type { ModuleInfo } from '../../../winch/decode/module-info.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabtPromise: Promise<Wabt> | null = null;

const ALL_FEATURES = {
  mutable_globals: true, sat_float_to_int: true, sign_extension: true, simd: true, multi_value: true,
  bulk_memory: true, reference_types: true, extended_const: true, tail_call: true,
} as const;

/**
 * Assembles WAT text with wabt (Wasm 2.0 features plus extended-const enabled);
 * `names` writes the `name` section.
 */
export async function wat(text: string, features: Record<string, boolean> = {}, names = false): Promise<Uint8Array> {
  wabtPromise ??= wabtInit();
  const wabt = await wabtPromise;
  const m = wabt.parseWat('test.wat', text, { ...ALL_FEATURES, ...features });
  try {
    if (names) m.resolveNames();
    return new Uint8Array(m.toBinary({ write_debug_names: names }).buffer);
  } finally {
    m.destroy();
  }
}

/** Decodes a module from WAT text. */
export async function decodeWat(text: string, features: Record<string, boolean> = {}): Promise<ModuleInfo> {
  return decodeModule(await wat(text, features));
}

/** Unsigned LEB128 of a non-negative integer (number or bigint). */
export function uleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** Signed LEB128 of an integer (number or bigint). */
export function sleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** Length-prefixed UTF-8 name. */
export function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** A vector: count then the concatenated items. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A section with the right size prefix. */
export function section(id: number, content: readonly number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;

/** A module from raw section bytes (header prepended). */
export function mod(...sections: readonly (readonly number[])[]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}

/** Type section with one `[] -> []` function type. */
export const TYPE_VOID = section(1, vec([[0x60, 0x00, 0x00]]));

/** Asserts that decoding throws a CompileError of `kind` whose reason starts with `prefix`. */
export function expectCompileError(bytes: Uint8Array, kind: 'malformed' | 'invalid', prefix: string): CompileError {
  let err: unknown = null;
  try {
    decodeModule(bytes);
  } catch (e) {
    err = e;
  }
  expect(err, `expected CompileError "${prefix}"`).toBeInstanceOf(CompileError);
  const ce = err as CompileError;
  expect(ce.kind).toBe(kind);
  expect(ce.reason.startsWith(prefix), `"${ce.reason}" should start with "${prefix}"`).toBe(true);
  return ce;
}

/** Asserts that decoding throws an UnsupportedError mentioning `feature`. */
export function expectUnsupported(bytes: Uint8Array, feature: string): void {
  let err: unknown = null;
  try {
    decodeModule(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UnsupportedError);
  expect((err as UnsupportedError).feature).toContain(feature);
}
