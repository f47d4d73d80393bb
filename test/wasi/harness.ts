/**
 * Runs a WASI command three ways for differential tests: through Windlass (runtime Linker +
 * our WASI), natively on the host engine with our WASI, and natively with `node:wasi`.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI as NodeWASI } from 'node:wasi';
import { Engine, Func, Linker, Module, Store } from '../../runtime/index.js';
import { Wasi, collectOutput } from '../../runtime/wasi/index.js';
import type { WasiFileSystem } from '../../runtime/wasi/index.js';
import { REPO_ROOT } from '../shared-paths.js';

/** What a run produced. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What `_start` threw other than `proc_exit` (a trap), if anything (`code` is then -1). */
  readonly error?: unknown;
}

/** Inputs of a run. */
export interface RunSpec {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

/** Path of a committed example program (examples/wasi/NAME.wasm). */
export const example = (name: string): string => join(REPO_ROOT, 'examples', 'wasi', `${name}.wasm`);

const engine = new Engine();
const modules = new Map<string, Module>();

/** The Windlass module of `file`, compiled once per test file. */
export const windlassModule = (file: string): Module => {
  let m = modules.get(file);
  if (!m) {
    m = Module.fromBytes(engine, new Uint8Array(readFileSync(file)));
    modules.set(file, m);
  }
  return m;
};

const noop = { params: [], results: [] };

/** Runs `file` through Windlass with our WASI over `preopens`. `bench.start/end` are no-ops. */
export const runWindlass = (file: string, spec: RunSpec, preopens: Record<string, WasiFileSystem> = {}): RunResult => {
  const stdout = collectOutput();
  const stderr = collectOutput();
  const wasi = new Wasi({ args: [file, ...(spec.args ?? [])], env: spec.env, preopens, stdin: spec.stdin ?? '', stdout, stderr });
  const store = new Store(engine);
  const linker = new Linker(engine).defineWasi(store, wasi);
  linker.define('bench', 'start', Func.fromJs(store, noop, () => {}));
  linker.define('bench', 'end', Func.fromJs(store, noop, () => {}));
  const instance = linker.instantiate(store, windlassModule(file));
  try {
    return { code: wasi.start(instance), stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    return { code: -1, stdout: stdout.text(), stderr: stderr.text(), error };
  }
};

/** Runs `file` natively on the host engine, still with our WASI implementation. */
export const runNativeOurWasi = async (file: string, spec: RunSpec, preopens: Record<string, WasiFileSystem> = {}): Promise<RunResult> => {
  const stdout = collectOutput();
  const stderr = collectOutput();
  const wasi = new Wasi({ args: [file, ...(spec.args ?? [])], env: spec.env, preopens, stdin: spec.stdin ?? '', stdout, stderr });
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { ...wasi.importObject, bench: { start: () => {}, end: () => {} } });
  const code = wasi.start(instance);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};

/** Runs `file` natively with `node:wasi`; `preopens` maps guest names to host directories. */
export const runNodeWasi = async (file: string, spec: RunSpec, preopens: Record<string, string> = {}): Promise<RunResult> => {
  const tmp = mkdtempSync(join(tmpdir(), 'wl-nodewasi-'));
  const paths = { in: join(tmp, 'in'), out: join(tmp, 'out'), err: join(tmp, 'err') };
  writeFileSync(paths.in, spec.stdin ?? '');
  const fds = { in: openSync(paths.in, 'r'), out: openSync(paths.out, 'w'), err: openSync(paths.err, 'w') };
  try {
    const wasi = new NodeWASI({
      version: 'preview1', args: [file, ...(spec.args ?? [])], env: { ...spec.env }, preopens, returnOnExit: true,
      stdin: fds.in, stdout: fds.out, stderr: fds.err,
    });
    const imports = { ...wasi.getImportObject(), bench: { start: () => {}, end: () => {} } } as WebAssembly.Imports;
    const { instance } = await WebAssembly.instantiate(readFileSync(file), imports);
    const code = wasi.start(instance);
    return { code, stdout: readFileSync(paths.out, 'utf8'), stderr: readFileSync(paths.err, 'utf8') };
  } finally {
    for (const fd of Object.values(fds)) closeSync(fd);
    rmSync(tmp, { recursive: true, force: true });
  }
};

/** A fresh temporary directory with `files` (name → content) in it. */
export const tempDir = (files: Readonly<Record<string, string | Uint8Array>> = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), 'wl-wasi-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
};

/** Every file under `dir` (relative path → bytes, directories as `name/`), for tree comparisons. */
export const snapshotTree = (dir: string, prefix = ''): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out[`${prefix}${name}/`] = '';
      Object.assign(out, snapshotTree(p, `${prefix}${name}/`));
    } else {
      out[`${prefix}${name}`] = readFileSync(p).toString('hex');
    }
  }
  return out;
};
