/**
 * WebAssembly text → binary for `Module.fromText`, through the `wabt` package, loaded on first
 * use by a dynamic import whose specifier bundlers leave alone (wabt is an optional peer
 * dependency: in a browser without it, `fromText` rejects with a clear error).
 */

/** A WAT text that wabt could not parse or validate. */
export class WatError extends Error {
  override readonly name = 'WatError';
}

interface WabtModule {
  resolveNames(): void;
  toBinary(options: { write_debug_names?: boolean }): { buffer: Uint8Array };
  destroy(): void;
}
interface Wabt {
  parseWat(filename: string, text: string, features?: Record<string, boolean>): WabtModule;
}

/** Every proposal wabt can parse that Windlass may compile. */
const FEATURES: Record<string, boolean> = {
  exceptions: true, mutable_globals: true, sat_float_to_int: true, sign_extension: true, simd: true,
  threads: true, multi_value: true, tail_call: true, bulk_memory: true, reference_types: true,
  annotations: true, gc: true, memory64: true, extended_const: true, relaxed_simd: true, multi_memory: true,
};

let wabt: Promise<Wabt> | undefined;
/** Kept in a variable so that bundlers do not try to bundle wabt into the runtime. */
const WABT_PACKAGE = 'wabt';

const loadWabt = (): Promise<Wabt> => {
  wabt ??= (import(/* @vite-ignore */ WABT_PACKAGE) as Promise<{ default: () => Promise<Wabt> }>)
    .then((m) => m.default())
    .catch((e: unknown) => {
      wabt = undefined;
      throw new Error(`Module.fromText needs the "wabt" package (npm install wabt): ${(e as Error).message}`, { cause: e });
    });
  return wabt;
};

/** Assembles `text` (with a `name` section) into module bytes. Throws `WatError` for text wabt cannot parse. */
export const watToWasm = async (text: string): Promise<Uint8Array<ArrayBuffer>> => {
  const w = await loadWabt();
  let mod: WabtModule;
  try {
    mod = w.parseWat('module.wat', text, FEATURES);
  } catch (e) {
    throw new WatError((e as Error).message, { cause: e });
  }
  try {
    mod.resolveNames(); // validation is Windlass's own (CompileError with the byte offset)
    return new Uint8Array(mod.toBinary({ write_debug_names: true }).buffer);
  } catch (e) {
    throw new WatError((e as Error).message, { cause: e });
  } finally {
    mod.destroy();
  }
};
