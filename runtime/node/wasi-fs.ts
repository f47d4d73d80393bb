/**
 * `NodeFileSystem`: a real host directory as a WASI file system (node:fs, synchronous).
 * Paths arrive confined lexically (runtime/wasi/fs.ts); here symbolic links are checked too,
 * so no path (or link) the guest names resolves outside the preopened directory.
 */
import {
  closeSync, constants, fstatSync, fsyncSync, ftruncateSync, futimesSync, linkSync, lstatSync, lutimesSync,
  mkdirSync, openSync, readSync, readdirSync, readlinkSync, realpathSync, renameSync, rmdirSync, statSync,
  symlinkSync, unlinkSync, utimesSync, writeSync,
} from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { join, sep } from 'node:path';
import { Errno, FileType, WasiFsError, splitPath } from '../wasi/index.js';
import type { DirEntry, FileHandle, FileStat, OpenFileOptions, SetTimes, WasiFileSystem } from '../wasi/index.js';

const ERRNO_BY_CODE: Readonly<Record<string, Errno>> = {
  EACCES: Errno.acces, EAGAIN: Errno.again, EBADF: Errno.badf, EBUSY: Errno.busy, EEXIST: Errno.exist,
  EFBIG: Errno.fbig, EINVAL: Errno.inval, EIO: Errno.io, EISDIR: Errno.isdir, ELOOP: Errno.loop,
  EMFILE: Errno.mfile, EMLINK: Errno.mlink, ENAMETOOLONG: Errno.nametoolong, ENOENT: Errno.noent,
  ENOMEM: Errno.nomem, ENOSPC: Errno.nospc, ENOSYS: Errno.nosys, ENOTDIR: Errno.notdir,
  ENOTEMPTY: Errno.notempty, ENOTSUP: Errno.notsup, EPERM: Errno.perm, EROFS: Errno.rofs,
  EXDEV: Errno.xdev, EOVERFLOW: Errno.overflow, ESPIPE: Errno.spipe, EPIPE: Errno.pipe,
};

/** Runs a node:fs call, turning its error into a `WasiFsError` with the matching errno. */
const sys = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof WasiFsError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new WasiFsError(typeof code === 'string' ? ERRNO_BY_CODE[code] ?? Errno.io : Errno.io, (e as Error).message);
  }
};

const fileTypeOf = (s: BigIntStats): FileType =>
  s.isFile() ? FileType.regularFile : s.isDirectory() ? FileType.directory : s.isSymbolicLink() ? FileType.symbolicLink
    : s.isCharacterDevice() ? FileType.characterDevice : s.isBlockDevice() ? FileType.blockDevice
      : s.isSocket() ? FileType.socketStream : FileType.unknown;

const toStat = (s: BigIntStats): FileStat => ({
  filetype: fileTypeOf(s), size: s.size, ino: s.ino, dev: s.dev, nlink: s.nlink,
  atimNs: s.atimeNs, mtimNs: s.mtimeNs, ctimNs: s.ctimeNs,
});

/** Seconds (node:fs `utimes` unit) for a time in ns. */
const seconds = (ns: bigint): number => Number(ns) / 1e9;

/** A host directory shown to the guest as a preopen. */
export class NodeFileSystem implements WasiFileSystem {
  /** Real path of the directory. */
  readonly root: string;

  /** @param hostDir an existing directory; throws (a plain Error) when it is not one. */
  constructor(hostDir: string) {
    const real = realpathSync(hostDir);
    if (!statSync(real).isDirectory()) throw new Error(`${hostDir} is not a directory`);
    this.root = real;
  }

  #inside(real: string): boolean { return real === this.root || real.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep); }

  /**
   * The host path of guest `path`, after checking that its parent (and, when `followLast`, the
   * entry itself if it is a symbolic link) resolves inside the root.
   */
  #host(path: string, followLast: boolean): string {
    const full = path === '' ? this.root : join(this.root, path);
    if (path === '') return full;
    const [parent] = splitPath(path);
    const realParent = sys(() => realpathSync(parent === '' ? this.root : join(this.root, parent)));
    if (!this.#inside(realParent)) throw new WasiFsError(Errno.notcapable, `${path} leaves the preopened directory`);
    if (followLast) {
      let link = false;
      try { link = lstatSync(full).isSymbolicLink(); } catch { /* does not exist yet */ }
      if (link) {
        let real: string;
        try { real = realpathSync(full); } catch { throw new WasiFsError(Errno.notcapable, `${path} is a dangling symbolic link`); }
        if (!this.#inside(real)) throw new WasiFsError(Errno.notcapable, `${path} links outside the preopened directory`);
      }
    }
    return full;
  }

  stat(path: string, follow: boolean): FileStat {
    const p = this.#host(path, follow);
    return toStat(sys(() => (follow ? statSync(p, { bigint: true }) : lstatSync(p, { bigint: true }))));
  }

  openFile(path: string, o: OpenFileOptions): FileHandle {
    const p = this.#host(path, true);
    const flags = (o.write ? (o.read ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY) |
      (o.create ? constants.O_CREAT : 0) | (o.create && o.exclusive ? constants.O_EXCL : 0) | (o.truncate ? constants.O_TRUNC : 0);
    const fd = sys(() => openSync(p, flags, 0o666));
    return {
      stat: () => toStat(sys(() => fstatSync(fd, { bigint: true }))),
      read: (dst, position) => sys(() => readSync(fd, dst, 0, dst.length, position)),
      write: (src, position) => sys(() => writeSync(fd, src, 0, src.length, position)),
      truncate: (size) => sys(() => ftruncateSync(fd, size)),
      setTimes: (t) => {
        const s = sys(() => fstatSync(fd, { bigint: true }));
        sys(() => futimesSync(fd, seconds(t.atimNs ?? s.atimeNs), seconds(t.mtimNs ?? s.mtimeNs)));
      },
      sync: () => sys(() => fsyncSync(fd)),
      close: () => sys(() => closeSync(fd)),
    };
  }

  readdir(path: string): DirEntry[] {
    const p = this.#host(path, true);
    return sys(() => readdirSync(p)).map((name) => {
      const s = sys(() => lstatSync(join(p, name), { bigint: true }));
      return { name, filetype: fileTypeOf(s), ino: s.ino };
    });
  }

  mkdir(path: string): void { const p = this.#host(path, false); sys(() => mkdirSync(p)); }
  rmdir(path: string): void { const p = this.#host(path, false); sys(() => rmdirSync(p)); }
  unlink(path: string): void { const p = this.#host(path, false); sys(() => unlinkSync(p)); }

  rename(from: string, to: string): void {
    const a = this.#host(from, false);
    const b = this.#host(to, false);
    sys(() => renameSync(a, b));
  }

  setTimes(path: string, follow: boolean, t: SetTimes): void {
    const p = this.#host(path, follow);
    const s = sys(() => (follow ? statSync(p, { bigint: true }) : lstatSync(p, { bigint: true })));
    const atime = seconds(t.atimNs ?? s.atimeNs);
    const mtime = seconds(t.mtimNs ?? s.mtimeNs);
    sys(() => (follow ? utimesSync(p, atime, mtime) : lutimesSync(p, atime, mtime)));
  }

  symlink(target: string, path: string): void {
    const p = this.#host(path, false);
    sys(() => symlinkSync(target, p));
  }

  readlink(path: string): string {
    const p = this.#host(path, false);
    return sys(() => readlinkSync(p));
  }

  link(from: string, to: string): void {
    const a = this.#host(from, false);
    const b = this.#host(to, false);
    sys(() => linkSync(a, b));
  }
}
