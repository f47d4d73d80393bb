/** The in-memory file system: POSIX-like results and errors for the operations WASI maps onto it. */
import { describe, expect, it } from 'vitest';
import { Errno, MemoryFileSystem, WasiFsError, resolvePath } from '../../../runtime/wasi/index.js';

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

describe('MemoryFileSystem', () => {
  it('reads, writes past the end (zero-filled gap), truncates and grows', () => {
    const fs = new MemoryFileSystem({ 'f.bin': new Uint8Array([1, 2, 3]) });
    const h = fs.openFile('f.bin', rw);
    expect(h.write(new Uint8Array([9]), 5)).toBe(1);
    expect(fs.readFile('f.bin')).toEqual(new Uint8Array([1, 2, 3, 0, 0, 9]));
    h.truncate(2);
    h.truncate(4);
    expect(fs.readFile('f.bin')).toEqual(new Uint8Array([1, 2, 0, 0]));
    const buf = new Uint8Array(10);
    expect(h.read(buf, 1)).toBe(3);
    expect(h.read(buf, 4)).toBe(0);
    expect(h.stat().size).toBe(4n);
  });

  it('create, exclusive and truncate flags', () => {
    const fs = new MemoryFileSystem({ a: 'abc' });
    expect(errnoOf(() => fs.openFile('b', rw))).toBe(Errno.noent);
    fs.openFile('b', { ...rw, create: true });
    expect(fs.exists('b')).toBe(true);
    expect(errnoOf(() => fs.openFile('a', { ...rw, create: true, exclusive: true }))).toBe(Errno.exist);
    fs.openFile('a', { ...rw, truncate: true });
    expect(fs.readFile('a').length).toBe(0);
    expect(errnoOf(() => fs.openFile('nodir/x', { ...rw, create: true }))).toBe(Errno.noent);
    expect(errnoOf(() => fs.openFile('a/x', { ...rw, create: true }))).toBe(Errno.notdir);
  });

  it('directories: mkdir, rmdir of non-empty, unlink of a directory, readdir', () => {
    const fs = new MemoryFileSystem({ d: { x: '1', y: { z: '2' } } });
    expect(fs.readdir('d').map((e) => e.name)).toEqual(['x', 'y']);
    expect(errnoOf(() => fs.mkdir('d'))).toBe(Errno.exist);
    expect(errnoOf(() => fs.rmdir('d'))).toBe(Errno.notempty);
    expect(errnoOf(() => fs.unlink('d'))).toBe(Errno.isdir);
    expect(errnoOf(() => fs.rmdir('d/x'))).toBe(Errno.notdir);
    fs.unlink('d/y/z');
    fs.rmdir('d/y');
    expect(fs.exists('d/y')).toBe(false);
  });

  it('rename: replaces files, refuses a directory into itself or over a non-empty one', () => {
    const fs = new MemoryFileSystem({ a: 'A', b: 'B', d: { inner: 'i' }, e: { x: 'x' } });
    fs.rename('a', 'b');
    expect(new TextDecoder().decode(fs.readFile('b'))).toBe('A');
    expect(fs.exists('a')).toBe(false);
    expect(errnoOf(() => fs.rename('d', 'd/sub'))).toBe(Errno.inval);
    expect(errnoOf(() => fs.rename('d', 'e'))).toBe(Errno.notempty);
    expect(errnoOf(() => fs.rename('b', 'd'))).toBe(Errno.isdir);
    fs.rename('d', 'moved');
    expect(new TextDecoder().decode(fs.readFile('moved/inner'))).toBe('i');
  });

  it('hard links share contents', () => {
    const fs = new MemoryFileSystem({ a: 'one' });
    fs.link('a', 'b');
    fs.openFile('b', rw).write(new TextEncoder().encode('ONE'), 0);
    expect(new TextDecoder().decode(fs.readFile('a'))).toBe('ONE');
    expect(fs.stat('a').nlink).toBe(2n);
  });
});

describe('resolvePath (the sandbox rule)', () => {
  it('normalizes lexically and refuses to leave the root', () => {
    expect(resolvePath('', 'a/./b//c/')).toBe('a/b/c');
    expect(resolvePath('a/b', '../c')).toBe('a/c');
    expect(resolvePath('a', '..')).toBe('');
    expect(() => resolvePath('a', '../..')).toThrow(WasiFsError);
    expect(() => resolvePath('', '/etc/passwd')).toThrow(WasiFsError);
    expect(() => resolvePath('', 'a\0b')).toThrow(WasiFsError);
  });
});
