// Runs a binaryen -ttf module on a `WebAssembly` namespace (the host's own, or a Windlass facade)
// and records a transcript: per exported function call its result or trap kind, what it logged
// through the fuzzing-support imports, and the exported memories and globals afterwards.
import { decodeModule } from '../../winch/index.js';
import { ExternKind, ValType } from '../../abi/index.js';
import { nativeTrapKind } from './exec-compare.js';

/** An error thrown by the fuzzing-support imports themselves (the same on both sides). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** One exported function call. */
export interface CallRecord {
  readonly name: string;
  /** `ok <value>` or `trap <kind>` (kinds may list alternatives `A|B`) or `error <name>`. */
  readonly outcome: string;
  readonly log: readonly string[];
  /** Exported memories (FNV-1a of the bytes and size) and globals after the call. */
  readonly state: string;
}

export interface Transcript {
  /** `instantiated`, or why not (`trap <kind>` / `error <name>: ...`). */
  readonly instantiate: string;
  readonly calls: readonly CallRecord[];
  /** Whether a stack overflow stopped the run (frame sizes differ, so later state may too). */
  readonly overflow: boolean;
}

const fnv = (bytes: Uint8Array): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h >>> 0).toString(16);
};

/** A JS value as transcript text (NaN payloads do not survive JS, so all NaNs read 'NaN'). */
export const showValue = (v: unknown): string => {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null) return 'null';
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v)) return `[${v.map(showValue).join(',')}]`;
  return typeof v;
};

/** The trap kind of an error from either side, in abi trap-code names. */
export const errorKind = (e: unknown): string => {
  if (e instanceof ImportError) return `error ImportError: ${e.message}`;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && e instanceof Error && e.name === 'RuntimeError') return `trap ${code}`;
  const k = nativeTrapKind(e);
  if (!k.startsWith('not a trap') && !k.startsWith('RuntimeError:')) return `trap ${k}`;
  return `error ${e instanceof Error ? e.name : typeof e}`;
};

const defaultArg = (t: number): unknown => (t === ValType.i64 ? 0n : isRefDefault(t) ? null : 0);
const isRefDefault = (t: number): boolean => t === ValType.funcref || t === ValType.externref;

/** Calls from the fuzzing-support imports back into the module, per run. */
const MAX_REENTRIES = 64;

/** Runs every exported function of `bytes` once, in export order, on namespace `wa`. */
export const runTtf = (wa: typeof WebAssembly, bytes: Uint8Array<ArrayBuffer>): Transcript => {
  const info = decodeModule(bytes);
  const funcExports = info.exports.filter((e) => e.kind === ExternKind.func);
  const argsOf = (funcIndex: number): unknown[] => info.types[info.funcs[funcIndex]!]!.params.map(defaultArg);
  let log: string[] = [];
  let exportsObj: WebAssembly.Exports = {};
  const table: unknown[] = new Array<unknown>(10).fill(null);
  // re-entries from the host are budgeted (the same on both sides): a caught trap resets
  // binaryen's hang limits, so nested catching calls could otherwise run for ages
  let reentries = 0;
  const reenter = (f: () => unknown): unknown => {
    if (++reentries > MAX_REENTRIES) throw new ImportError('re-entry budget exhausted');
    return f();
  };
  const callExport = (index: number): unknown => reenter(() => {
    const e = funcExports[index];
    if (e === undefined) throw new ImportError(`no function export ${index}`);
    return (exportsObj[e.name] as (...a: unknown[]) => unknown)(...argsOf(e.index));
  });
  const callRef = (ref: unknown): unknown => reenter(() => {
    if (typeof ref !== 'function') throw new ImportError('call-ref of null');
    return (ref as () => unknown)();
  });
  let overflow = false;
  const caught = (f: () => unknown): number => {
    try {
      f();
      return 0;
    } catch (e) {
      // a swallowed stack overflow still ends the comparable part (frame sizes differ)
      if (errorKind(e).includes('StackOverflow')) overflow = true;
      return 1;
    }
  };
  const imports: WebAssembly.Imports = {
    'fuzzing-support': {
      'log-i32': (x: unknown) => { log.push(`i32 ${showValue(x)}`); },
      'log-i64': (x: unknown) => { log.push(`i64 ${showValue(x)}`); },
      'log-f32': (x: unknown) => { log.push(`f32 ${showValue(x)}`); },
      'log-f64': (x: unknown) => { log.push(`f64 ${showValue(x)}`); },
      'call-export': (index: number) => { callExport(index >>> 0); },
      'call-export-catch': (index: number) => caught(() => callExport(index >>> 0)),
      'call-ref': (ref: unknown) => { callRef(ref); },
      'call-ref-catch': (ref: unknown) => caught(() => callRef(ref)),
      'table-get': (i: number) => {
        if (i >>> 0 >= table.length) throw new ImportError('table-get out of range');
        return table[i >>> 0];
      },
      'table-set': (i: number, v: unknown) => {
        if (i >>> 0 >= table.length) throw new ImportError('table-set out of range');
        table[i >>> 0] = v;
      },
      'sleep': (_ms: number, id: number) => id,
    },
  };
  // imported globals (immutable externrefs in practice) get null; other functions log their name
  const modules: Record<string, Record<string, unknown>> = imports as never;
  for (const im of info.imports) {
    const m = (modules[im.module] ??= {});
    if (im.desc.kind === ExternKind.global) {
      m[im.name] ??= im.desc.type.type === ValType.i64 ? 0n : isRefDefault(im.desc.type.type) ? null : 0;
    } else if (im.desc.kind === ExternKind.func) {
      m[im.name] ??= () => { log.push(`called ${im.name}`); };
    }
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new wa.Instance(new wa.Module(bytes), imports);
  } catch (e) {
    return { instantiate: errorKind(e), calls: [], overflow: false };
  }
  exportsObj = instance.exports;
  const state = (): string => {
    const parts: string[] = [];
    for (const e of info.exports) {
      const v = exportsObj[e.name];
      if (e.kind === ExternKind.memory) {
        const bytes8 = new Uint8Array((v as WebAssembly.Memory).buffer);
        parts.push(`${e.name}=${bytes8.length}:${fnv(bytes8)}`);
      } else if (e.kind === ExternKind.global) {
        let text: string;
        try {
          text = showValue((v as WebAssembly.Global).value);
        } catch (err) {
          text = `unreadable ${err instanceof Error ? err.name : typeof err}`; // v128 globals
        }
        parts.push(`${e.name}=${text}`);
      } else if (e.kind === ExternKind.table) {
        parts.push(`${e.name}=${(v as WebAssembly.Table).length}`);
      }
    }
    return parts.join(' ');
  };
  const calls: CallRecord[] = [];
  for (const e of funcExports) {
    log = [];
    let outcome: string;
    try {
      outcome = `ok ${showValue((exportsObj[e.name] as (...a: unknown[]) => unknown)(...argsOf(e.index)))}`;
    } catch (err) {
      outcome = errorKind(err);
    }
    calls.push({ name: e.name, outcome, log, state: state() });
    if (overflow || outcome.includes('StackOverflow')) return { instantiate: 'instantiated', calls, overflow: true };
  }
  return { instantiate: 'instantiated', calls, overflow: false };
};
