/**
 * An in-memory file system for WASI (browsers, tests, sandboxes without a disk): a tree of
 * directories and growable byte files, with helpers to populate and inspect it from the host.
 */
import { Errno, FileType } from './constants.js';
import { WasiFsError, resolvePath, splitPath } from './fs.js';
import type { DirEntry, FileHandle, FileStat, OpenFileOptions, SetTimes, WasiFileSystem } from './fs.js';

interface Times { atimNs: bigint; mtimNs: bigint; ctimNs: bigint }

interface FileNode extends Times {
  readonly kind: 'file';
  readonly ino: bigint;
  /** Storage; only the first `size` bytes are the file's contents. */
  data: Uint8Array;
  size: number;
  nlink: number;
}

interface DirNode extends Times {
  readonly kind: 'dir';
  readonly ino: bigint;
  readonly entries: Map<string, Node>;
}

type Node = FileNode | DirNode;

/** Host-side content of a file when populating: bytes or a string (written as UTF-8). */
export type FileContent = Uint8Array | string;

/** Nested description of a tree: a string/bytes is a file, an object a directory. */
export interface TreeSpec { readonly [name: string]: FileContent | TreeSpec }

const MAX_FILE_SIZE = 2 ** 31;

/** A file system held entirely in memory. */
export class MemoryFileSystem implements WasiFileSystem {
  #nextIno = 1n;
  readonly #root: DirNode;
  /** Clock for timestamps (ns since the epoch); fixed clocks make runs reproducible. */
  readonly #now: () => bigint;

