#!/usr/bin/env node
/**
 * `windlass` command line: run a guest, compile it to a host module, or run spec scripts.
 * Exit codes: 0 success, 1 trap / compile / link / I/O error (or failures with --strict), 2 usage.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CliError, EXIT, compileCommand, runCommand, wastCommand } from './cli-commands.js';
import { METERING_ARG_OPTIONS, parseMeteringArgs } from './cli-metering.js';
import { looksLikeNegativeNumber } from './cli-values.js';
import { runWasiCommand } from './cli-wasi.js';

const HELP = `Usage: windlass <command> [options]

Commands:
  run --wasi [--dir HOST[::GUEST]]... [--env K=V]... FILE.wasm [-- ARGS...]
      Run a WASI preview1 command: instantiate FILE with wasi_snapshot_preview1, call
      its "_start" with argv [FILE, ARGS...], the process's stdin/stdout/stderr, each
      --dir preopened (HOST shown to the guest as GUEST, default HOST) and the --env
      variables (a bare --env K passes the host's value of K). Exits with the guest's exit code; after a trap it prints the trap
      to stderr and exits with 134 (like wasmtime run). The metering options below apply too
      (the fuel report goes to stderr).
  run FILE.wasm [--invoke NAME] [ARGS...]
      Compile and instantiate FILE (no imports are provided), call NAME (default: the
      exported "_start", else "main") with ARGS parsed per parameter type (integers
      decimal or 0x hex; floats decimal, nan, inf, -inf) and print each result on its
      own line. A trap prints "trap: <code>: <message>" and the guest backtrace to
      stderr and exits with code 1.
      Metering (any run): --fuel N runs with N fuel (Wasmtime's costs, docs/fuel.md) and
      prints "fuel consumed: N" after the results (a trap OutOfFuel when it runs out);
      --deadline-ms N interrupts the guest (trap Interrupt) after N ms (built on fuel slices; with
      --epoch on epoch interruption and a 1 ms ticker thread instead, almost free while the guest
      runs; a guest with a memory needs a host with multi-memory, e.g. Node 22+); --max-memory BYTES
      limits the memory of the store in bytes (memory.grow returns -1 beyond it);
      --max-stack-depth N sets the call-depth budget (trap StackOverflow beyond it).
  compile IN.wasm -o OUT.wasm
      Write the compiled host module.
  bench [GUEST.wasm | SUITE_DIR]... [--engines ...] [--modes native,checks,checks+fuel,checks+epoch]
        [--runs N] [--json FILE] [--html FILE] [--quick]
      Run guests natively and through Windlass, each measurement in a fresh process, and report
      execution ratios, translation MB/s, time to first call and size (windlass bench --help).
  wast PATH... [--json FILE] [--strict] [--verbose]
      Run spec scripts (wast2json-style .json files, or folders of them) and print
      passed/failed/skipped assertion counts per folder. --json writes
      {"folders": {...}, "failures": [...]}; --verbose lists every failure and note
      first. Exits 0 unless --strict and something failed.

Options:
  -h, --help      show this help
  -V, --version   show the version

Exit codes: 0 ok, 1 trap, compile, link or I/O error, 2 usage error.
`;

/** Version from the package.json above this file (sources or dist/). */
const version = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'windlass') return pkg.version ?? 'unknown';
    } catch { /* keep looking upwards */ }
    dir = dirname(dir);
  }
  return 'unknown';
};

/** The metering options of `run`; a malformed one is a usage error. */
const meteringOf = (values: Parameters<typeof parseMeteringArgs>[0]): ReturnType<typeof parseMeteringArgs> => {
  try {
    return parseMeteringArgs(values);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.usage);
  }
};

/** `bench ARGS`: loaded only when used (see runtime/node/bench/bench-command.ts). */
const bench = async (argv: readonly string[]): Promise<number> => {
  const { benchCommand, BenchUsageError } = await import('./bench/bench-command.js');
  try {
    return await benchCommand(argv);
  } catch (e) {
    throw e instanceof BenchUsageError ? new CliError(e.message, EXIT.usage) : e;
  }
};

/** Parses `argv` (without node and script) and runs the command; returns the exit code. */
const main = (argv: readonly string[]): number | Promise<number> => {
  if (argv[0] === 'bench') return bench(argv.slice(1));
  // Negative numbers among ARGS would look like options to parseArgs: hide them behind placeholders.
  const hidden: string[] = [];
  const masked = argv.map((a) => (looksLikeNegativeNumber(a) ? `\u0000${hidden.push(a) - 1}` : a));
  const unmask = (a: string): string => (a.startsWith('\u0000') ? hidden[Number(a.slice(1))]! : a);
  const { values, positionals } = parseArgs({
    args: masked,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
      invoke: { type: 'string' },
      output: { type: 'string', short: 'o' },
      json: { type: 'string' },
      strict: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      ...METERING_ARG_OPTIONS,
      wasi: { type: 'boolean' },
      dir: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
    },
  });
  const pos = positionals.map(unmask);
  if (values.version) { process.stdout.write(`windlass ${version()}\n`); return EXIT.ok; }
  if (values.help || pos.length === 0) { process.stdout.write(HELP); return values.help ? EXIT.ok : EXIT.usage; }
  const [command, ...rest] = pos;
  switch (command) {
    case 'run':
      if (rest.length < 1) throw new CliError('run: missing FILE.wasm', EXIT.usage);
      if (values.wasi) return runWasiCommand(rest[0]!, { dirs: values.dir ?? [], env: values.env ?? [], args: rest.slice(1) }, meteringOf(values));
      if (values.dir || values.env) throw new CliError('run: --dir and --env need --wasi', EXIT.usage);
      return runCommand(rest[0]!, values.invoke, rest.slice(1), meteringOf(values));
    case 'compile':
      if (rest.length !== 1 || values.output === undefined) throw new CliError('usage: windlass compile IN.wasm -o OUT.wasm', EXIT.usage);
      return compileCommand(rest[0]!, values.output);
    case 'wast':
      if (rest.length < 1) throw new CliError('wast: missing PATH', EXIT.usage);
      return wastCommand(rest, { json: values.json, strict: values.strict ?? false, verbose: values.verbose ?? false });
    default:
      throw new CliError(`unknown command "${command}" (see windlass --help)`, EXIT.usage);
  }
};

{
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    const errCode = (e as { code?: unknown }).code;
    const usage = typeof errCode === 'string' && errCode.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`error: ${(e as Error).message}\n`);
    code = e instanceof CliError ? e.code : usage ? EXIT.usage : EXIT.error;
  }
  process.exitCode = code;
}
