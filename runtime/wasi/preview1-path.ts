/**
 * Preview1 path functions (`path_*`): every path is resolved against a directory descriptor
 * and may not leave its preopened tree (`resolvePath`), then handed to that tree's file system.
 */
import { Errno, FdFlags, FileType, LookupFlags, OFlags, Rights } from './constants.js';
import type { WasiContext } from './context.js';
import { dirRights, fileRights } from './descriptors.js';
import type { DirDesc } from './descriptors.js';
import { WasiFsError, resolvePath } from './fs.js';
import { timesFor, writeFilestat } from './preview1-fd.js';

const encoder = new TextEncoder();

/** The directory descriptor `fd` and guest path (ptr, len) resolved against it. */
const at = (ctx: WasiContext, fd: number, ptr: number, len: number): { dir: DirDesc; path: string } => {
  const dir = ctx.fds.dir(fd);
  return { dir, path: resolvePath(dir.path, ctx.memory().string(ptr, len)) };
};

const statOrUndefined = (dir: DirDesc, path: string, follow: boolean) => {
  try {
    return dir.fs.stat(path, follow);
  } catch (e) {
    if (e instanceof WasiFsError && e.errno === Errno.noent) return undefined;
    throw e;
  }
};

/** `path_open`: opens a directory or a regular file (creating/truncating as `oflags` say). */
const pathOpen = (
  ctx: WasiContext, fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
  rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdOut: number,
): number => {
  const { dir, path } = at(ctx, fd, pathPtr, pathLen);
  ctx.memory().check(fdOut, 4); // before creating anything
  const follow = (dirflags & LookupFlags.symlinkFollow) !== 0;
  const st = statOrUndefined(dir, path, follow);
  const wantsWrite = (rightsBase & (Rights.fdWrite | Rights.fdAllocate | Rights.fdFilestatSetSize)) !== 0n ||
    (oflags & OFlags.trunc) !== 0 || (fdflags & FdFlags.append) !== 0;
  if (st?.filetype === FileType.directory) {
    if ((oflags & (OFlags.creat | OFlags.excl)) === (OFlags.creat | OFlags.excl)) return Errno.exist;
    if (wantsWrite && (rightsBase & Rights.fdWrite) !== 0n) return Errno.isdir;
    if ((oflags & OFlags.trunc) !== 0) return Errno.isdir;
    const opened: DirDesc = { kind: 'dir', fs: dir.fs, path, rights: dirRights(rightsBase), inheriting: rightsInheriting };
    ctx.memory().setU32(fdOut, ctx.fds.add(opened));
    return Errno.success;
  }
  if ((oflags & OFlags.directory) !== 0) return st === undefined ? Errno.noent : Errno.notdir;
  const wantsRead = (rightsBase & (Rights.fdRead | Rights.fdReaddir)) !== 0n;
  const handle = dir.fs.openFile(path, {
    read: wantsRead || !wantsWrite,
    write: wantsWrite,
    create: (oflags & OFlags.creat) !== 0,
    exclusive: (oflags & OFlags.excl) !== 0,
    truncate: (oflags & OFlags.trunc) !== 0,
  });
  let rights = fileRights(rightsBase);
  if (!wantsWrite) rights &= ~Rights.fdWrite;
  try {
    const newFd = ctx.fds.add({ kind: 'file', fs: dir.fs, path, handle, rights, position: 0, fdflags: fdflags & 0xffff });
    ctx.memory().setU32(fdOut, newFd);
  } catch (e) {
    handle.close();
    throw e;
  }
  return Errno.success;
};

/** The `path_*` functions of `wasi_snapshot_preview1`, bound to `ctx`. */
export const pathFunctions = (ctx: WasiContext) => ({
  path_open: pathOpen.bind(null, ctx) as (
    fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
    rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdOut: number) => number,
  path_create_directory: (fd: number, ptr: number, len: number): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    dir.fs.mkdir(path);
    return Errno.success;
  },
  path_remove_directory: (fd: number, ptr: number, len: number): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    dir.fs.rmdir(path);
    return Errno.success;
  },
  path_unlink_file: (fd: number, ptr: number, len: number): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    dir.fs.unlink(path);
    return Errno.success;
  },
  path_rename: (fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number => {
    const from = at(ctx, fd, oldPtr, oldLen);
    const to = at(ctx, newFd, newPtr, newLen);
    if (from.dir.fs !== to.dir.fs) return Errno.xdev;
    from.dir.fs.rename(from.path, to.path);
    return Errno.success;
  },
  path_filestat_get: (fd: number, flags: number, ptr: number, len: number, buf: number): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    writeFilestat(ctx.memory(), buf, dir.fs.stat(path, (flags & LookupFlags.symlinkFollow) !== 0));
    return Errno.success;
  },
  path_filestat_set_times: (
    fd: number, flags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number,
  ): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    dir.fs.setTimes(path, (flags & LookupFlags.symlinkFollow) !== 0, timesFor(ctx, atim, mtim, fst));
    return Errno.success;
  },
  path_symlink: (oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number): number => {
    const target = ctx.memory().string(oldPtr, oldLen);
    const { dir, path } = at(ctx, fd, newPtr, newLen);
    if (!dir.fs.symlink) return Errno.notsup;
    if (target.startsWith('/')) return Errno.notcapable;
    dir.fs.symlink(target, path);
    return Errno.success;
  },
  path_readlink: (fd: number, ptr: number, len: number, buf: number, bufLen: number, usedPtr: number): number => {
    const { dir, path } = at(ctx, fd, ptr, len);
    if (!dir.fs.readlink) return Errno.inval;
    const target = encoder.encode(dir.fs.readlink(path));
    const n = Math.min(target.length, bufLen >>> 0);
    const m = ctx.memory();
    m.bytes(buf, n).set(target.subarray(0, n));
    m.setU32(usedPtr, n);
    return Errno.success;
  },
  path_link: (oldFd: number, _oldFlags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number => {
    const from = at(ctx, oldFd, oldPtr, oldLen);
    const to = at(ctx, newFd, newPtr, newLen);
    if (from.dir.fs !== to.dir.fs) return Errno.xdev;
    if (!from.dir.fs.link) return Errno.notsup;
    from.dir.fs.link(from.path, to.path);
    return Errno.success;
  },
});

