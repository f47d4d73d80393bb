/**
 * WASI preview1 (`wasi_snapshot_preview1`) constants: errno values, file types, flag bits,
 * rights and the byte layouts of the structures the guest passes by pointer.
 */

/** Import module name of WASI preview1. */
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** `errno` values (witx `$errno`). */
export const Errno = {
  success: 0, toobig: 1, acces: 2, again: 6, badf: 8, busy: 10, exist: 20, fault: 21, fbig: 22,
  ilseq: 25, inval: 28, io: 29, isdir: 31, loop: 32, mfile: 33, mlink: 34, nametoolong: 37,
  nodev: 43, noent: 44, nomem: 48, nospc: 51, nosys: 52, notdir: 54, notempty: 55, notsup: 58,
  notty: 59, nxio: 60, overflow: 61, perm: 63, pipe: 64, range: 68, rofs: 69, spipe: 70,
  xdev: 75, notcapable: 76,
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

/** `filetype` values. */
export const FileType = {
  unknown: 0, blockDevice: 1, characterDevice: 2, directory: 3, regularFile: 4,
  socketDgram: 5, socketStream: 6, symbolicLink: 7,
} as const;
export type FileType = (typeof FileType)[keyof typeof FileType];

/** `fdflags` bits. */
export const FdFlags = { append: 1, dsync: 2, nonblock: 4, rsync: 8, sync: 16 } as const;
/** `oflags` bits of `path_open`. */
export const OFlags = { creat: 1, directory: 2, excl: 4, trunc: 8 } as const;
/** `lookupflags` bits. */
export const LookupFlags = { symlinkFollow: 1 } as const;
/** `whence` of `fd_seek`. */
export const Whence = { set: 0, cur: 1, end: 2 } as const;
/** `clockid` values. */
export const ClockId = { realtime: 0, monotonic: 1, processCputime: 2, threadCputime: 3 } as const;
/** `fstflags` bits of the `*_set_times` functions. */
export const FstFlags = { atim: 1, atimNow: 2, mtim: 4, mtimNow: 8 } as const;
/** `eventtype` values of `poll_oneoff`. */
export const EventType = { clock: 0, fdRead: 1, fdWrite: 2 } as const;
/** `subclockflags`: the timeout is an absolute time. */
export const SUBCLOCK_ABSTIME = 1;

/** `rights` bits (u64). */
export const Rights = {
  fdDatasync: 1n << 0n, fdRead: 1n << 1n, fdSeek: 1n << 2n, fdFdstatSetFlags: 1n << 3n,
  fdSync: 1n << 4n, fdTell: 1n << 5n, fdWrite: 1n << 6n, fdAdvise: 1n << 7n, fdAllocate: 1n << 8n,
  pathCreateDirectory: 1n << 9n, pathCreateFile: 1n << 10n, pathLinkSource: 1n << 11n,
  pathLinkTarget: 1n << 12n, pathOpen: 1n << 13n, fdReaddir: 1n << 14n, pathReadlink: 1n << 15n,
  pathRenameSource: 1n << 16n, pathRenameTarget: 1n << 17n, pathFilestatGet: 1n << 18n,
  pathFilestatSetSize: 1n << 19n, pathFilestatSetTimes: 1n << 20n, fdFilestatGet: 1n << 21n,
  fdFilestatSetSize: 1n << 22n, fdFilestatSetTimes: 1n << 23n, pathSymlink: 1n << 24n,
  pathRemoveDirectory: 1n << 25n, pathUnlinkFile: 1n << 26n, pollFdReadwrite: 1n << 27n,
  sockShutdown: 1n << 28n, sockAccept: 1n << 29n,
} as const;

/** Every right (what a regular file or directory descriptor reports). */
export const ALL_RIGHTS = (1n << 30n) - 1n;
/** Rights that make sense on a regular file. */
export const FILE_RIGHTS = Rights.fdDatasync | Rights.fdRead | Rights.fdSeek | Rights.fdFdstatSetFlags |
  Rights.fdSync | Rights.fdTell | Rights.fdWrite | Rights.fdAdvise | Rights.fdAllocate |
  Rights.fdFilestatGet | Rights.fdFilestatSetSize | Rights.fdFilestatSetTimes | Rights.pollFdReadwrite;
/** Rights that make sense on a directory (and are inherited by what it opens). */
export const DIR_RIGHTS = ALL_RIGHTS & ~(Rights.fdRead | Rights.fdWrite | Rights.fdSeek | Rights.fdTell |
  Rights.fdAdvise | Rights.fdAllocate | Rights.fdFilestatSetSize | Rights.sockShutdown | Rights.sockAccept);
/** Rights of a character-device stream (stdin/stdout/stderr): no seek/tell, so libc sees a tty. */
export const STREAM_RIGHTS = Rights.fdRead | Rights.fdWrite | Rights.fdFdstatSetFlags |
  Rights.fdFilestatGet | Rights.pollFdReadwrite;

/** Structure sizes and field offsets (wasm32, little-endian). */
export const Layout = {
  iovec: { size: 8, buf: 0, len: 4 },
  fdstat: { size: 24, filetype: 0, flags: 2, rightsBase: 8, rightsInheriting: 16 },
  filestat: { size: 64, dev: 0, ino: 8, filetype: 16, nlink: 24, fileSize: 32, atim: 40, mtim: 48, ctim: 56 },
  prestat: { size: 8, tag: 0, nameLen: 4 },
  dirent: { size: 24, next: 0, ino: 8, namlen: 16, type: 20 },
  subscription: { size: 48, userdata: 0, tag: 8, clockId: 16, timeout: 24, precision: 32, flags: 40, fd: 16 },
  event: { size: 32, userdata: 0, error: 8, type: 10, nbytes: 16, flags: 24 },
} as const;
