/**
 * Probe (bundled, run on every engine): the embedding subset of Windlass — spec smoke scripts,
 * the API's calling paths, serialize/deserialize, memory views, and WASI programs on the
 * in-memory file system with a fixed clock and random source. Output is plain JSON.
 * Imports only the runtime core and the (Node-free) spec-script runner.
 */
import {
  Engine, Func, Linker, MemoryFileSystem, Module, Store, Trap, Wasi, collectOutput,
} from '../../../runtime/index.js';
import type { Memory } from '../../../runtime/index.js';
import { runScript } from '../../../runtime/node/wast/run.js';
import type { SpecCommand } from '../../../runtime/node/wast/script.js';
import type { EmbeddingProbeInput, EmbeddingProbeOutput, WasiRunOutput } from './embedding-probe-types.js';
import { fromBase64 } from './probe-util.js';

const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fnv1a = (b: Uint8Array): string => {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
};
const errorText = (e: unknown): string => (e instanceof Trap ? `Trap ${e.code}` : `${(e as Error).name}: ${(e as Error).message}`);

const runSpec = (input: EmbeddingProbeInput['spec'][number]): EmbeddingProbeOutput['spec'][number] => {
  const modules = new Map(Object.entries(input.modules).map(([k, v]) => [k, fromBase64(v)]));
  const r = runScript({
    path: input.id, id: input.id, folder: input.id.split('/')[0]!, commands: input.commands as SpecCommand[],
    readModule: (f) => modules.get(f) ?? (() => { throw new Error(`missing module ${f}`); })(),
  }, { engine: new Engine() });
  const failures = r.results.filter((c) => c.outcome === 'fail').map((c) => `${c.line} ${c.type}: ${c.reason ?? ''}`);
  return {
    id: input.id,
    passed: r.results.filter((c) => c.outcome === 'pass').length,
    failed: failures.length,
    skipped: r.results.filter((c) => c.outcome === 'skip').length,
    failures: failures.slice(0, 20),
  };
};

const runWasi = (p: EmbeddingProbeInput['wasi'][number]): WasiRunOutput => {
  const engine = new Engine();
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(p.files ?? {})));
  const stdout = collectOutput();
  const stderr = collectOutput();
  let seed = 1;
  const wasi = new Wasi({
    args: p.args, env: p.env, stdin: p.stdin, stdout, stderr,
    preopens: p.preopen === undefined ? {} : { [p.preopen]: fs },
    clock: { realtimeNs: () => 1_700_000_000_000_000_000n, monotonicNs: () => BigInt(seed++) * 1000n },
    random: (d) => { for (let i = 0; i < d.length; i++) d[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24; },
  });
  const store = new Store(engine);
  let code: number;
  let error: string | undefined;
  try {
    code = wasi.start(new Linker(engine).defineWasi(store, wasi).instantiate(store, Module.fromBytes(engine, fromBase64(p.wasm))));
  } catch (e) {
    code = -1;
    error = errorText(e);
  }
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of fs.readdir(dir)) {
      const path = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.filetype === 3) walk(path);
      else files[path] = new TextDecoder().decode(fs.readFile(path));
    }
  };
  walk('');
  return { name: p.name, code, stdout: stdout.text(), stderr: stderr.text(), files, ...(error === undefined ? {} : { error }) };
};

/** The API checks: every value as exact text, so engines can be compared as JSON. */
const runApi = (input: EmbeddingProbeInput['api']): Record<string, string> => {
  const out: Record<string, string> = {};
  const check = (name: string, f: () => unknown): void => {
    try {
      const v = f();
      out[name] = typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? toHex(v) : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? toHex(x) : x));
    } catch (e) {
      out[name] = `threw ${errorText(e)}`;
    }
  };
  const engine = new Engine();
  const store = new Store(engine);
  const linker = new Linker(engine);
  const seen: unknown[] = [];
  linker.func(store, 'env', 'mix', { params: ['i32', 'i64', 'f32', 'f64'], results: ['i64', 'f64'] },
    (a, b, c, d) => { seen.push(a, b, c, d); return [b * 3n + BigInt(a), c * d]; });
  linker.funcNew(store, 'env', 'dyn', { params: ['i64', 'v128'], results: ['v128', 'i32'] },
    ([x, v]) => [v.map((b) => b ^ Number(x & 0xffn)), v[15]!]);
  let down: Func | undefined;
  linker.funcNew(store, 'env', 'reenter', { params: ['i32'], results: ['i32'] },
    ([n]) => [n > 0 ? (down!.call(n - 1) as number) * 2 + 1 : 0]);
  const module = Module.fromBytes(engine, fromBase64(input.guest));
  const instance = linker.instantiate(store, module);
  down = instance.getFunc('down')!;
  check('typedAdd', () => instance.getFunc('add')!.typed(['i32', 'i64'], ['i64']).call(-5, 1n << 40n));
  check('wrapMix', () => [instance.getFunc('mix')!.call(), seen]);
  check('newDynV128', () => instance.getFunc('dyn')!.call(7n));
  check('callV128', () => instance.getFunc('splat')!.call(0x1f2));
  check('typedV128', () => instance.getFunc('splat')!.typed(['i32'], ['v128']).call(3));
  check('reentrant', () => down!.call(10));
  check('trapDynamic', () => instance.getFunc('div')!.call(1, 0));
  check('trapTyped', () => instance.getFunc('div')!.typed(['i32', 'i32'], ['i32']).call(1, 0));
  check('typeMismatch', () => instance.getFunc('div')!.typed(['i32'], ['i32']));
  check('shadowing', () => linker.define('env', 'mix', instance.getFunc('div')!));
  check('memoryViews', () => {
    const m = instance.getExport('memory') as Memory;
    const before = m.bytes();
    const lengthBefore = before.length;
    instance.getFunc('grow')!.call(1);
    const after = m.bytes();
    return [lengthBefore, before === after, after.length, m.dataView().byteLength, before.length === 0 || before.length === lengthBefore];
  });
  check('serialize', () => {
    const bytes = module.serialize();
    const copy = Module.deserialize(engine, bytes);
    return [bytes.length, fnv1a(bytes), linker.instantiate(store, copy).getFunc('add')!.call(2, 40n)];
  });
  check('deserializeOtherConfig', () => Module.deserialize(new Engine({ canaryPages: 2 }), module.serialize()));
  return out;
};

/** Runs everything in the input. */
export default async (input: EmbeddingProbeInput): Promise<EmbeddingProbeOutput> => ({
  spec: input.spec.map(runSpec),
  wasi: input.wasi.map(runWasi),
  api: runApi(input.api),
});
