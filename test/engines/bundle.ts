/**
 * Bundles a probe (a TypeScript module whose default export is `async (input) => output`)
 * with everything it imports (compiler, runtime) into one self-contained ESM text, with
 * esbuild. Platform "neutral": a Node-only import in the runtime core fails the bundle.
 */
import { build } from 'esbuild';

const cache = new Map<string, Promise<string>>();

/** The bundled ESM source of probe module `entry` (an absolute path); cached per path. */
export const bundleProbe = (entry: string): Promise<string> => {
  let p = cache.get(entry);
  if (!p) {
    p = build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text);
    cache.set(entry, p);
  }
  return p;
};
