/**
 * Preview1 descriptor functions (`fd_*`): read/write (positional and streaming), seek/tell,
 * stat, flags, prestat of preopened directories, readdir, close and renumber.
 */
import { Errno, FdFlags, FileType, FstFlags, Layout, Rights, Whence } from './constants.js';
import type { WasiContext } from './context.js';
import { descFileType, descInheriting, descRights } from './descriptors.js';
import type { Descriptor, FileDesc } from './descriptors.js';
import { WasiFsError } from './fs.js';
import type { FileStat, SetTimes } from './fs.js';
import type { GuestMemory } from './guest-memory.js';

const encoder = new TextEncoder();

/** A guest u64 file offset as a safe integer; `inval`/`overflow` otherwise. */
export const toOffset = (v: bigint): number => {
  const n = BigInt.asIntN(64, v);
  if (n < 0n) throw new WasiFsError(Errno.inval, `negative offset ${n}`);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiFsError(Errno.overflow, `offset ${n} too large`);
  return Number(n);
};

/** Writes a `filestat` structure at `ptr`. */
export const writeFilestat = (m: GuestMemory, ptr: number, s: FileStat): void => {
  const L = Layout.filestat;
  m.bytes(ptr, L.size).fill(0);
  m.setU64(ptr + L.dev, s.dev);
  m.setU64(ptr + L.ino, s.ino);
  m.setU8(ptr + L.filetype, s.filetype);
  m.setU64(ptr + L.nlink, s.nlink);
  m.setU64(ptr + L.fileSize, s.size);
  m.setU64(ptr + L.atim, s.atimNs);
  m.setU64(ptr + L.mtim, s.mtimNs);
  m.setU64(ptr + L.ctim, s.ctimNs);
};

/** The `SetTimes` for `fstflags` (`inval` for contradictory flags). */
export const timesFor = (ctx: WasiContext, atim: bigint, mtim: bigint, flags: number): SetTimes => {
  if ((flags & FstFlags.atim && flags & FstFlags.atimNow) || (flags & FstFlags.mtim && flags & FstFlags.mtimNow)) {
    throw new WasiFsError(Errno.inval, 'contradictory fstflags');
  }
  const now = (): bigint => ctx.clock.realtimeNs();
  return {
    atimNs: flags & FstFlags.atimNow ? now() : flags & FstFlags.atim ? atim : undefined,
    mtimNs: flags & FstFlags.mtimNow ? now() : flags & FstFlags.mtim ? mtim : undefined,
  };
};

const STREAM_STAT: FileStat = {
  filetype: FileType.characterDevice, size: 0n, ino: 0n, dev: 0n, nlink: 1n, atimNs: 0n, mtimNs: 0n, ctimNs: 0n,
};

const statOf = (d: Descriptor): FileStat =>
  d.kind === 'file' ? d.handle.stat() : d.kind === 'dir' ? d.fs.stat(d.path, true) : STREAM_STAT;

const need = (d: FileDesc, right: bigint): void => {
  if ((d.rights & right) === 0n) throw new WasiFsError(Errno.badf, `descriptor lacks the right for this operation`);
};

/** Reads into `iovs` from `d` at `position` (files) or from the stream; returns the byte count. */
const readInto = (d: Descriptor, iovs: readonly Uint8Array[], position: number | undefined): number => {
  if (d.kind === 'dir') throw new WasiFsError(Errno.isdir);
  let total = 0;
  for (const iov of iovs) {
    if (iov.length === 0) continue;
    let n: number;
    if (d.kind === 'stream') {
      if (!d.stream.read) throw new WasiFsError(Errno.badf, 'stream is not readable');
      n = d.stream.read(iov);
    } else {
      need(d, Rights.fdRead);
      n = d.handle.read(iov, (position ?? d.position) + total);
    }
    total += n;
    if (n < iov.length) break;
  }
  return total;
};

