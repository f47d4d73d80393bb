/**
 * `Wasi`: one WASI preview1 context (arguments, environment, stdio, preopened directories,
 * clocks, randomness) and its import functions. Engine-neutral: the same object serves a
 * Windlass instance (see link.ts) or a guest the host engine runs natively.
 */
import { ALL_RIGHTS, DIR_RIGHTS, WASI_MODULE } from './constants.js';
import { WasiExit } from './context.js';
import type { WasiClock, WasiContext, WasiFunction } from './context.js';
import { DescriptorTable } from './descriptors.js';
import type { WasiStream } from './descriptors.js';
import { WasiFsError } from './fs.js';
import type { WasiFileSystem } from './fs.js';
import { GuestMemory } from './guest-memory.js';
import type { GuestBytesSource } from './guest-memory.js';
import { fdFunctions } from './preview1-fd.js';
import { fillRandom, miscFunctions } from './preview1-misc.js';
import { pathFunctions } from './preview1-path.js';

/** Configuration of a WASI context. Everything is optional: the default is an empty sandbox. */
export interface WasiOptions {
  /** argv, program name first (default `[]`). */
  readonly args?: readonly string[];
  /** Environment variables (default none). */
  readonly env?: Readonly<Record<string, string>>;
  /** Guest directory name (e.g. `.` or `/data`) → the tree it shows, in fd order from 3. */
  readonly preopens?: Readonly<Record<string, WasiFileSystem>>;
  /** Standard input: a stream, or the whole input as bytes or text (default: empty). */
  readonly stdin?: WasiStream | Uint8Array | string;
  /** Standard output: a stream or a callback receiving each write (default: discarded). */
  readonly stdout?: WasiStream | ((bytes: Uint8Array) => void);
  /** Standard error, like `stdout`. */
  readonly stderr?: WasiStream | ((bytes: Uint8Array) => void);
  /** Clocks (default: `performance.timeOrigin` + `performance.now()`). */
  readonly clock?: WasiClock;
  /** Random source (default: `crypto.getRandomValues`). */
  readonly random?: (dst: Uint8Array) => void;
  /** How `poll_oneoff` sleeps (default: `Atomics.wait` where allowed, else it does not block). */
  readonly sleep?: (ns: bigint) => void;
}

const defaultClock: WasiClock = {
  realtimeNs: () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)),
  monotonicNs: () => BigInt(Math.round(performance.now() * 1e6)),
};

const defaultSleep = (ns: bigint): void => {
  if (typeof SharedArrayBuffer !== 'function') return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ns / 1_000_000n));
  } catch { /* Atomics.wait is not allowed on a browser's main thread: do not block */ }
};

/** A stdin stream over fixed bytes. */
const inputStream = (input: Uint8Array | string): WasiStream => {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let at = 0;
  return {
    read: (dst) => {
      const n = Math.min(dst.length, bytes.length - at);
      dst.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
  };
};

const outputStream = (out: WasiStream | ((bytes: Uint8Array) => void) | undefined): WasiStream =>
  out === undefined ? { write: () => {} } : typeof out === 'function' ? { write: out } : out;

/** A stdout/stderr stream that keeps what the guest writes. */
export interface CollectedOutput extends WasiStream {
  /** Everything written so far. */
  bytes(): Uint8Array;
  /** Everything written so far, decoded as UTF-8. */
  text(): string;
}

/** Creates a stream that collects output (for `stdout`/`stderr`). */
export const collectOutput = (): CollectedOutput => {
  const chunks: Uint8Array[] = [];
  const bytes = (): Uint8Array => {
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  };
  return { write: (src) => { chunks.push(src.slice()); }, bytes, text: () => new TextDecoder().decode(bytes()) };
};

/** Turns a `WasiFsError` into its errno; other errors (`WasiExit`, bugs) propagate. */
const guard = <F extends (...args: never[]) => number | void>(f: F): F =>
  ((...args: never[]) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof WasiFsError) return e.errno;
      throw e;
    }
  }) as F;

/** What `start` needs of an instance: a Windlass `Instance` or the host's `WebAssembly.Instance`. */
export interface WasiStartable {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** One WASI preview1 context. */
export class Wasi {
  /** The `wasi_snapshot_preview1` functions: plain JS functions, i64 values as bigint. */
  readonly imports: Readonly<Record<string, WasiFunction>>;
  readonly #fds = new DescriptorTable();
  #source: GuestBytesSource | undefined;
  #cached: GuestMemory | undefined;

