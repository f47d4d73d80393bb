/**
 * Guest backtraces: parses the wasm frames of a host engine's `Error.stack` string and
 * maps host function indices and code offsets back to guest functions and offsets.
 */
import type { CompiledArtifact } from '../abi/artifact.js';
import { lookupArtifact } from './artifact-registry.js';

/** One guest frame of a trap's backtrace. */
export interface BacktraceFrame {
  /** Guest function index (in the guest module's function index space). */
  readonly funcIndex: number;
  /** Guest function name from the `name` section, when present. */
  readonly funcName?: string;
  /** Byte offset in the guest binary of the instruction (call or trap site), when known. */
  readonly guestOffset?: number;
  /** Guest module name from the `name` section, when present. */
  readonly moduleName?: string;
}

/** One wasm frame as printed by a host engine. */
export interface HostWasmFrame {
  /** Host module name as printed (V8 prints the `name` section's module name), if any. */
  readonly hostModuleName?: string;
  readonly hostFuncIndex: number;
  /** Byte offset in the host module, when the engine prints one. */
  readonly hostOffset?: number;
}

const V8_FRAME = /wasm:\/\/wasm\/(?:(.+)-)?[0-9a-f]{8}:wasm-function\[(\d+)\]:0x([0-9a-f]+)/;
const SM_FRAME = /> WebAssembly\.\w+:wasm-function\[(\d+)\]:0x([0-9a-f]+)/;
/** JavaScriptCore names a frame after the function's `name` section entry: Windlass writes `<name>#<index>`. */
const JSC_FRAME = /(?:^|[\s@])([^\s@]*?)[.:]wasm-function\[(?:[^\]]*#)?(\d+)\](?::0x([0-9a-f]+))?/;

/**
 * Parses one stack line; undefined when it is not a wasm frame. Supported formats:
 *  - V8 (Node, Chrome, Deno): `at name (wasm://wasm/<moduleName>-<hash>:wasm-function[<i>]:0x<off>)`
 *    or without the name/parentheses. The host module name identifies the artifact (full support).
 *  - SpiderMonkey: `name@<url> line N > WebAssembly.Module:wasm-function[<i>]:0x<off>`.
 *  - JavaScriptCore: `<module>.wasm-function[<i>]@[wasm code]` (older) and
 *    `name@<module>:wasm-function[<i>]` (newer); no code offsets. Its call sites (the stack-trace
 *    API, how `Trap` captures stacks) print `<module>.wasm-function[<name>]`, the function's name
 *    from the `name` section, which Windlass writes as `<guest name>#<host index>`.
 * In `guestBacktrace`, frames naming a registered host module map through its artifact; frames
 * naming another module are skipped; frames naming none (SpiderMonkey, JSC's `<?>`) are
 * attributed to the `hint` artifact (the module whose code was running) when one is given.
 */
export const parseHostFrame = (line: string): HostWasmFrame | undefined => {
  let m = V8_FRAME.exec(line);
  if (m) {
    const frame = { hostFuncIndex: Number(m[2]), hostOffset: parseInt(m[3]!, 16) };
    return m[1] === undefined ? frame : { ...frame, hostModuleName: m[1] };
  }
  m = SM_FRAME.exec(line);
  if (m) return { hostFuncIndex: Number(m[1]), hostOffset: parseInt(m[2]!, 16) };
  m = JSC_FRAME.exec(line);
  if (m) {
    const name = m[1] === '' || m[1] === '<?>' ? undefined : m[1];
    const offset = m[3] === undefined ? undefined : parseInt(m[3], 16);
    return {
      hostFuncIndex: Number(m[2]),
      ...(name === undefined ? {} : { hostModuleName: name }),
      ...(offset === undefined ? {} : { hostOffset: offset }),
    };
  }
  return undefined;
};

/** Every wasm frame of a stack string, innermost first. */
export const parseHostStack = (stack: string): HostWasmFrame[] => {
  const frames: HostWasmFrame[] = [];
  for (const line of stack.split('\n')) {
    const f = parseHostFrame(line);
    if (f) frames.push(f);
  }
  return frames;
};

/** Per artifact: host function index → sorted flat [hostOffset, guestOffset] pairs. */
const offsetTables = new WeakMap<CompiledArtifact, Map<number, Int32Array>>();

const offsetTable = (artifact: CompiledArtifact): Map<number, Int32Array> => {
  let t = offsetTables.get(artifact);
  if (!t) {
    t = new Map(artifact.offsetMap.map((e) => [e.hostFunc, e.entries]));
    offsetTables.set(artifact, t);
  }
  return t;
};

/** Guest offset of the largest recorded host offset ≤ `hostOffset` in `hostFunc`, if any. */
export const guestOffsetOf = (artifact: CompiledArtifact, hostFunc: number, hostOffset: number): number | undefined => {
  const entries = offsetTable(artifact).get(hostFunc);
  if (!entries || entries.length < 2) return undefined;
  let lo = 0;
  let hi = entries.length / 2 - 1;
  if (entries[0]! > hostOffset) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (entries[mid * 2]! <= hostOffset) lo = mid;
    else hi = mid - 1;
  }
  return entries[lo * 2 + 1];
};

/** Maps one host frame of `artifact`'s host module to a guest frame (undefined for builtins/helpers). */
export const mapFrame = (artifact: CompiledArtifact, frame: HostWasmFrame): BacktraceFrame | undefined => {
  const g = artifact.guest;
  if (frame.hostFuncIndex < artifact.hostDefinedFuncBase) return undefined;
  const funcIndex = g.numImportedFuncs + (frame.hostFuncIndex - artifact.hostDefinedFuncBase);
  if (funcIndex >= g.funcTypes.length) return undefined;
  const funcName = g.funcNames.get(funcIndex);
  const guestOffset = frame.hostOffset === undefined ? undefined : guestOffsetOf(artifact, frame.hostFuncIndex, frame.hostOffset);
  return {
    funcIndex,
    ...(funcName === undefined ? {} : { funcName }),
    ...(guestOffset === undefined ? {} : { guestOffset }),
    ...(g.moduleName === undefined ? {} : { moduleName: g.moduleName }),
  };
};

/**
 * The guest backtrace (innermost first) of a host stack string. `topOffset`: the guest offset of
 * the innermost frame when known otherwise (a trap raised from a trap pad passes its site's).
 */
export const guestBacktrace = (stack: string, hint?: CompiledArtifact, topOffset?: number): BacktraceFrame[] => {
  const out: BacktraceFrame[] = [];
  for (const hf of parseHostStack(stack)) {
    // A frame naming an unregistered module is not ours; an unnamed one is taken as the hint's.
    const artifact = hf.hostModuleName === undefined ? hint : lookupArtifact(hf.hostModuleName);
    if (!artifact) continue;
    const f = mapFrame(artifact, hf);
    if (!f) continue;
    out.push(out.length === 0 && topOffset !== undefined ? { ...f, guestOffset: topOffset } : f);
  }
  return out;
};

/** Formats a backtrace frame for messages: `name [func 3] (module @ 0x2a)`. */
export const formatFrame = (f: BacktraceFrame): string => {
  const where = [f.moduleName, f.guestOffset === undefined ? undefined : `@ 0x${f.guestOffset.toString(16)}`]
    .filter((x) => x !== undefined).join(' ');
  return `${f.funcName ?? '<unnamed>'} [func ${f.funcIndex}]${where ? ` (${where})` : ''}`;
};
