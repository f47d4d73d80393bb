/**
 * Probe (bundled by bundle.ts, run on every engine): instantiates guests through Windlass's
 * `WebAssembly` facade and, optionally, the engine's own `WebAssembly`, makes the calls of the
 * input (memory written before, read after) and returns everything as JSON. No Node-only API.
 */
import { createWebAssembly } from '../../../runtime/webassembly/index.js';
import type { GuestCall, GuestRunInput, GuestRunOutput, CallOutcome, ModeOutcome } from './guest-runner-types.js';
import { engineName, fromBase64 } from './probe-util.js';

type Api = Pick<typeof WebAssembly, 'Module' | 'Instance' | 'validate'>;

const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

/** A JS API value as exact text: `-0`, `NaN`, bigints with an `n`. */
const show = (v: unknown): string =>
  typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && Object.is(v, -0) ? '-0' : v === undefined ? 'undefined' : String(v);
const arg = (a: number | string): number | bigint => (typeof a === 'string' && a.endsWith('n') ? BigInt(a.slice(0, -1)) : Number(a));

const call = (exports: Record<string, unknown>, c: GuestCall): CallOutcome => {
  const memory = exports[c.memory ?? 'memory'] as WebAssembly.Memory | undefined;
  for (const w of c.write ?? []) new Uint8Array(memory!.buffer).set(fromHex(w.hex), w.offset);
  const f = exports[c.export];
  if (typeof f !== 'function') return { error: `no exported function ${c.export}` };
  try {
    const value = show((f as (...a: unknown[]) => unknown)(...(c.args ?? []).map(arg)));
    const read = (c.read ?? []).map((r) => toHex(new Uint8Array(memory!.buffer, r.offset, r.length)));
    return { value, read };
  } catch (e) {
    const err = e as { code?: unknown; name?: string; message?: string };
    return { trap: typeof err.code === 'string' ? err.code : `${err.name}: ${err.message}` };
  }
};

const runMode = (api: Api, input: GuestRunInput): ModeOutcome => {
  const instances = new Map<string, Record<string, unknown>>();
  for (const g of input.guests) {
    const bytes = fromBase64(g.wasm);
    if (!api.validate(bytes)) return { unsupported: `guest ${g.name} does not validate` };
    try {
      instances.set(g.name, new api.Instance(new api.Module(bytes), {}).exports as Record<string, unknown>);
    } catch (e) {
      return { unsupported: `guest ${g.name}: ${String(e)}` };
    }
  }
  return { calls: input.calls.map((c) => call(instances.get(c.guest)!, c)) };
};

/** Runs the input's calls through Windlass and (if `native`) the engine's own WebAssembly. */
export default async function guestRunner(input: GuestRunInput): Promise<GuestRunOutput> {
  const windlass = createWebAssembly(input.options ?? {}) as unknown as Api;
  return {
    engine: engineName(),
    windlass: runMode(windlass, input),
    ...(input.native ? { native: runMode(WebAssembly, input) } : {}),
  };
}
