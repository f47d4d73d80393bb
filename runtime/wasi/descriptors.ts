/**
 * The WASI descriptor table: stdio streams, open files (with their offset and flags) and
 * directories (preopened or opened by path), numbered like POSIX (lowest free number first).
 */
import { DIR_RIGHTS, Errno, FILE_RIGHTS, FileType, Rights, STREAM_RIGHTS } from './constants.js';
import { WasiFsError } from './fs.js';
import type { FileHandle, WasiFileSystem } from './fs.js';

/** A byte stream for stdin (`read`) or stdout/stderr (`write`). */
export interface WasiStream {
  /** Fills `dst` with up to `dst.length` bytes; returns the count, 0 at end of input. */
  read?(dst: Uint8Array): number;
  /** Consumes all of `src` (copy it if you keep it: it is a view of guest memory). */
  write?(src: Uint8Array): void;
}

/** A stdio stream descriptor. */
export interface StreamDesc {
  readonly kind: 'stream';
  readonly stream: WasiStream;
  fdflags: number;
}

/** An open regular file. */
export interface FileDesc {
  readonly kind: 'file';
  readonly fs: WasiFileSystem;
  readonly path: string;
  readonly handle: FileHandle;
  readonly rights: bigint;
  position: number;
  fdflags: number;
}

/** An open directory; `preopen` is the guest-visible name of a preopened one. */
export interface DirDesc {
  readonly kind: 'dir';
  readonly fs: WasiFileSystem;
  readonly path: string;
  readonly preopen?: string;
  readonly rights: bigint;
  readonly inheriting: bigint;
}

export type Descriptor = StreamDesc | FileDesc | DirDesc;

/** Largest number of open descriptors per WASI context. */
const MAX_FDS = 1024;

/** The descriptor table of one WASI context. */
export class DescriptorTable {
  readonly #fds = new Map<number, Descriptor>();

  /** Installs `d` at the lowest free number; `mfile` when the table is full. */
  add(d: Descriptor): number {
    for (let fd = 0; fd < MAX_FDS; fd++) {
      if (!this.#fds.has(fd)) {
        this.#fds.set(fd, d);
        return fd;
      }
    }
    throw new WasiFsError(Errno.mfile, 'too many open descriptors');
  }

  /** The descriptor `fd`; `badf` when it is not open. */
  get(fd: number): Descriptor {
    const d = this.#fds.get(fd);
    if (!d) throw new WasiFsError(Errno.badf, `descriptor ${fd} is not open`);
    return d;
  }

  /** The regular file `fd`; `badf` if not open, `isdir` for a directory, `spipe` for a stream. */
  file(fd: number): FileDesc {
    const d = this.get(fd);
    if (d.kind === 'file') return d;
    throw new WasiFsError(d.kind === 'dir' ? Errno.isdir : Errno.spipe);
  }

  /** The directory `fd`; `notdir` for anything else. */
  dir(fd: number): DirDesc {
    const d = this.get(fd);
    if (d.kind !== 'dir') throw new WasiFsError(Errno.notdir, `descriptor ${fd} is not a directory`);
    return d;
  }

  /** Closes `fd` (its file handle too). */
  close(fd: number): void {
    const d = this.get(fd);
    this.#fds.delete(fd);
    if (d.kind === 'file') d.handle.close();
  }

  /** Moves `from` onto `to` (closing what `to` held); both must be open. */
  renumber(from: number, to: number): void {
    const d = this.get(from);
    this.get(to);
    if (from === to) return;
    this.close(to);
    this.#fds.delete(from);
    this.#fds.set(to, d);
  }

  /** Closes every descriptor (end of a run). */
  closeAll(): void {
    for (const fd of [...this.#fds.keys()]) {
      try { this.close(fd); } catch { /* best effort */ }
    }
  }
}

/** The file type a descriptor reports. */
export const descFileType = (d: Descriptor): FileType =>
  d.kind === 'stream' ? FileType.characterDevice : d.kind === 'dir' ? FileType.directory : FileType.regularFile;

/** The base rights a descriptor reports (and enforces for read/write). */
export const descRights = (d: Descriptor): bigint => {
  if (d.kind === 'file') return d.rights;
  if (d.kind === 'dir') return d.rights;
  const rw = (d.stream.read ? Rights.fdRead : 0n) | (d.stream.write ? Rights.fdWrite : 0n);
  return (STREAM_RIGHTS & ~(Rights.fdRead | Rights.fdWrite)) | rw;
};

/** The inheriting rights a descriptor reports. */
export const descInheriting = (d: Descriptor): bigint => (d.kind === 'dir' ? d.inheriting : 0n);

/** Rights of a file opened with requested `rights` (what files support, read/write as requested). */
export const fileRights = (requested: bigint): bigint => FILE_RIGHTS & requested;

/** Rights of a directory opened with requested `rights`. */
export const dirRights = (requested: bigint): bigint => DIR_RIGHTS & requested;
