/** WASI preview1 (`wasi_snapshot_preview1`) over an abstract file system; no Node-only APIs. */
export { Wasi, collectOutput } from './wasi.js';
export type { CollectedOutput, WasiOptions, WasiStartable } from './wasi.js';
export { WasiExit } from './context.js';
export type { WasiClock, WasiFunction } from './context.js';
export type { WasiStream } from './descriptors.js';
export { WasiFsError, resolvePath, splitPath } from './fs.js';
export type { DirEntry, FileHandle, FileStat, OpenFileOptions, SetTimes, WasiFileSystem } from './fs.js';
export { MemoryFileSystem } from './memfs.js';
export type { FileContent, TreeSpec } from './memfs.js';
export { Errno, FileType, WASI_MODULE } from './constants.js';
export { WASI_SIGNATURES } from './signatures.js';
