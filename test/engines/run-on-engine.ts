/**
 * Runs a bundled probe (see bundle.ts) on one engine and returns its JSON output: in a child
 * process for Node and Bun (input through a file, output after a marker on stdout), in a
 * headless Chromium page for the browser (one shared browser; call `closeBrowser` when done).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HostEngine } from './engines.js';

/** What one engine made of a probe: its JSON result, or the error it threw / how it died. */
export type EngineRun =
  | { readonly engine: string; readonly ok: true; readonly result: unknown }
  | { readonly engine: string; readonly ok: false; readonly error: string };

/** Options of `runOnEngine`. */
export interface RunOptions {
  /** Kill the run after this long (default 60 s). */
  readonly timeoutMs?: number;
}

const MARKER = '@@PROBE-RESULT@@';

/** The process engines' driver: imports the probe, feeds it the input file, prints the marked result. */
const MAIN = `import probe from './probe.mjs';
import { readFileSync } from 'node:fs';
let out;
try {
  out = { ok: true, result: await probe(JSON.parse(readFileSync(process.argv[2], 'utf8'))) };
} catch (e) {
  out = { ok: false, error: String((e && e.stack) || e) };
}
process.stdout.write('\\n${MARKER}' + JSON.stringify(out) + '\\n');
`;

const runInProcess = (engine: HostEngine, code: string, input: unknown, timeoutMs: number): Promise<EngineRun> => {
  const dir = mkdtempSync(join(tmpdir(), `windlass-${engine.id}-`));
  writeFileSync(join(dir, 'probe.mjs'), code);
  writeFileSync(join(dir, 'main.mjs'), MAIN);
  writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
  return new Promise<EngineRun>((resolveRun) => {
    execFile(engine.path, [join(dir, 'main.mjs'), join(dir, 'input.json')], { cwd: dir, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        const at = stdout.lastIndexOf(MARKER);
        if (at >= 0) {
          const out = JSON.parse(stdout.slice(at + MARKER.length)) as { ok: boolean; result?: unknown; error?: string };
          resolveRun(out.ok ? { engine: engine.id, ok: true, result: out.result } : { engine: engine.id, ok: false, error: out.error ?? '?' });
          return;
        }
        const why = err ? (err.killed ? `killed after ${timeoutMs} ms` : err.message) : 'no result printed';
        resolveRun({ engine: engine.id, ok: false, error: `${why}\n${stderr.slice(-2000)}` });
      });
  });
};

let browser: Promise<Browser> | undefined;

/** Launches (once) the headless Chromium at `path`. */
const browserAt = async (path: string): Promise<Browser> => {
  browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }));
  return browser;
};

/** Closes the shared browser, if one was launched. */
export const closeBrowser = async (): Promise<void> => {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
};

/**
 * The page's driver, as source text: a function literal would be rewritten by the test
 * runner's transform (its dynamic `import`), and the page has none of that machinery.
 */
const BROWSER_MAIN = `async ({ code, input }) => {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    const mod = await import(url);
    return { ok: true, result: await mod.default(input) };
  } catch (e) {
    return { ok: false, error: String((e && e.stack) || e) };
  } finally {
    URL.revokeObjectURL(url);
  }
}`;

const runInBrowser = async (engine: HostEngine, code: string, input: unknown, timeoutMs: number): Promise<EngineRun> => {
  const page = await (await browserAt(engine.path)).newPage();
  try {
    page.setDefaultTimeout(timeoutMs);
    const out = (await page.evaluate(`(${BROWSER_MAIN})(${JSON.stringify({ code, input })})`)) as
      { ok: true; result: unknown } | { ok: false; error: string };
    return out.ok ? { engine: engine.id, ok: true, result: out.result } : { engine: engine.id, ok: false, error: out.error };
  } catch (e) {
    return { engine: engine.id, ok: false, error: String(e) };
  } finally {
    await page.close();
  }
};

/**
 * Runs bundled probe `code` with JSON `input` on `engine`. Never throws for what the probe or
 * the engine does: failures come back as `{ ok: false, error }`.
 */
export const runOnEngine = (engine: HostEngine, code: string, input: unknown, opts: RunOptions = {}): Promise<EngineRun> => {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (engine.missing) return Promise.resolve({ engine: engine.id, ok: false, error: `not available: ${engine.missing}` });
  return engine.kind === 'browser' ? runInBrowser(engine, code, input, timeoutMs) : runInProcess(engine, code, input, timeoutMs);
};

/** Runs `code` on every engine in `engines` (concurrently) and returns the runs in the same order. */
export const runOnEngines = (engines: readonly HostEngine[], code: string, input: unknown, opts: RunOptions = {}): Promise<EngineRun[]> =>
  Promise.all(engines.map((e) => runOnEngine(e, code, input, opts)));
