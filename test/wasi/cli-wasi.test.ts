/**
 * `windlass run --wasi`: exit code, stdout and stderr of the guest, --dir HOST::GUEST preopens,
 * --env, arguments after `--`, stdin, and the trap exit status (134, like wasmtime run).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-paths.js';
import { example, tempDir } from './harness.js';

const CLI = join(REPO_ROOT, 'runtime', 'node', 'cli.ts');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const cli = (args: readonly string[], input = ''): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', input, timeout: 100_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('windlass run --wasi', () => {
  it('passes arguments and --env, forwards stdout/stderr and exits with the guest status', () => {
    const r = cli(['run', '--wasi', '--env', 'ZED=last', '--env', 'ALPHA=first', example('envargs'), '--', '5', '--not-an-option']);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('arg[1]=5\narg[2]=--not-an-option\nenv ALPHA=first\nenv ZED=last\n');
    expect(r.stderr).toBe('to stderr\n');
  });

  it('preopens HOST::GUEST directories the guest reads and writes', () => {
    const d = tempDir({ 'in.txt': 'alpha beta\ngamma\n' });
    dirs.push(d);
    const r = cli(['run', '--wasi', '--dir', `${d}::work`, example('transform'), '--', 'work/in.txt', 'work/out.txt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lines=2 words=3 in=17 /);
    expect(readFileSync(join(d, 'out.txt'), 'utf8')).toBe('   1: BETA ALPHA\n   2: GAMMA\n');
  });

  it('reads the process stdin', () => {
    const r = cli(['run', '--wasi', example('stdin-wc')], 'Hello\nWorld\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Uryyb\nJbeyq\n');
    expect(r.stderr).toBe('2 2 12\n');
  });

  it('takes the metering options: --fuel reports to stderr, running out traps with 134', () => {
    const ok = cli(['run', '--wasi', '--fuel', '100000000', example('stdin-wc')], 'Hello\nWorld\n');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Uryyb\nJbeyq\n');
    expect(ok.stderr).toMatch(/^2 2 12\nfuel consumed: \d+\n$/);
    const used = BigInt(/fuel consumed: (\d+)/.exec(ok.stderr)![1]!);
    const half = used / 2n;
    const out = cli(['run', '--wasi', '--fuel', String(half), example('stdin-wc')], 'Hello\nWorld\n');
    expect(out.code).toBe(134);
    expect(out.stderr).toMatch(/trap: OutOfFuel/);
    expect(out.stderr).toContain(`fuel consumed: ${half}\n`);
    const limited = cli(['run', '--wasi', '--max-stack-depth', '3', example('stdin-wc')], 'x\n');
    expect(limited.code).toBe(134);
    expect(limited.stderr).toMatch(/trap: StackOverflow/);
    expect(cli(['run', '--wasi', '--deadline-ms', '60000', '--max-memory', '100000000', example('stdin-wc')], 'a b\n').code).toBe(0);
  });

  it('a trap prints the trap and exits with 134', () => {
    const r = cli(['run', '--wasi', example('trap')]);
    expect(r.code).toBe(134);
    expect(r.stdout).toBe('about to trap\n');
    expect(r.stderr).toMatch(/^trap: UnreachableCodeReached: unreachable/);
  });

  it('a bare --env KEY inherits the host value', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'run', '--wasi', '--env', 'WL_TEST_VAR', '--env', 'WL_UNSET_VAR', example('envargs')],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, WL_TEST_VAR: 'from host' }, timeout: 100_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('env WL_TEST_VAR=from host\n');
    expect(r.stdout).not.toContain('WL_UNSET_VAR');
  });

  it('usage errors: a bad --dir, an empty --env name, --dir without --wasi', () => {
    expect(cli(['run', '--wasi', '--dir', '/definitely/not/here', example('envargs')]).code).toBe(1);
    expect(cli(['run', '--wasi', '--env', '=x', example('envargs')]).code).toBe(2);
    expect(cli(['run', '--dir', '.', example('envargs')]).code).toBe(2);
  });
});