  constructor(options: WasiOptions = {}) {
    const stdin = options.stdin === undefined ? inputStream(new Uint8Array(0))
      : typeof options.stdin === 'string' || options.stdin instanceof Uint8Array ? inputStream(options.stdin) : options.stdin;
    this.#fds.add({ kind: 'stream', stream: stdin, fdflags: 0 });
    this.#fds.add({ kind: 'stream', stream: outputStream(options.stdout), fdflags: 0 });
    this.#fds.add({ kind: 'stream', stream: outputStream(options.stderr), fdflags: 0 });
    for (const [name, fs] of Object.entries(options.preopens ?? {})) {
      this.#fds.add({ kind: 'dir', fs, path: '', preopen: name, rights: DIR_RIGHTS, inheriting: ALL_RIGHTS });
    }
    const ctx: WasiContext = {
      memory: () => this.#memory(),
      fds: this.#fds,
      args: [...(options.args ?? [])],
      env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
      clock: options.clock ?? defaultClock,
      random: options.random ?? fillRandom,
      sleep: options.sleep ?? defaultSleep,
    };
    const imports: Record<string, WasiFunction> = {};
    for (const group of [miscFunctions(ctx), fdFunctions(ctx), pathFunctions(ctx)]) {
      for (const k of Object.keys(group)) imports[k] = guard((group as Record<string, WasiFunction>)[k]!);
    }
    this.imports = Object.freeze(imports);
  }

  /** An import object for the host's `WebAssembly.instantiate` (a guest run natively). */
  get importObject(): Record<string, Record<string, WasiFunction>> {
    return { [WASI_MODULE]: { ...this.imports } };
  }

  /**
   * Tells WASI where the guest's memory is: a function returning a view of exactly the guest's
   * bytes (Windlass: `() => memory.bytes()`), or a host `WebAssembly.Memory`.
   */
  bindMemory(memory: GuestBytesSource | WebAssembly.Memory): void {
    this.#source = typeof memory === 'function' ? memory : () => new Uint8Array(memory.buffer);
    this.#cached = undefined;
  }

  /**
   * Runs a command's entry point (`_start`) and returns its exit code: 0 when it returns,
   * the `proc_exit` status otherwise. Traps and other errors propagate. Open files are
   * closed afterwards.
   */
  run(entry: () => unknown): number {
    try {
      entry();
      return 0;
    } catch (e) {
      if (e instanceof WasiExit) return e.code;
      throw e;
    } finally {
      this.#fds.closeAll();
    }
  }

  /**
   * Runs a WASI command: binds the instance's exported `memory`, calls `_start` and returns the
   * exit code (see `run`). Works with a Windlass `Instance` and with the host's `WebAssembly.Instance`.
   */
  start(instance: WasiStartable): number {
    const entry = this.#bind(instance, '_start');
    if (entry === undefined) throw new TypeError('not a WASI command: no exported function "_start"');
    return this.run(entry);
  }

  /** Prepares a WASI reactor: binds its `memory` and calls `_initialize` when exported. */
  initialize(instance: WasiStartable): void {
    this.#bind(instance, '_initialize')?.();
  }

  #bind(instance: WasiStartable, entryName: string): (() => unknown) | undefined {
    const ex = instance.exports;
    const memory = ex['memory'] as { bytes?: unknown; buffer?: unknown } | undefined;
    if (memory !== undefined && typeof memory.bytes === 'function') {
      const m = memory as { bytes(): Uint8Array };
      this.bindMemory(() => m.bytes());
    } else if (memory !== undefined && memory.buffer !== undefined) {
      this.bindMemory(memory as WebAssembly.Memory);
    } else {
      throw new TypeError('a WASI module must export its memory as "memory"');
    }
    const entry = ex[entryName];
    if (typeof entry === 'function') return () => (entry as () => unknown)();
    if (entry !== undefined && entry !== null && typeof (entry as { call?: unknown }).call === 'function') {
      return () => (entry as { call(): unknown }).call();
    }
    return undefined;
  }

  #memory(): GuestMemory {
    if (!this.#source) throw new Error('WASI: the guest memory is not bound (call bindMemory, or start the instance through WASI)');
    const u8 = this.#source();
    if (this.#cached?.u8 !== u8) this.#cached = new GuestMemory(u8);
    return this.#cached;
  }
}
