/**
 * Suite discovery: turns `windlass bench` paths (a guest .wasm, a folder of Sightglass-style
 * guests, a folder with a `bench-suite.json`, or such a manifest file) into guest specs.
 * Sightglass conventions: a WASI command run in its own folder; `NAME.stdout.expected` and
 * `NAME.stderr.expected` beside `NAME.wasm` hold the expected output.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { GuestSpec, InvokeSpec } from '../../bench/types.js';

/** Name of the manifest file a suite folder may hold. */
export const MANIFEST_NAME = 'bench-suite.json';

/** A suite manifest: guests with explicit entry points, arguments and expected results. */
export interface SuiteManifest {
  /** Group shown with each guest (default: the manifest folder's name). */
  readonly group?: string;
  readonly guests: readonly ManifestGuest[];
}

/** One manifest entry; paths are relative to the manifest's folder. */
export interface ManifestGuest {
  readonly id: string;
  readonly wasm: string;
  /** Working directory (default: the folder of `wasm`). */
  readonly dir?: string;
  readonly args?: readonly string[];
  readonly invoke?: InvokeSpec;
  readonly expectedStdout?: string;
  readonly expectedStderr?: string;
}

/** A suite path that cannot be used. */
export class SuiteError extends Error {}

const expectedBeside = (wasm: string): Pick<GuestSpec, 'expectedStdout' | 'expectedStderr'> => {
  const stem = wasm.slice(0, -'.wasm'.length);
  const out: { expectedStdout?: string; expectedStderr?: string } = {};
  if (existsSync(`${stem}.stdout.expected`)) out.expectedStdout = `${stem}.stdout.expected`;
  if (existsSync(`${stem}.stderr.expected`)) out.expectedStderr = `${stem}.stderr.expected`;
  return out;
};

/** A Sightglass-style command guest; `benchmark.wasm` takes its folder's name. */
const commandGuest = (wasm: string, group: string): GuestSpec => {
  const file = basename(wasm, '.wasm');
  const id = file === 'benchmark' ? basename(dirname(wasm)) : file;
  return { id, group, kind: 'command', wasm, dir: dirname(wasm), ...expectedBeside(wasm) };
};

const wasmFilesUnder = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.wasm')) out.push(p);
    }
  };
  walk(dir);
  return out;
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads and checks a manifest file. */
export const loadManifest = (path: string): GuestSpec[] => {
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SuiteError(`${path}: ${(e as Error).message}`);
  }
  if (!isObject(m) || !Array.isArray(m['guests'])) throw new SuiteError(`${path}: expected {"guests": [...]}`);
  const base = dirname(path);
  const group = typeof m['group'] === 'string' ? m['group'] : basename(base);
  return (m['guests'] as unknown[]).map((g, i) => {
    if (!isObject(g) || typeof g['id'] !== 'string' || typeof g['wasm'] !== 'string') {
      throw new SuiteError(`${path}: guest ${i} needs "id" and "wasm" strings`);
    }
    const e = g as unknown as ManifestGuest;
    const wasm = resolve(base, e.wasm);
    if (!existsSync(wasm)) throw new SuiteError(`${path}: guest ${e.id}: ${wasm} does not exist`);
    if (e.invoke !== undefined && (!isObject(e.invoke) || typeof e.invoke.export !== 'string' || !Array.isArray(e.invoke.args))) {
      throw new SuiteError(`${path}: guest ${e.id}: "invoke" needs "export" and "args"`);
    }
    const opt = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(base, p));
    const spec: GuestSpec = {
      id: e.id, group, kind: e.invoke ? 'invoke' : 'command', wasm, dir: opt(e.dir) ?? dirname(wasm),
      ...(e.args ? { args: e.args } : {}), ...(e.invoke ? { invoke: e.invoke } : {}),
      ...(e.invoke ? {} : expectedBeside(wasm)),
      ...(e.expectedStdout ? { expectedStdout: opt(e.expectedStdout)! } : {}),
      ...(e.expectedStderr ? { expectedStderr: opt(e.expectedStderr)! } : {}),
    };
    return spec;
  });
};

/** The guests named by `paths`, in order, ids made unique. */
export const discoverSuite = (paths: readonly string[]): GuestSpec[] => {
  const out: GuestSpec[] = [];
  for (const p0 of paths) {
    const p = resolve(p0);
    if (!existsSync(p)) throw new SuiteError(`${p0} does not exist`);
    if (statSync(p).isDirectory()) {
      const manifest = join(p, MANIFEST_NAME);
      if (existsSync(manifest)) out.push(...loadManifest(manifest));
      else {
        const files = wasmFilesUnder(p);
        if (files.length === 0) throw new SuiteError(`${p0}: no .wasm files and no ${MANIFEST_NAME}`);
        out.push(...files.map((f) => commandGuest(f, basename(p))));
      }
    } else if (p.endsWith('.json')) out.push(...loadManifest(p));
    else if (p.endsWith('.wasm')) out.push(commandGuest(p, basename(dirname(p))));
    else throw new SuiteError(`${p0}: expected a .wasm file, a folder or a ${MANIFEST_NAME}-style .json manifest`);
  }
  const seen = new Map<string, number>();
  return out.map((g) => {
    const n = seen.get(g.id) ?? 0;
    seen.set(g.id, n + 1);
    return n === 0 ? g : { ...g, id: `${g.id}#${n + 1}` };
  });
};