  /**
   * @param tree initial contents (see `TreeSpec`)
   * @param now timestamp source in ns since the epoch (default: `Date.now()`)
   */
  constructor(tree: TreeSpec = {}, now: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {
    this.#now = now;
    this.#root = this.#newDir();
    this.addTree('', tree);
  }

  // ---- host-side helpers -------------------------------------------------------------------

  /** Adds `tree` under directory `dir` (created with its parents when missing). */
  addTree(dir: string, tree: TreeSpec): this {
    const base = resolvePath('', dir);
    this.mkdirs(base);
    for (const [name, v] of Object.entries(tree)) {
      const path = base === '' ? name : `${base}/${name}`;
      if (typeof v === 'string' || v instanceof Uint8Array) this.writeFile(path, v);
      else this.addTree(path, v);
    }
    return this;
  }

  /** Creates directory `path` and its missing parents. */
  mkdirs(path: string): this {
    let dir = this.#root;
    for (const c of resolvePath('', path).split('/').filter((s) => s !== '')) {
      let next = dir.entries.get(c);
      if (!next) {
        next = this.#newDir();
        dir.entries.set(c, next);
      }
      if (next.kind !== 'dir') throw new WasiFsError(Errno.notdir, `${path}: ${c} is a file`);
      dir = next;
    }
    return this;
  }

  /** Creates or replaces file `path` (parents created) with `content`. */
  writeFile(path: string, content: FileContent): this {
    const p = resolvePath('', path);
    const [parent, name] = splitPath(p);
    this.mkdirs(parent);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    const node = this.#newFile();
    node.data = bytes;
    node.size = bytes.length;
    (this.#lookup(parent) as DirNode).entries.set(name, node);
    return this;
  }

  /** A copy of file `path`'s contents. Throws `WasiFsError` when it is missing or a directory. */
  readFile(path: string): Uint8Array {
    const node = this.#lookup(resolvePath('', path));
    if (node.kind !== 'file') throw new WasiFsError(Errno.isdir, `${path} is a directory`);
    return node.data.slice(0, node.size);
  }

  /** True when `path` exists. */
  exists(path: string): boolean {
    try {
      this.#lookup(resolvePath('', path));
      return true;
    } catch {
      return false;
    }
  }

  // ---- WasiFileSystem ----------------------------------------------------------------------

  stat(path: string): FileStat { return this.#statOf(this.#lookup(path)); }

  openFile(path: string, o: OpenFileOptions): FileHandle {
    const [parentPath, name] = splitPath(path);
    let node = this.#find(path);
    if (node === undefined) {
      if (!o.create) throw new WasiFsError(Errno.noent, path);
      const parent = this.#dir(parentPath);
      node = this.#newFile();
      parent.entries.set(name, node);
      this.#touch(parent);
    } else if (o.create && o.exclusive) {
      throw new WasiFsError(Errno.exist, path);
    }
    if (node.kind === 'dir') throw new WasiFsError(Errno.isdir, path);
    if (o.truncate) {
      node.size = 0;
      this.#touch(node);
    }
    return this.#handle(node);
  }

  readdir(path: string): DirEntry[] {
    return [...this.#dir(path).entries].map(([name, n]) => ({
      name, filetype: n.kind === 'dir' ? FileType.directory : FileType.regularFile, ino: n.ino,
    }));
  }

  mkdir(path: string): void {
    if (path === '') throw new WasiFsError(Errno.exist, 'the root exists');
    const [parentPath, name] = splitPath(path);
    const parent = this.#dir(parentPath);
    if (parent.entries.has(name)) throw new WasiFsError(Errno.exist, path);
    parent.entries.set(name, this.#newDir());
    this.#touch(parent);
  }

  rmdir(path: string): void {
    if (path === '') throw new WasiFsError(Errno.busy, 'cannot remove the root');
    const [parentPath, name] = splitPath(path);
    const parent = this.#dir(parentPath);
    const node = parent.entries.get(name);
    if (!node) throw new WasiFsError(Errno.noent, path);
    if (node.kind !== 'dir') throw new WasiFsError(Errno.notdir, path);
    if (node.entries.size > 0) throw new WasiFsError(Errno.notempty, path);
    parent.entries.delete(name);
    this.#touch(parent);
  }

  unlink(path: string): void {
    const [parentPath, name] = splitPath(path);
    const parent = this.#dir(parentPath);
    const node = parent.entries.get(name);
    if (!node) throw new WasiFsError(Errno.noent, path);
    if (node.kind === 'dir') throw new WasiFsError(Errno.isdir, path);
    parent.entries.delete(name);
    node.nlink--;
    this.#touch(parent);
  }

  rename(from: string, to: string): void {
    if (from === '' || to === '') throw new WasiFsError(Errno.busy, 'cannot rename the root');
    const [fromParentPath, fromName] = splitPath(from);
    const [toParentPath, toName] = splitPath(to);
    const fromParent = this.#dir(fromParentPath);
    const node = fromParent.entries.get(fromName);
    if (!node) throw new WasiFsError(Errno.noent, from);
    if (node.kind === 'dir' && (to === from || to.startsWith(`${from}/`))) {
      if (to === from) return;
      throw new WasiFsError(Errno.inval, `cannot move ${from} into itself`);
    }
    const toParent = this.#dir(toParentPath);
    const existing = toParent.entries.get(toName);
    if (existing === node) return;
    if (existing) {
      if (existing.kind === 'dir' && node.kind !== 'dir') throw new WasiFsError(Errno.isdir, to);
      if (existing.kind !== 'dir' && node.kind === 'dir') throw new WasiFsError(Errno.notdir, to);
      if (existing.kind === 'dir' && existing.entries.size > 0) throw new WasiFsError(Errno.notempty, to);
    }
    fromParent.entries.delete(fromName);
    toParent.entries.set(toName, node);
    this.#touch(fromParent);
    this.#touch(toParent);
  }

  setTimes(path: string, _follow: boolean, times: SetTimes): void { setNodeTimes(this.#lookup(path), times, this.#now()); }

  link(from: string, to: string): void {
    const node = this.#lookup(from);
    if (node.kind === 'dir') throw new WasiFsError(Errno.perm, `${from} is a directory`);
    const [toParentPath, toName] = splitPath(to);
    const toParent = this.#dir(toParentPath);
    if (toParent.entries.has(toName)) throw new WasiFsError(Errno.exist, to);
    toParent.entries.set(toName, node);
    node.nlink++;
  }

  // ---- internals ---------------------------------------------------------------------------

  #newDir(): DirNode {
    const t = this.#now();
    return { kind: 'dir', ino: this.#nextIno++, entries: new Map(), atimNs: t, mtimNs: t, ctimNs: t };
  }

  #newFile(): FileNode {
    const t = this.#now();
    return { kind: 'file', ino: this.#nextIno++, data: new Uint8Array(0), size: 0, nlink: 1, atimNs: t, mtimNs: t, ctimNs: t };
  }

  #touch(n: Node): void { n.mtimNs = n.ctimNs = this.#now(); }

  #find(path: string): Node | undefined {
    let node: Node = this.#root;
    if (path === '') return node;
    for (const c of path.split('/')) {
      if (node.kind !== 'dir') throw new WasiFsError(Errno.notdir, path);
      const next: Node | undefined = node.entries.get(c);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  #lookup(path: string): Node {
    const n = this.#find(path);
    if (!n) throw new WasiFsError(Errno.noent, path);
    return n;
  }

  #dir(path: string): DirNode {
    const n = this.#lookup(path);
    if (n.kind !== 'dir') throw new WasiFsError(Errno.notdir, path);
    return n;
  }

  #statOf(n: Node): FileStat {
    return {
      filetype: n.kind === 'dir' ? FileType.directory : FileType.regularFile,
      size: BigInt(n.kind === 'dir' ? 4096 : n.size),
      ino: n.ino, dev: 1n, nlink: BigInt(n.kind === 'dir' ? 1 : n.nlink),
      atimNs: n.atimNs, mtimNs: n.mtimNs, ctimNs: n.ctimNs,
    };
  }

  #handle(node: FileNode): FileHandle {
    const resize = (size: number): void => {
      if (size > MAX_FILE_SIZE) throw new WasiFsError(Errno.fbig, `file size ${size} exceeds ${MAX_FILE_SIZE}`);
      if (size > node.data.length) {
        const grown = new Uint8Array(Math.max(size, Math.min(MAX_FILE_SIZE, node.data.length * 2), 256));
        grown.set(node.data.subarray(0, node.size));
        node.data = grown;
      } else if (size > node.size) {
        node.data.fill(0, node.size, size);
      }
      node.size = size;
    };
    return {
      stat: () => this.#statOf(node),
      read: (dst, position) => {
        if (position >= node.size) return 0;
        const n = Math.min(dst.length, node.size - position);
        dst.set(node.data.subarray(position, position + n));
        node.atimNs = this.#now();
        return n;
      },
      write: (src, position) => {
        const end = position + src.length;
        if (end > node.size) resize(end);
        node.data.set(src, position);
        this.#touch(node);
        return src.length;
      },
      truncate: (size) => { resize(size); this.#touch(node); },
      setTimes: (times) => setNodeTimes(node, times, this.#now()),
      sync: () => {},
      close: () => {},
    };
  }
}

const setNodeTimes = (n: Node, times: SetTimes, now: bigint): void => {
  if (times.atimNs !== undefined) n.atimNs = times.atimNs;
  if (times.mtimNs !== undefined) n.mtimNs = times.mtimNs;
  n.ctimNs = now;
};
