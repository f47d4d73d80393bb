/**
 * Finds the script a measurement process runs: the compiled `child.js` beside this file (the
 * built package), or, when running from TypeScript sources, one ESM bundle of `child.ts` built
 * with esbuild (a dev dependency) so each child starts in tens of milliseconds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A runnable child script and how to clean it up. */
export interface ChildScript {
  readonly path: string;
  /** Where it came from: `dist` or `bundle`. */
  readonly source: 'dist' | 'bundle';
  /** Removes a bundle made for this run. */
  dispose(): void;
}

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** The child script for this installation (bundled into a fresh temp folder when running from sources). */
export const childScript = async (): Promise<ChildScript> => {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith('.js') && existsSync(join(dir, 'child.js'))) return { path: join(dir, 'child.js'), source: 'dist', dispose: () => {} };
  let esbuild: EsbuildLike;
  try {
    esbuild = (await import('esbuild')) as unknown as EsbuildLike;
  } catch (e) {
    throw new Error(`running from TypeScript sources needs the esbuild package to bundle the measurement script (${(e as Error).message}); or run the built CLI (npm run build)`);
  }
  const bundleDir = mkdtempSync(join(tmpdir(), 'windlass-bench-'));
  const out = join(bundleDir, 'child.mjs');
  await esbuild.build({
    entryPoints: [join(dir, 'child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: out, external: ['wabt'], logLevel: 'error',
  });
  return { path: out, source: 'bundle', dispose: () => rmSync(bundleDir, { recursive: true, force: true }) };
};
