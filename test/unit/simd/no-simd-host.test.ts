/**
 * A guest that uses no SIMD compiles to a host module that uses no SIMD: every example guest
 * and every module of the core and bulk-memory spec scripts that validates without SIMD gives a
 * host module that wabt validates with SIMD disabled (no v128 type, no 0xfd opcode). A SIMD
 * guest's host module fails that check, so the check can tell the difference.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { compile, CompileError, UnsupportedError } from '../../../winch/index.js';
import { REPO_ROOT, SPECTEST_DIR } from '../../shared-paths.js';
import { simdWat } from './simd-harness.js';

const wabt = await wabtInit();

/** Every feature Windlass's host modules may use on Node 20, except SIMD. */
const NO_SIMD = {
  simd: false, relaxed_simd: false, mutable_globals: true, sat_float_to_int: true, sign_extension: true,
  multi_value: true, bulk_memory: true, reference_types: true, tail_call: true,
};

/** Whether wabt validates `bytes` with SIMD disabled. */
const validWithoutSimd = (bytes: Uint8Array): boolean => {
  let m;
  try {
    m = wabt.readWasm(bytes, NO_SIMD);
    m.validate();
    return true;
  } catch {
    return false;
  } finally {
    m?.destroy();
  }
};

/** Host bytes, or undefined when Windlass refuses the guest (invalid, unsupported, over a limit). */
const hostOf = (guest: Uint8Array): Uint8Array | undefined => {
  try {
    return compile(guest).hostBytes;
  } catch (e) {
    if (e instanceof CompileError || e instanceof UnsupportedError) return undefined;
    throw e;
  }
};

/** Module files of the `module` commands of every script in `folder`. */
const specModules = (folder: string): string[] => {
  const dir = join(SPECTEST_DIR, folder);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => {
    const script = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { commands: { type: string; filename?: string }[] };
    return script.commands.filter((c) => c.type === 'module' && c.filename?.endsWith('.wasm')).map((c) => join(dir, c.filename!));
  });
};

describe('SIMD-free guests compile to SIMD-free host modules', () => {
  it('the check rejects a host module with SIMD, even without v128 in any signature or local', () => {
    const guest = simdWat('(module (func (export "f") (param i32) (result i32) (i8x16.extract_lane_u 3 (i8x16.splat (local.get 0)))))');
    expect(validWithoutSimd(compile(guest).hostBytes)).toBe(false);
    expect(validWithoutSimd(compile(simdWat('(module (func (export "f") (param i32) (result i32) (local.get 0)))')).hostBytes)).toBe(true);
  });

  it('example guests', () => {
    const dir = join(REPO_ROOT, 'examples', 'guests');
    const guests = readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => ({ f, bytes: new Uint8Array(readFileSync(join(dir, f))) }))
      .filter((g) => validWithoutSimd(g.bytes));
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests) expect(validWithoutSimd(hostOf(g.bytes)!), g.f).toBe(true);
  });

  it.skipIf(!existsSync(join(SPECTEST_DIR, 'core')))('core and bulk-memory spec modules', () => {
    let checked = 0;
    const withSimd: string[] = [];
    for (const path of [...specModules('core'), ...specModules('bulk-memory')]) {
      const guest = new Uint8Array(readFileSync(path));
      if (!validWithoutSimd(guest)) continue; // uses SIMD or a feature wabt or Windlass lacks
      const host = hostOf(guest);
      if (!host) continue;
      checked++;
      if (!validWithoutSimd(host)) withSimd.push(path);
    }
    expect(withSimd).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});
