/**
 * The file-system interface WASI preview1 runs on: a synchronous, path-based tree rooted at a
 * preopened directory. Implementations: the in-memory `MemoryFileSystem` (any engine) and
 * `NodeFileSystem` (runtime/node/wasi-fs.ts, a real directory). No Node-only APIs here.
 */
import { Errno, FileType } from './constants.js';

/** A failed file-system operation, carrying the WASI errno the guest receives. */
export class WasiFsError extends Error {
  override readonly name = 'WasiFsError';
  /** @param errno the WASI errno (see `Errno`). */
  constructor(readonly errno: Errno, message?: string) {
    super(message ?? `WASI errno ${errno}`);
  }
}

/** Metadata of a file or directory (times in nanoseconds since the Unix epoch). */
export interface FileStat {
  readonly filetype: FileType;
  readonly size: bigint;
  readonly ino: bigint;
  readonly dev: bigint;
  readonly nlink: bigint;
  readonly atimNs: bigint;
  readonly mtimNs: bigint;
  readonly ctimNs: bigint;
}

/** One directory entry (without `.` and `..`). */
export interface DirEntry {
  readonly name: string;
  readonly filetype: FileType;
  readonly ino: bigint;
}

/** How `openFile` opens a regular file. */
export interface OpenFileOptions {
  readonly read: boolean;
  readonly write: boolean;
  /** Create the file when it does not exist. */
  readonly create: boolean;
  /** With `create`: fail with `exist` when it does exist. */
  readonly exclusive: boolean;
  /** Truncate to length 0. */
  readonly truncate: boolean;
}

/** New times for `setTimes`; `undefined` leaves a time unchanged. */
export interface SetTimes {
  readonly atimNs?: bigint | undefined;
  readonly mtimNs?: bigint | undefined;
}

/** An open regular file. Positions are explicit: the descriptor layer keeps the file offset. */
export interface FileHandle {
  stat(): FileStat;
  /** Reads up to `dst.length` bytes at `position`; returns the count (0 at end of file). */
  read(dst: Uint8Array, position: number): number;
  /** Writes `src` at `position` (extending the file); returns the count written. */
  write(src: Uint8Array, position: number): number;
  truncate(size: number): void;
  setTimes(times: SetTimes): void;
  sync(): void;
  close(): void;
}

/**
 * A directory tree. Every `path` is relative to its root, already normalized by the caller:
 * components separated by `/`, no `.`, `..`, empty components or leading `/`; `''` is the root.
 * Methods throw `WasiFsError` (any other error becomes `io`).
 */
export interface WasiFileSystem {
  /** Metadata of `path`; `follow` follows a final symbolic link. */
  stat(path: string, follow: boolean): FileStat;
  openFile(path: string, options: OpenFileOptions): FileHandle;
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  /** Renames within this file system (the target is replaced as POSIX `rename` does). */
  rename(from: string, to: string): void;
  setTimes(path: string, follow: boolean, times: SetTimes): void;
  /** Optional: symbolic links and hard links (absent: `notsup`). */
  symlink?(target: string, path: string): void;
  readlink?(path: string): string;
  link?(from: string, to: string): void;
}

/**
 * Resolves guest `path` (relative to directory `base`, itself a normalized path) lexically:
 * `.` and empty components are dropped, `..` pops. Absolute paths and paths leaving the root
 * fail with `notcapable`, the sandbox rule of preview1.
 */
export const resolvePath = (base: string, path: string): string => {
  if (path.startsWith('/')) throw new WasiFsError(Errno.notcapable, `absolute path ${JSON.stringify(path)}`);
  if (path.includes('\0')) throw new WasiFsError(Errno.ilseq, 'path contains NUL');
  const parts = base === '' ? [] : base.split('/');
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (parts.length === 0) throw new WasiFsError(Errno.notcapable, `path ${JSON.stringify(path)} leaves its directory`);
      parts.pop();
    } else {
      parts.push(c);
    }
  }
  return parts.join('/');
};

/** The parent of normalized `path` and its last component (`['', '']` for the root). */
export const splitPath = (path: string): [parent: string, name: string] => {
  const i = path.lastIndexOf('/');
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
};
