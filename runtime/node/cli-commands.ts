/**
 * The CLI's commands (`run`, `compile`, `wast`). Each returns the process exit code;
 * errors that end a command are thrown as `CliError` (message + exit code).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Engine, Func, Linker, Module, Store, Trap } from '../index.js';
import {
  fuelReport, meteringEngineError, meteringStoreOptions, meteringTunables, startDeadline, type MeteringOptions,
} from './cli-metering.js';
import { formatCliResult, parseCliArg } from './cli-values.js';
import { buildReport, expandPaths, formatTable, loadScript, runScript } from './wast/index.js';
import type { ScriptResult } from './wast/index.js';

/** A command failure: printed as `error: <message>` and ends the process with `code`. */
export class CliError extends Error {
  constructor(message: string, readonly code: number = 1) { super(message); }
}

/** Exit codes: 0 success, 1 trap / compile / link / I/O error, 2 usage error. */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

const readWasm = (file: string): Uint8Array => {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
};

export const compileFile = (engine: Engine, file: string): Module => {
  try {
    return Module.fromBytes(engine, readWasm(file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(meteringEngineError(e) ?? `${(e as Error).name}: ${(e as Error).message}`);
  }
};

/** The engine the metering options need; a host without epoch support is a CliError naming --epoch. */
export const meteringEngine = (metering: MeteringOptions): Engine => {
  try {
    return new Engine(meteringTunables(metering));
  } catch (e) {
    const why = meteringEngineError(e);
    if (why !== undefined) throw new CliError(why);
    throw e;
  }
};

/**
 * Formats a trap for stderr: `trap: <code>: <message>` and one line per guest frame,
 * `  at <name or func[i]> (offset 0x..)`; runs of identical frames are collapsed.
 */
export const formatTrap = (t: Trap): string => {
  const lines = [`trap: ${t.code}: ${t.message}`];
  let prev = '';
  let repeats = 0;
  const flush = (): void => {
    if (repeats > 0) lines.push(`  ... previous frame repeated ${repeats} more time${repeats > 1 ? 's' : ''}`);
    repeats = 0;
  };
  for (const f of t.backtrace) {
    const name = f.funcName ?? `func[${f.funcIndex}]`;
    const line = `  at ${name}${f.guestOffset !== undefined ? ` (offset 0x${f.guestOffset.toString(16)})` : ''}`;
    if (line === prev) { repeats++; continue; }
    flush();
    lines.push(line);
    prev = line;
  }
  flush();
  return lines.join('\n');
};

/** A trap on stderr (with the deadline named for an Interrupt) and the fuel report on stdout. */
const reportTrap = (t: Trap, store: Store, metering: MeteringOptions): number => {
  process.stderr.write(`${formatTrap(t)}\n`);
  if (t.code === 'Interrupt' && metering.deadlineMs !== undefined) {
    process.stderr.write(`deadline of ${metering.deadlineMs} ms exceeded\n`);
  }
  const fuel = fuelReport(store, metering);
  if (fuel !== undefined) process.stdout.write(`${fuel}\n`);
  return EXIT.error;
};

/**
 * `run FILE [--invoke NAME] [ARGS...]`: prints each result on its own line (then, with --fuel,
 * `fuel consumed: N`). `metering`: fuel, deadline and limits (see cli-metering.ts).
 */
export const runCommand = (file: string, invoke: string | undefined, args: readonly string[], metering: MeteringOptions = {}): number => {
  const engine = meteringEngine(metering);
  const module = compileFile(engine, file);
  const store = new Store(engine, meteringStoreOptions(metering));
  const stop = startDeadline(store, metering);
  try {
    return runInStore(store, module, invoke, args, metering);
  } finally {
    stop();
  }
};

const runInStore = (store: Store, module: Module, invoke: string | undefined, args: readonly string[], metering: MeteringOptions): number => {
  let instance;
  try {
    instance = new Linker(store.engine).instantiate(store, module);
  } catch (e) {
    if (e instanceof Trap) return reportTrap(e, store, metering);
    const hint = (e as Error).name === 'LinkError' ? ' (windlass run provides no imports)' : '';
    throw new CliError(`${(e as Error).name}: ${(e as Error).message}${hint}`);
  }
  const name = invoke ?? ['_start', 'main'].find((n) => instance.getExport(n) instanceof Func);
  if (name === undefined) throw new CliError('no --invoke given and no exported function "_start" or "main"', EXIT.usage);
  const func = instance.getExport(name);
  if (!(func instanceof Func)) throw new CliError(`export "${name}" is not a function`, EXIT.usage);
  const { params, results } = func.type;
  if (args.length !== params.length) {
    throw new CliError(`"${name}" takes ${params.length} argument(s), got ${args.length}`, EXIT.usage);
  }
  let values: unknown[];
  try {
    values = params.map((t, i) => parseCliArg(t, args[i]!));
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.usage);
  }
  let r: unknown;
  try {
    r = func.call(...values);
  } catch (e) {
    if (e instanceof Trap) return reportTrap(e, store, metering);
    throw e;
  }
  const list = results.length === 0 ? [] : results.length === 1 ? [r] : Array.from(r as Iterable<unknown>);
  for (let i = 0; i < results.length; i++) process.stdout.write(`${formatCliResult(results[i]!, list[i])}\n`);
  const fuel = fuelReport(store, metering);
  if (fuel !== undefined) process.stdout.write(`${fuel}\n`);
  return EXIT.ok;
};

/** `compile IN -o OUT`: writes the host module bytes. */
export const compileCommand = (input: string, output: string): number => {
  const module = compileFile(new Engine(), input);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, module.artifact.hostBytes);
  return EXIT.ok;
};

/** Options of the `wast` command. */
export interface WastOptions {
  readonly json?: string;
  readonly strict: boolean;
  readonly verbose: boolean;
}

/**
 * `wast PATH... [--json FILE] [--strict] [--verbose]`: runs spec scripts, prints a per-folder table
 * (with --verbose, first every failure and note, e.g. a trap message that differs from the script's text).
 */
export const wastCommand = (paths: readonly string[], opts: WastOptions): number => {
  let files: string[];
  try {
    files = expandPaths(paths);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (files.length === 0) throw new CliError(`no spec scripts (*.json) found in ${paths.join(' ')}`);
  const engine = new Engine();
  const results: ScriptResult[] = [];
  for (const f of files) {
    let script;
    try {
      script = loadScript(f);
    } catch (e) {
      throw new CliError(`cannot load ${f}: ${(e as Error).message}`);
    }
    const r = runScript(script, { engine });
    results.push(r);
    if (opts.verbose) {
      for (const c of r.results) {
        if (c.outcome === 'fail') process.stdout.write(`FAIL ${r.id}:${c.line} ${c.type}: ${c.reason ?? ''}\n`);
        else if (c.note !== undefined) process.stdout.write(`NOTE ${r.id}:${c.line} ${c.type}: ${c.note}\n`);
      }
    }
  }
  const report = buildReport(results);
  process.stdout.write(`${formatTable(report)}\n`);
  if (opts.json !== undefined) {
    mkdirSync(dirname(opts.json), { recursive: true });
    writeFileSync(opts.json, `${JSON.stringify(report, null, 1)}\n`);
  }
  return opts.strict && report.failures.length > 0 ? EXIT.error : EXIT.ok;
};