/** Writes `iovs` to `d` at `position` (files; append mode writes at the end) or to the stream. */
const writeFrom = (d: Descriptor, iovs: readonly Uint8Array[], position: number | undefined): number => {
  if (d.kind === 'dir') throw new WasiFsError(Errno.isdir);
  let total = 0;
  if (d.kind === 'stream') {
    if (!d.stream.write) throw new WasiFsError(Errno.badf, 'stream is not writable');
    for (const iov of iovs) { d.stream.write(iov); total += iov.length; }
    return total;
  }
  need(d, Rights.fdWrite);
  let at = position ?? ((d.fdflags & FdFlags.append) !== 0 ? Number(d.handle.stat().size) : d.position);
  for (const iov of iovs) {
    const n = d.handle.write(iov, at);
    total += n;
    at += n;
  }
  if (position === undefined) d.position = at;
  return total;
};

/** Writes as many `dirent`s of the directory's listing from `cookie` as fit in `len` bytes (the last one truncated). */
const readdir = (ctx: WasiContext, fd: number, buf: number, len: number, cookie: bigint): number => {
  const d = ctx.fds.dir(fd);
  // No `.` and `..` entries, as node:wasi (uvwasi) lists directories.
  const entries = d.fs.readdir(d.path);
  const m = ctx.memory();
  m.check(buf, len);
  const L = Layout.dirent;
  let used = 0;
  for (let i = Number(cookie > BigInt(entries.length) ? BigInt(entries.length) : cookie); i < entries.length && used < len; i++) {
    const e = entries[i]!;
    const name = encoder.encode(e.name);
    const rec = new Uint8Array(L.size + name.length);
    const v = new DataView(rec.buffer);
    v.setBigUint64(L.next, BigInt(i + 1), true);
    v.setBigUint64(L.ino, e.ino, true);
    v.setUint32(L.namlen, name.length, true);
    v.setUint8(L.type, e.filetype);
    rec.set(name, L.size);
    const n = Math.min(rec.length, len - used);
    m.bytes(buf + used, n).set(rec.subarray(0, n));
    used += n;
  }
  return used;
};

