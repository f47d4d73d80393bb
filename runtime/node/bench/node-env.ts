/**
 * The measurement environment of a Node (or Bun) child process: files through node:fs, the
 * guest's output in temporary files, node:wasi for native runs (Windlass's own WASI where the
 * engine has no node:wasi) and the process's peak resident memory.
 */
import { startNodeEpochTicker } from '../epoch-ticker.js';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wasi } from '../../wasi/index.js';
import type { GuestOutputs, MeasureEnv, NativeWasi } from '../../bench/environment.js';
import type { GuestSpec } from '../../bench/types.js';
import { NodeFileSystem } from '../wasi-fs.js';
import { hostOutputStream } from '../wasi-stdio.js';

type NodeWasiClass = new (options: Record<string, unknown>) => {
  readonly wasiImport: WebAssembly.ModuleImports;
  start(instance: WebAssembly.Instance): number;
};

/** Output sinks in two fresh temporary files (left behind, and named, when a run fails). */
const fileOutputs = (parent: string | undefined): GuestOutputs => {
  const dir = mkdtempSync(join(parent ?? tmpdir(), 'windlass-bench-out-'));
  const paths = { stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
  const fds = { stdout: openSync(paths.stdout, 'w+'), stderr: openSync(paths.stderr, 'w+') };
  let open = true;
  const closeFds = (): void => {
    if (!open) return;
    open = false;
    closeSync(fds.stdout);
    closeSync(fds.stderr);
  };
  return {
    stdout: hostOutputStream(fds.stdout),
    stderr: hostOutputStream(fds.stderr),
    fds,
    collect: () => ({ stdout: readFileSync(paths.stdout), stderr: readFileSync(paths.stderr) }),
    close: (keep) => {
      closeFds();
      if (keep) process.stderr.write(`guest output kept in ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Which WASI a native run uses in this process. */
export type NativeWasiKind = 'node:wasi' | 'windlass-wasi';

/**
 * Creates the environment. Native runs use node:wasi (`version: 'preview1'`, `returnOnExit: true`)
 * on Node, else (Bun) Windlass's own WASI on the host's WebAssembly.
 */
export const createNodeEnv = async (outDir?: string): Promise<{ env: MeasureEnv; nativeWasiKind: NativeWasiKind }> => {
  let NodeWasi: NodeWasiClass | undefined;
  // Bun's node:wasi ignores returnOnExit (start returns no exit code): Bun gets Windlass's WASI
  if ((process.versions as Record<string, string | undefined>)['bun'] === undefined) {
    try {
      NodeWasi = (await import('node:wasi')).WASI as unknown as NodeWasiClass;
    } catch { /* an engine without node:wasi */ }
  }
  const nativeWasi = (guest: GuestSpec, args: readonly string[], outputs: GuestOutputs): NativeWasi => {
    if (NodeWasi !== undefined && outputs.fds !== undefined) {
      const w = new NodeWasi({
        version: 'preview1', args: [...args], env: {}, preopens: { '.': guest.dir },
        stdout: outputs.fds.stdout, stderr: outputs.fds.stderr, returnOnExit: true,
      });
      return { imports: { wasi_snapshot_preview1: w.wasiImport }, start: (instance) => w.start(instance) };
    }
    const w = new Wasi({ args, env: {}, preopens: { '.': new NodeFileSystem(guest.dir) }, stdout: outputs.stdout, stderr: outputs.stderr });
    return { imports: w.importObject as WebAssembly.Imports, start: (instance) => w.start(instance) };
  };
  const env: MeasureEnv = {
    readFile: (path) => new Uint8Array(readFileSync(path)),
    preopen: (dir) => new NodeFileSystem(dir),
    openOutputs: () => fileOutputs(outDir),
    nativeWasi,
    now: () => performance.now(),
    peakMemoryKB: () => process.resourceUsage().maxRSS,
    startEpochTicker: (engine, intervalMs) => startNodeEpochTicker(engine, { intervalMs }),
  };
  return { env, nativeWasiKind: NodeWasi !== undefined ? 'node:wasi' : 'windlass-wasi' };
};
