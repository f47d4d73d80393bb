/**
 * `windlass run --wasi`: runs a WASI preview1 command (`_start`) with the process's stdio,
 * preopened host directories and environment variables; the exit code is the guest's. The
 * metering options (--fuel, --deadline-ms [--epoch], --max-memory, --max-stack-depth) apply as
 * for `run`; the fuel report goes to stderr (stdout is the guest's).
 */
import { Linker, Store, Trap } from '../index.js';
import { Wasi } from '../wasi/index.js';
import type { WasiFileSystem } from '../wasi/index.js';
import { CliError, EXIT, compileFile, formatTrap, meteringEngine } from './cli-commands.js';
import { fuelReport, meteringStoreOptions, startDeadline, type MeteringOptions } from './cli-metering.js';
import { NodeFileSystem } from './wasi-fs.js';
import { hostInputStream, hostOutputStream } from './wasi-stdio.js';

/** Exit status after a trap, as `wasmtime run` reports it on Unix (128 + SIGABRT). */
export const EXIT_TRAP = 134;

/** Options of `run --wasi`. */
export interface WasiRunOptions {
  /** `HOST` or `HOST::GUEST` directory mappings. */
  readonly dirs: readonly string[];
  /** `KEY=VALUE` environment variables (a bare `KEY` inherits the host's value). */
  readonly env: readonly string[];
  /** Arguments after the file (the guest's argv[1..]). */
  readonly args: readonly string[];
}

/** Parses `HOST[::GUEST]` preopens into guest name → file system. */
const preopens = (dirs: readonly string[]): Record<string, WasiFileSystem> => {
  const out: Record<string, WasiFileSystem> = {};
  for (const d of dirs) {
    const i = d.indexOf('::');
    const host = i < 0 ? d : d.slice(0, i);
    const guest = i < 0 ? d : d.slice(i + 2);
    if (host === '' || guest === '') throw new CliError(`--dir: expected HOST or HOST::GUEST, got "${d}"`, EXIT.usage);
    try {
      out[guest] = new NodeFileSystem(host);
    } catch (e) {
      throw new CliError(`--dir ${d}: ${(e as Error).message}`);
    }
  }
  return out;
};

/** `KEY=VALUE` pairs; a bare `KEY` inherits the host's value (skipped when the host has none), as wasmtime does. */
const environment = (pairs: readonly string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i === 0 || p === '') throw new CliError(`--env: expected KEY=VALUE or KEY, got "${p}"`, EXIT.usage);
    if (i < 0) {
      const inherited = process.env[p];
      if (inherited !== undefined) out[p] = inherited;
    } else {
      out[p.slice(0, i)] = p.slice(i + 1);
    }
  }
  return out;
};

/** `run --wasi FILE [ARGS...]`: returns the guest's exit code (134 after a trap). */
export const runWasiCommand = (file: string, opts: WasiRunOptions, metering: MeteringOptions = {}): number => {
  const engine = meteringEngine(metering);
  const module = compileFile(engine, file);
  const wasi = new Wasi({
    args: [file, ...opts.args],
    env: environment(opts.env),
    preopens: preopens(opts.dirs),
    stdin: hostInputStream(0),
    stdout: hostOutputStream(1),
    stderr: hostOutputStream(2),
  });
  const store = new Store(engine, meteringStoreOptions(metering));
  const report = (): void => {
    const fuel = fuelReport(store, metering);
    if (fuel !== undefined) process.stderr.write(`${fuel}\n`);
  };
  const stop = startDeadline(store, metering);
  try {
    const instance = new Linker(engine).defineWasi(store, wasi).instantiate(store, module);
    const status = wasi.start(instance);
    report();
    return status;
  } catch (e) {
    if (e instanceof Trap) {
      process.stderr.write(`${formatTrap(e)}\n`);
      if (e.code === 'Interrupt' && metering.deadlineMs !== undefined) process.stderr.write(`deadline of ${metering.deadlineMs} ms exceeded\n`);
      report();
      return EXIT_TRAP;
    }
    throw new CliError(`${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    stop();
  }
};
