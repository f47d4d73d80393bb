/**
 * CLI metering options of `windlass run`: --fuel (and the `fuel consumed: N` report),
 * --deadline-ms, --max-memory and --max-stack-depth, on small guests built with wabt.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(repoRoot, 'runtime', 'node', 'cli.ts');
let file = '';
let noMemory = '';
let dir = '';

const run = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'run', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 100_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const GUEST = `(module (memory 1)
  (func (export "count") (param i32) (result i32) (local i32)
    (loop (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "spin") (loop (br 0)))
  (func $rec (export "rec") (param i32) (result i32) (call $rec (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

/** Without a memory of its own: --epoch works on hosts without multi-memory too (Node 20). */
const NO_MEMORY = `(module
  (func (export "spin") (loop (br 0)))
  (func $r (param i32) (if (local.get 0) (then (call $r (i32.sub (local.get 0) (i32.const 1))) (call $r (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "tree") (call $r (i32.const 60)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`;

const multiMemory = WebAssembly.validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 5, 2, 0, 0, 0, 0]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'windlass-cli-metering-'));
  const wabt = await wabtInit();
  const mod = wabt.parseWat('g.wat', GUEST);
  file = join(dir, 'g.wasm');
  writeFileSync(file, mod.toBinary({}).buffer);
  mod.destroy();
  const plain = wabt.parseWat('n.wat', NO_MEMORY);
  noMemory = join(dir, 'n.wasm');
  writeFileSync(noMemory, plain.toBinary({}).buffer);
  plain.destroy();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('windlass run metering', () => {
  it('--fuel prints the fuel consumed after the results', () => {
    const r = run('--fuel', '1000', file, '--invoke', 'count', '10');
    expect(r.code).toBe(0);
    // entry 1 + loop body 10 x 8 + the final local.get 1
    expect(r.stdout).toBe('10\nfuel consumed: 82\n');
  });

  it('running out of fuel exits non-zero naming OutOfFuel', () => {
    const r = run('--fuel', '100', file, '--invoke', 'count', '100');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OutOfFuel');
    expect(r.stdout).toBe('fuel consumed: 100\n');
  });

  it('--deadline-ms interrupts an endless loop', () => {
    const r = run('--deadline-ms', '50', file, '--invoke', 'spin');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('trap: Interrupt');
    expect(r.stderr).toContain('deadline of 50 ms exceeded');
  });

  it('--max-stack-depth bounds recursion', () => {
    const r = run('--max-stack-depth', '50', file, '--invoke', 'rec', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('trap: StackOverflow');
    expect(r.stderr).toContain('previous frame repeated 49 more times');
  });

  it('--max-memory makes memory.grow fail and refuses a memory above it', () => {
    expect(run('--max-memory', '131072', file, '--invoke', 'grow', '1').stdout).toBe('1\n');
    expect(run('--max-memory', '131072', file, '--invoke', 'grow', '2').stdout).toBe('-1\n');
    const r = run('--max-memory', '1000', file, '--invoke', 'grow', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('maxTotalMemoryBytes');
  });

  it('--deadline-ms --epoch interrupts an endless loop and an endless recursion with a ticker thread', () => {
    for (const f of ['spin', 'tree']) {
      const r = run('--deadline-ms', '30', '--epoch', noMemory, '--invoke', f);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('trap: Interrupt');
      expect(r.stderr).toContain('deadline of 30 ms exceeded');
    }
    const ok = run('--deadline-ms', '10000', '--epoch', noMemory, '--invoke', 'add', '2', '3');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('5\n');
  });

  it('--epoch on a guest with a memory: interrupts where the host has multi-memory, else says why', () => {
    const r = run('--deadline-ms', '30', '--epoch', file, '--invoke', 'spin');
    expect(r.code).toBe(1);
    if (multiMemory) expect(r.stderr).toContain('trap: Interrupt');
    else expect(r.stderr).toMatch(/--epoch: epoch interruption needs multi-memory/);
  });

  it('--epoch without --deadline-ms is a usage error', () => {
    expect(run('--epoch', noMemory, '--invoke', 'add', '1', '2').code).toBe(2);
  });

  it('rejects malformed values as usage errors', () => {
    expect(run('--fuel', 'lots', file, '--invoke', 'count', '1').code).toBe(2);
    expect(run('--max-stack-depth', '-3', file, '--invoke', 'count', '1').code).toBe(2);
  });
});
