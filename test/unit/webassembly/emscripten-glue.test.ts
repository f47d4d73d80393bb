// Runs the committed Emscripten build (examples/emscripten) unmodified, natively and through
// the facade (injected as the glue's `WebAssembly`, and installed as globalThis.WebAssembly),
// and compares the program's output line by line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../../runtime/webassembly/index.js';

const gluePath = fileURLToPath(new URL('../../../examples/emscripten/program.js', import.meta.url));
const glueSource = readFileSync(gluePath, 'utf8');
const wasmBinary = readFileSync(new URL('../../../examples/emscripten/program.wasm', import.meta.url));
const require = createRequire(gluePath);

interface EmscriptenModule { HEAPU8: Uint8Array }
type CreateProgram = (options: Record<string, unknown>) => Promise<EmscriptenModule>;

/** Evaluates the unmodified glue like Node's CommonJS loader, with `WebAssembly` bound to `wasm`. */
const loadGlue = (wasm: object): CreateProgram => {
  const wrapper = runInThisContext(
    `(function (exports, require, module, __filename, __dirname, WebAssembly) {${glueSource}\n})`,
    { filename: gluePath },
  ) as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  wrapper(module.exports, require, module, gluePath, dirname(gluePath), wasm);
  return module.exports as CreateProgram;
};

/** Runs the program to completion; returns its stdout/stderr lines, exit status and heap size. */
const runProgram = async (create: CreateProgram) => {
  const lines: string[] = [];
  let status: number | undefined;
  const m = await create({
    // Emscripten 3.1.6 tries `fetch` of a file path on Node 18+; handing it the bytes avoids that.
    wasmBinary: new Uint8Array(wasmBinary),
    print: (l: string) => lines.push(l),
    printErr: (l: string) => lines.push(`[stderr] ${l}`),
    quit: (s: number, toThrow: unknown) => { status = s; throw toThrow; },
  });
  return { lines, status, heapBytes: m.HEAPU8.length };
};

// The glue adds process-wide handlers on every load; remove them again after each test.
const events = ['uncaughtException', 'unhandledRejection'] as const;
const listeners = (e: (typeof events)[number]): Function[] => process.listeners(e as 'uncaughtException');
let before: Map<string, Function[]>;
beforeEach(() => { before = new Map(events.map((e) => [e, listeners(e)])); });
afterEach(() => {
  for (const e of events) {
    for (const l of listeners(e)) if (!before.get(e)!.includes(l)) process.removeListener(e, l as never);
  }
});

describe('Emscripten program through the facade', () => {
  it('produces the same output natively and through Windlass', async () => {
    const native = await runProgram(loadGlue(globalThis.WebAssembly));
    expect(native.status).toBe(0);
    expect(native.lines[0]).toBe('hello from emscripten via windlass');
    expect(native.lines.at(-1)).toBe('done');
    expect(native.heapBytes).toBeGreaterThan(24 << 20);

    const compiled: unknown[] = [];
    const facade = createWebAssembly({ onCompile: (m) => compiled.push(m) });
    const windlass = await runProgram(loadGlue(facade));
    expect(compiled).toHaveLength(1);
    expect(windlass.status).toBe(0);
    expect(windlass.lines).toEqual(native.lines);
    expect(windlass.heapBytes).toBe(native.heapBytes);
  });

  it('runs with the facade installed as globalThis.WebAssembly', async () => {
    const original = globalThis.WebAssembly;
    let count = 0;
    const facade = createWebAssembly({ onCompile: () => { count++; } });
    const native = await runProgram(require(gluePath) as CreateProgram);
    globalThis.WebAssembly = facade;
    try {
      const windlass = await runProgram(require(gluePath) as CreateProgram);
      expect(windlass.lines).toEqual(native.lines);
    } finally {
      globalThis.WebAssembly = original;
    }
    expect(count).toBe(1);
  });
});