/** The `fd_*` functions of `wasi_snapshot_preview1`, bound to `ctx`. */
export const fdFunctions = (ctx: WasiContext) => ({
  fd_read: (fd: number, iovs: number, iovsLen: number, nreadPtr: number): number => {
    const m = ctx.memory();
    m.check(nreadPtr, 4); // before any side effect
    const d = ctx.fds.get(fd);
    const n = readInto(d, m.iovecs(iovs, iovsLen), undefined);
    if (d.kind === 'file') d.position += n;
    m.setU32(nreadPtr, n);
    return Errno.success;
  },
  fd_pread: (fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number => {
    const m = ctx.memory();
    m.check(nreadPtr, 4); // before any side effect
    const d = ctx.fds.file(fd);
    m.setU32(nreadPtr, readInto(d, m.iovecs(iovs, iovsLen), toOffset(offset)));
    return Errno.success;
  },
  fd_write: (fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number => {
    const m = ctx.memory();
    m.check(nwrittenPtr, 4); // before any side effect
    m.setU32(nwrittenPtr, writeFrom(ctx.fds.get(fd), m.iovecs(iovs, iovsLen), undefined));
    return Errno.success;
  },
  fd_pwrite: (fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number => {
    const m = ctx.memory();
    m.check(nwrittenPtr, 4); // before any side effect
    m.setU32(nwrittenPtr, writeFrom(ctx.fds.file(fd), m.iovecs(iovs, iovsLen), toOffset(offset)));
    return Errno.success;
  },
  fd_seek: (fd: number, offset: bigint, whence: number, newOffsetPtr: number): number => {
    const d = ctx.fds.file(fd);
    const delta = BigInt.asIntN(64, offset);
    const base = whence === Whence.set ? 0n : whence === Whence.cur ? BigInt(d.position)
      : whence === Whence.end ? d.handle.stat().size : undefined;
    if (base === undefined) return Errno.inval;
    const target = base + delta;
    if (target < 0n) return Errno.inval;
    const position = toOffset(target);
    ctx.memory().setU64(newOffsetPtr, target);
    d.position = position;
    return Errno.success;
  },
  fd_tell: (fd: number, offsetPtr: number): number => {
    ctx.memory().setU64(offsetPtr, BigInt(ctx.fds.file(fd).position));
    return Errno.success;
  },
  fd_close: (fd: number): number => {
    ctx.fds.close(fd);
    return Errno.success;
  },
  fd_renumber: (from: number, to: number): number => {
    ctx.fds.renumber(from, to);
    return Errno.success;
  },
  fd_fdstat_get: (fd: number, ptr: number): number => {
    const d = ctx.fds.get(fd);
    const m = ctx.memory();
    const L = Layout.fdstat;
    m.bytes(ptr, L.size).fill(0);
    m.setU8(ptr + L.filetype, descFileType(d));
    m.setU16(ptr + L.flags, d.kind === 'dir' ? 0 : d.fdflags);
    m.setU64(ptr + L.rightsBase, descRights(d));
    m.setU64(ptr + L.rightsInheriting, descInheriting(d));
    return Errno.success;
  },
  fd_fdstat_set_flags: (fd: number, flags: number): number => {
    const d = ctx.fds.get(fd);
    if (d.kind === 'dir') return Errno.badf;
    d.fdflags = flags & 0xffff;
    return Errno.success;
  },
  fd_fdstat_set_rights: (fd: number, _base: bigint, _inheriting: bigint): number => {
    ctx.fds.get(fd);
    return Errno.success;
  },
  fd_filestat_get: (fd: number, ptr: number): number => {
    writeFilestat(ctx.memory(), ptr, statOf(ctx.fds.get(fd)));
    return Errno.success;
  },
  fd_filestat_set_size: (fd: number, size: bigint): number => {
    const d = ctx.fds.file(fd);
    need(d, Rights.fdWrite);
    d.handle.truncate(toOffset(size));
    return Errno.success;
  },
  fd_filestat_set_times: (fd: number, atim: bigint, mtim: bigint, flags: number): number => {
    const d = ctx.fds.get(fd);
    const times = timesFor(ctx, atim, mtim, flags);
    if (d.kind === 'file') d.handle.setTimes(times);
    else if (d.kind === 'dir') d.fs.setTimes(d.path, true, times);
    return Errno.success;
  },
  fd_advise: (fd: number, _offset: bigint, _len: bigint, _advice: number): number => {
    ctx.fds.file(fd);
    return Errno.success;
  },
  fd_allocate: (fd: number, offset: bigint, len: bigint): number => {
    const d = ctx.fds.file(fd);
    need(d, Rights.fdWrite);
    const end = toOffset(offset) + toOffset(len);
    if (end > Number(d.handle.stat().size)) d.handle.truncate(end);
    return Errno.success;
  },
  fd_sync: (fd: number): number => {
    const d = ctx.fds.get(fd);
    if (d.kind === 'file') d.handle.sync();
    return Errno.success;
  },
  fd_datasync: (fd: number): number => {
    const d = ctx.fds.get(fd);
    if (d.kind === 'file') d.handle.sync();
    return Errno.success;
  },
  fd_prestat_get: (fd: number, ptr: number): number => {
    const d = ctx.fds.get(fd);
    if (d.kind !== 'dir' || d.preopen === undefined) return Errno.badf;
    const m = ctx.memory();
    m.setU32(ptr + Layout.prestat.tag, 0);
    m.setU32(ptr + Layout.prestat.nameLen, encoder.encode(d.preopen).length);
    return Errno.success;
  },
  fd_prestat_dir_name: (fd: number, pathPtr: number, pathLen: number): number => {
    const d = ctx.fds.get(fd);
    if (d.kind !== 'dir' || d.preopen === undefined) return Errno.badf;
    const name = encoder.encode(d.preopen);
    if (name.length > pathLen >>> 0) return Errno.nametoolong;
    ctx.memory().bytes(pathPtr, name.length).set(name);
    return Errno.success;
  },
  fd_readdir: (fd: number, buf: number, len: number, cookie: bigint, usedPtr: number): number => {
    const used = readdir(ctx, fd, buf, len >>> 0, cookie);
    ctx.memory().setU32(usedPtr, used);
    return Errno.success;
  },
});
