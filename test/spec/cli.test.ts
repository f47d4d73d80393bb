/**
 * CLI tests: run the CLI from sources (`node --import tsx runtime/node/cli.ts ...`, what
 * `npx tsx` does, minus npx's start-up) on small guests built with wabt into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(repoRoot, 'runtime', 'node', 'cli.ts');
let dir = '';

const cli = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 100_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const GUESTS: Record<string, string> = {
  math: `(module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "neg64") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
    (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
    (func (export "pair") (param f32) (result f32 i32) (local.get 0) (i32.const -1))
    (func (export "main") (result i32) (i32.const 42)))`,
  trap: `(module
    (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "_start") (drop (call $middle (i32.const 0)))))`,
  imports: `(module (import "env" "f" (func)))`,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'windlass-cli-'));
  const wabt = await wabtInit();
  for (const [name, text] of Object.entries(GUESTS)) {
    const mod = wabt.parseWat(`${name}.wat`, text, { multi_value: true });
    writeFileSync(join(dir, `${name}.wasm`), mod.toBinary({ write_debug_names: true }).buffer);
    mod.destroy();
  }
  writeFileSync(join(dir, 'bad.wasm'), new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]));
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('windlass CLI', () => {
  it('prints help and version', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: windlass/);
    const version = cli('--version');
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(`windlass ${pkg.version}`);
  });

  it('run prints results per parameter and result type', () => {
    const m = join(dir, 'math.wasm');
    expect(cli('run', m, '--invoke', 'add', '2', '-5')).toMatchObject({ code: 0, stdout: '-3\n' });
    expect(cli('run', m, '--invoke', 'add', '0x7fffffff', '1').stdout).toBe('-2147483648\n');
    expect(cli('run', m, '--invoke', 'neg64', '-9223372036854775807').stdout).toBe('9223372036854775807\n');
    expect(cli('run', m, '--invoke', 'half', 'inf').stdout).toBe('Infinity\n');
    expect(cli('run', m, '--invoke', 'half', '-3').stdout).toBe('-1.5\n');
    expect(cli('run', m, '--invoke', 'pair', '1.5').stdout).toBe('1.5\n-1\n');
    expect(cli('run', m).stdout).toBe('42\n'); // default: main
  });

  it('run reports a bad argument count as a usage error', () => {
    const r = cli('run', join(dir, 'math.wasm'), '--invoke', 'add', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/takes 2 argument/);
  });

  it('run exits 1 on a trap with the code and a guest backtrace', () => {
    const r = cli('run', join(dir, 'trap.wasm'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^trap: IntegerDivisionByZero: integer divide by zero$/m);
    expect(r.stderr).toMatch(/^ {2}at (inner|func\[0\])/m);
    expect(r.stderr).toMatch(/^ {2}at .*\(offset 0x[0-9a-f]+\)$/m);
  });

  it('run exits 1 with one line on compile and link errors', () => {
    const bad = cli('run', join(dir, 'bad.wasm'));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error: CompileError/);
    const link = cli('run', join(dir, 'imports.wasm'));
    expect(link.code).toBe(1);
    expect(link.stderr.trim().split('\n')).toHaveLength(1);
    expect(link.stderr).toMatch(/unknown import/);
  });

  it('compile writes a valid host module', () => {
    const out = join(dir, 'out', 'math.host.wasm');
    expect(cli('compile', join(dir, 'math.wasm'), '-o', out).code).toBe(0);
    expect(WebAssembly.validate(readFileSync(out))).toBe(true);
  });

  it('wast --json writes per-folder counts and failures', () => {
    const folder = join(dir, 'mini');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'mini.0.wasm'), readFileSync(join(dir, 'math.wasm')));
    writeFileSync(join(folder, 'mini.1.wasm'), readFileSync(join(dir, 'bad.wasm')));
    const inv = (field: string, args: object[]) => ({ type: 'invoke', field, args });
    const i32 = (v: string) => ({ type: 'i32', value: v });
    const commands = [
      { type: 'module', line: 1, filename: 'mini.0.wasm' },
      { type: 'assert_return', line: 2, action: inv('add', [i32('1'), i32('2')]), expected: [i32('3')] },
      { type: 'assert_return', line: 3, action: inv('add', [i32('1'), i32('2')]), expected: [i32('4')] },
      { type: 'assert_malformed', line: 4, filename: 'mini.1.wasm', text: 'unknown binary version', module_type: 'binary' },
      { type: 'assert_malformed', line: 5, filename: 'mini.2.wat', text: 'unexpected token', module_type: 'text' },
    ];
    writeFileSync(join(folder, 'mini.json'), JSON.stringify({ source_filename: 'mini.wast', commands }));
    const json = join(dir, 'report.json');
    const r = cli('wast', folder, '--json', json);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mini\s+2\s+1\s+1/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as unknown;
    expect(report).toEqual({
      folders: { mini: { passed: 2, failed: 1, skipped: 1 } },
      failures: [{ file: 'mini/mini.json', line: 3, type: 'assert_return', reason: expect.stringMatching(/got \[i32:3\]/) as unknown }],
    });
    expect(cli('wast', folder, '--strict').code).toBe(1);
  });
});
