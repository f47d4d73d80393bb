/**
 * NodeFileSystem (a real directory as a WASI preopen): symbolic links may not lead the guest
 * outside the directory — whether they point at a file, a directory or nowhere yet — while
 * links inside it work; host errors map to WASI errnos.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../../runtime/node/wasi-fs.js';
import { Errno, WasiFsError } from '../../../runtime/wasi/index.js';

let base = '';
let root = '';
let outside = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'wl-nodefs-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(root, 'sub', 'ok.txt'), 'ok');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'to-secret'));
  symlinkSync(outside, join(root, 'to-outside-dir'));
  symlinkSync(join(outside, 'not-yet.txt'), join(root, 'dangling'));
  symlinkSync('sub/ok.txt', join(root, 'inside-link'));
});
afterAll(() => { if (base) rmSync(base, { recursive: true, force: true }); });

const errnoOf = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof WasiFsError) return e.errno;
    throw e;
  }
  return undefined;
};

const rw = { read: true, write: true, create: false, exclusive: false, truncate: false };

describe('NodeFileSystem', () => {
  it('refuses links that resolve outside the directory', () => {
    const fs = new NodeFileSystem(root);
    expect(errnoOf(() => fs.openFile('to-secret', rw))).toBe(Errno.notcapable);
    expect(errnoOf(() => fs.stat('to-secret', true))).toBe(Errno.notcapable);
    expect(errnoOf(() => fs.readdir('to-outside-dir'))).toBe(Errno.notcapable);
    expect(errnoOf(() => fs.openFile('to-outside-dir/secret.txt', rw))).toBe(Errno.notcapable);
    expect(errnoOf(() => fs.openFile('dangling', { ...rw, create: true }))).toBe(Errno.notcapable);
    expect(existsSync(join(outside, 'not-yet.txt'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('allows links inside the directory, and lstat of any link', () => {
    const fs = new NodeFileSystem(root);
    const h = fs.openFile('inside-link', rw);
    const buf = new Uint8Array(8);
    expect(h.read(buf, 0)).toBe(2);
    h.close();
    expect(fs.stat('to-secret', false).filetype).toBe(7); // symbolic link, not followed
    expect(fs.readlink('inside-link')).toBe('sub/ok.txt');
  });

  it('maps host errors to WASI errnos', () => {
    const fs = new NodeFileSystem(root);
    expect(errnoOf(() => fs.stat('missing', true))).toBe(Errno.noent);
    expect(errnoOf(() => fs.mkdir('sub'))).toBe(Errno.exist);
    expect(errnoOf(() => fs.rmdir('sub'))).toBe(Errno.notempty);
    expect(errnoOf(() => fs.openFile('sub/ok.txt/x', { ...rw, create: true }))).toBe(Errno.notdir);
  });

  it('rejects a root that is not a directory', () => {
    expect(() => new NodeFileSystem(join(root, 'sub', 'ok.txt'))).toThrow(/not a directory/);
  });
});
