/**
 * Test harness for codegen: builds WAT with wabt, compiles it with winch, and
 * instantiates the host module directly with a tiny hand-written import object.
 */
import wabtInit from 'wabt';
import { DEFAULT_MAX_CALL_DEPTH, ExternKind, HOST_BUILTIN_MODULE, TrapCode, HOST_GUEST_IMPORT_MODULE, hostExportName, hostImportName, trapCodeName } from '../../../abi/index.js';
import type { CompiledArtifact, Tunables } from '../../../abi/index.js';
import { compile } from '../../../winch/index.js';

const wabt = await wabtInit();

/** Guest bytes of a WAT module (all Wasm 2.0 features on; `names`: write a name section). */
export const wat = (text: string, names = false): Uint8Array<ArrayBuffer> => {
  const m = wabt.parseWat('t.wat', text, {
    multi_value: true, bulk_memory: true, reference_types: true, sat_float_to_int: true, sign_extension: true,
  });
  try {
    return Uint8Array.from(m.toBinary({ write_debug_names: names }).buffer);
  } finally {
    m.destroy();
  }
};

/** What the `trap` builtin throws. */
export class TestTrap extends Error {
  constructor(readonly code: number) {
    super(`trap ${trapCodeName(code)}`);
  }
}

export interface HostInstance {
  readonly artifact: CompiledArtifact;
  readonly instance: WebAssembly.Instance;
  readonly memories: WebAssembly.Memory[];
  readonly bounds: WebAssembly.Global[];
  readonly tables: WebAssembly.Table[];
  /** The fuel counter global (consumed fuel, negative while some is left). */
  readonly fuel: WebAssembly.Global;
  /** Guest exports by guest export name (functions only). */
  readonly fn: Record<string, (...args: unknown[]) => unknown>;
}

export interface InstantiateOptions {
  /** Guest imports: module.name → value (functions or WebAssembly.Global). */
  readonly imports?: Record<string, Record<string, unknown>>;
  readonly tunables?: Partial<Tunables>;
  /** Extra host pages behind each memory's guest size (like the runtime's canary). */
  readonly canaryPages?: number;
  /** Initial fuel (code compiled with `fuel`); default 0. */
  readonly fuel?: bigint;
  /** Call-depth budget (code compiled with `callDepthChecks`); default DEFAULT_MAX_CALL_DEPTH. */
  readonly callDepth?: number;
}

/** Compiles guest bytes and instantiates the host module. */
export const instantiate = (bytes: Uint8Array, opts: InstantiateOptions = {}): HostInstance => {
  const artifact = compile(bytes, opts.tunables);
  if (!WebAssembly.validate(artifact.hostBytes)) throw new Error('host module does not validate');
  const g = artifact.guest;
  const canary = opts.canaryPages ?? 0;
  const memories = g.memories.map((m) => new WebAssembly.Memory({ initial: m.limits.min + canary }));
  const bounds = g.memories.map((m) => new WebAssembly.Global({ value: 'i64', mutable: true }, BigInt(m.limits.min * 65536)));
  const tables = g.tables.map((t) => new WebAssembly.Table({
    element: t.elemType === 0x70 ? 'anyfunc' : 'externref', initial: t.limits.min,
    ...(t.limits.max !== undefined ? { maximum: t.limits.max } : {}),
  } as WebAssembly.TableDescriptor));
  const fuel = new WebAssembly.Global({ value: 'i64', mutable: true }, -(opts.fuel ?? 0n));
  const wl: Record<string, unknown> = {
    trap: (code: number) => { throw new TestTrap(code); },
    out_of_fuel: () => { throw new TestTrap(TrapCode.OutOfFuel); },
    trap_fuel: (counter: bigint, code: number) => { fuel.value = counter; throw new TestTrap(code); },
    fuel,
    depth: new WebAssembly.Global({ value: 'i32', mutable: true }, opts.callDepth ?? DEFAULT_MAX_CALL_DEPTH),
    memory_grow: (m: number, delta: number) => {
      const bound = bounds[m]!;
      const old = Number(bound.value as bigint) / 65536;
      const max = g.memories[m]!.limits.max ?? 65536;
      const d = delta >>> 0;
      if (old + d > max) return -1;
      const have = memories[m]!.buffer.byteLength / 65536;
      if (old + d + canary > have) memories[m]!.grow(old + d + canary - have);
      bound.value = BigInt((old + d) * 65536);
      return old;
    },
  };
  memories.forEach((m, i) => { wl[hostImportName.memory(i)] = m; });
  bounds.forEach((b, i) => { wl[hostImportName.memoryBound(i)] = b; });
  tables.forEach((t, i) => { wl[hostImportName.table(i)] = t; });
  const gi: Record<string, unknown> = {};
  let fi = 0;
  let gl = 0;
  for (const im of g.imports) {
    const v = opts.imports?.[im.module]?.[im.name];
    if (im.desc.kind === ExternKind.func) gi[hostImportName.func(fi++)] = v;
    else if (im.desc.kind === ExternKind.global) gi[hostImportName.global(gl++)] = v;
  }
  const module = new WebAssembly.Module(artifact.hostBytes);
  const instance = new WebAssembly.Instance(module, { [HOST_BUILTIN_MODULE]: wl, [HOST_GUEST_IMPORT_MODULE]: gi } as WebAssembly.Imports);
  const ex = instance.exports as Record<string, (...a: unknown[]) => unknown>;
  ex[hostExportName.init]!();
  if (g.start !== null) ex[hostExportName.func(g.start)]!();
  const fn: Record<string, (...args: unknown[]) => unknown> = {};
  for (const e of g.exports) if (e.kind === ExternKind.func) fn[e.name] = ex[hostExportName.func(e.index)]!;
  return { artifact, instance, memories, bounds, tables, fuel, fn };
};

/** Runs `f` and returns the trap code it raised (or throws if it did not trap). */
export const trapOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof TestTrap) return trapCodeName(e.code) ?? String(e.code);
    return `host:${(e as Error).message}`;
  }
  return 'no trap';
};

/** Instantiates the guest natively (reference behaviour for differential tests). */
export const instantiateNative = (bytes: Uint8Array<ArrayBuffer>, imports: WebAssembly.Imports = {}): Record<string, (...a: unknown[]) => unknown> =>
  new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as Record<string, (...a: unknown[]) => unknown>;
