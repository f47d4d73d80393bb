// Differential execution: runs a guest natively (host WebAssembly) and through Windlass, calls
// the same exports with the same arguments, and compares results, trap kinds, memory and globals.
import { Engine, Instance, Module, Store, Trap } from '../../runtime/index.js';
import { F32, F64, I64 } from './op-tables.js';
import type { Rng } from './prng.js';

/**
 * The trap kind of a native host error, in abi/trap-codes names (our own mapping, independent of
 * the runtime's). V8 reports NaN and out-of-range float-to-int truncation with one message, so
 * that case allows either code ('A|B').
 */
export const nativeTrapKind = (e: unknown): string => {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'StackOverflow';
  if (!(e instanceof WebAssembly.RuntimeError)) return `not a trap: ${String(e)}`;
  const m = e.message;
  if (/unreachable/.test(m)) return 'UnreachableCodeReached';
  if (/memory access out of bounds|data segment/.test(m)) return 'MemoryOutOfBounds';
  if (/table index is out of bounds|element segment|table access/.test(m)) return 'TableOutOfBounds';
  // V8 words this 'null function or function signature mismatch' or 'function signature mismatch' (by tier).
  if (/signature mismatch/.test(m)) return 'IndirectCallToNull|BadSignature';
  if (/divide by zero|remainder by zero/.test(m)) return 'IntegerDivisionByZero';
  if (/divide result unrepresentable|integer overflow/.test(m)) return 'IntegerOverflow';
  if (/float unrepresentable/.test(m)) return 'BadConversionToInteger|IntegerOverflow';
  return `RuntimeError: ${m}`;
};

export const windlassTrapKind = (e: unknown): string => (e instanceof Trap ? e.code : `not a Trap: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);

export type Value = number | bigint;

export const randomArg = (rng: Rng, t: number): Value => {
  if (t === I64) return rng.pick([0n, 1n, -1n, 7n, 1n << 40n, -(1n << 63n), BigInt(rng.u32())]);
  if (t === F32 || t === F64) return rng.pick([0, -0, 1.5, -2.25, NaN, Infinity, 3e9, rng.u32() / 7]);
  return rng.pick([0, 1, -1, 8, 65535, 65536, 0x7fffffff, rng.u32() | 0, rng.int(70000)]);
};

const show = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v);

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => Object.is(x, b[i])) : Object.is(a, b);

type Outcome = { ok: true; value: unknown } | { ok: false; trap: string };

const attempt = (fn: () => unknown, kind: (e: unknown) => string): Outcome => {
  try { return { ok: true, value: fn() }; } catch (e) { return { ok: false, trap: kind(e) }; }
};

const describeOutcome = (o: Outcome): string => (o.ok ? `returned ${show(o.value)}` : `trapped ${o.trap}`);

export interface Call { readonly name: string; readonly args: readonly Value[]; }

/** Returns null when native and Windlass agree on every call, else a description of the first difference. */
export const compareRuns = (
  engine: Engine, bytes: Uint8Array<ArrayBuffer>, calls: readonly Call[], stats?: Map<string, number>,
): string | null => {
  const native = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  let wl: Instance;
  try {
    // an engine with fuel gets unlimited fuel: metering must not change any result
    const store = new Store(engine, engine.tunables.fuel ? { fuel: (1n << 64n) - 1n } : {});
    wl = new Instance(store, Module.fromBytes(engine, bytes), []);
  } catch (e) {
    return `Windlass failed to compile or instantiate: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  const nMem = native.exports['mem'] as WebAssembly.Memory | undefined;
  const nGlobals = Object.entries(native.exports).filter((e): e is [string, WebAssembly.Global] => e[1] instanceof WebAssembly.Global);
  for (const c of calls) {
    const nf = native.exports[c.name] as ((...a: Value[]) => unknown) | undefined;
    const wf = wl.getFunc(c.name);
    if (!nf || !wf) return `export ${c.name} missing (native ${!!nf}, Windlass ${!!wf})`;
    const n = attempt(() => nf(...c.args), nativeTrapKind);
    const w = attempt(() => wf.call(...c.args), windlassTrapKind);
    const kind = w.ok ? 'returned' : w.trap;
    stats?.set(kind, (stats.get(kind) ?? 0) + 1);
    const where = `${c.name}(${c.args.map(show).join(', ')})`;
    const agree = n.ok && w.ok ? same(n.value, w.value) : !n.ok && !w.ok && n.trap.split('|').includes(w.trap);
    if (!agree) return `${where}: native ${describeOutcome(n)}, Windlass ${describeOutcome(w)}`;
    // frame sizes differ, so side effects before a stack overflow differ: stop comparing here
    if (!n.ok && n.trap === 'StackOverflow') return null;
    if (nMem) {
      const wm = wl.getMemory('mem');
      if (!wm) return 'Windlass instance has no memory export "mem"';
      const a = new Uint8Array(nMem.buffer);
      const size = wm.size() * 65536;
      if (a.length !== size) return `${where}: memory size native ${a.length}, Windlass ${size}`;
      const b = new Uint8Array(wm.buffer, 0, size);
      if (Buffer.compare(a, b) !== 0) {
        const i = a.findIndex((x, k) => x !== b[k]);
        return `${where}: memory differs at 0x${i.toString(16)}: native ${a[i]}, Windlass ${b[i]}`;
      }
    }
    for (const [name, ng] of nGlobals) {
      const wg = wl.getGlobal(name);
      if (!wg || !Object.is(ng.value, wg.value)) return `${where}: global ${name} native ${show(ng.value)}, Windlass ${show(wg?.value)}`;
    }
  }
  return null;
};
