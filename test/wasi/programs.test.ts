/**
 * Real C programs compiled to wasm32-wasi (examples/wasi, built by its build.sh) run through
 * Windlass and natively with node:wasi; stdout, stderr, exit code and the files they write must
 * agree byte for byte. The same programs also run on the in-memory file system.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Trap } from '../../runtime/index.js';
import { MemoryFileSystem } from '../../runtime/wasi/index.js';
import { NodeFileSystem } from '../../runtime/node/wasi-fs.js';
import { example, runNativeOurWasi, runNodeWasi, runWindlass, snapshotTree, tempDir } from './harness.js';

const TEXT = 'the quick brown fox\njumps over\n\n  the lazy   dog  \nÄrger über Öl\n';
const dirs: string[] = [];
const fresh = (files: Record<string, string> = {}): string => {
  const d = tempDir(files);
  dirs.push(d);
  return d;
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('WASI programs: Windlass vs node:wasi', () => {
  it('transform: reads a file, writes another, same bytes and summary', async () => {
    const a = fresh({ 'in.txt': TEXT });
    const b = fresh({ 'in.txt': TEXT });
    const spec = { args: ['data/in.txt', 'data/out.txt'] };
    const ours = runWindlass(example('transform'), spec, { data: new NodeFileSystem(a) });
    const theirs = await runNodeWasi(example('transform'), spec, { data: b });
    expect(theirs.code).toBe(0);
    expect(ours).toEqual(theirs);
    expect(ours.stdout).toMatch(/^lines=4 words=12 /);
    expect(readFileSync(join(a, 'out.txt'))).toEqual(readFileSync(join(b, 'out.txt')));
  });

  it('transform on the in-memory file system writes the same output file', async () => {
    const fs = new MemoryFileSystem({ 'in.txt': TEXT });
    const ours = runWindlass(example('transform'), { args: ['/in.txt', '/out.txt'] }, { '/': fs });
    const b = fresh({ 'in.txt': TEXT });
    const theirs = await runNodeWasi(example('transform'), { args: ['/in.txt', '/out.txt'] }, { '/': b });
    expect(ours).toEqual(theirs);
    expect(fs.readFile('out.txt')).toEqual(new Uint8Array(readFileSync(join(b, 'out.txt'))));
  });

  it('fsops: directory and file operations, errors and the sandbox agree, and leave the same tree', async () => {
    const a = fresh({ 'keep.txt': 'keep me\n' });
    const b = fresh({ 'keep.txt': 'keep me\n' });
    const ours = runWindlass(example('fsops'), { args: ['/sandbox'] }, { '/sandbox': new NodeFileSystem(a) });
    const theirs = await runNodeWasi(example('fsops'), { args: ['/sandbox'] }, { '/sandbox': b });
    expect(ours).toEqual(theirs);
    expect(ours.stdout).toContain('open outside the preopen -> Capabilities insufficient');
    expect(ours.stdout).toContain('rmdir non-empty sub -> Directory not empty');
    expect(snapshotTree(a)).toEqual(snapshotTree(b));
  });

  it('fsops on the in-memory file system prints what node:wasi prints on a real directory', async () => {
    const b = fresh({ 'keep.txt': 'keep me\n' });
    const fs = new MemoryFileSystem({ 'keep.txt': 'keep me\n' });
    const ours = runWindlass(example('fsops'), { args: ['/sandbox'] }, { '/sandbox': fs });
    const theirs = await runNodeWasi(example('fsops'), { args: ['/sandbox'] }, { '/sandbox': b });
    expect(ours).toEqual(theirs);
  });

  it('envargs: arguments, environment, clocks, random, stderr and the exit code', async () => {
    const spec = { args: ['7', 'two words', 'ünïcödé'], env: { B_VAR: 'b', A_VAR: 'a=1', EMPTY: '' } };
    const ours = runWindlass(example('envargs'), spec);
    const theirs = await runNodeWasi(example('envargs'), spec);
    expect(theirs.code).toBe(7);
    expect(ours).toEqual(theirs);
    expect(ours.stdout).toContain('monotonic ok: yes');
    expect(ours.stdout).toContain('random ok: yes');
  });

  it('stdin-wc: a filter from stdin to stdout', async () => {
    const spec = { stdin: `${TEXT.repeat(50)}no newline at the end` };
    const ours = runWindlass(example('stdin-wc'), spec);
    const theirs = await runNodeWasi(example('stdin-wc'), spec);
    expect(ours).toEqual(theirs);
    expect(ours.stderr).toBe(`250 ${12 * 50 + 5} ${new TextEncoder().encode(spec.stdin).length}\n`);
  });

  it('our WASI gives the same results when the host engine runs the program natively', async () => {
    const spec = { args: ['3', 'x'], env: { K: 'v' } };
    expect(await runNativeOurWasi(example('envargs'), spec)).toEqual(runWindlass(example('envargs'), spec));
    const fs = new MemoryFileSystem({ 'in.txt': TEXT });
    const native = await runNativeOurWasi(example('transform'), { args: ['/d/in.txt', '/d/out.txt'] }, { '/d': fs });
    expect(native.code).toBe(0);
    expect(native.stdout).toMatch(/^lines=4 words=12 /);
  });

  it('trap: output written before the trap is kept and the trap has its code and backtrace', async () => {
    const ours = runWindlass(example('trap'), {});
    expect(ours.stdout).toBe('about to trap\n');
    expect(ours.error).toBeInstanceOf(Trap);
    expect((ours.error as Trap).code).toBe('UnreachableCodeReached');
    expect((ours.error as Trap).backtrace.length).toBeGreaterThan(0);
    await expect(runNodeWasi(example('trap'), {})).rejects.toThrow(/unreachable/);
  });
});
