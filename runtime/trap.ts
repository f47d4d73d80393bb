/**
 * Trap (a guest trap, one class for every code), LinkError, and `translateError`, which
 * turns the host engine's own trap errors (RuntimeError, stack overflow) into a `Trap`.
 */
import { HostWebAssembly } from './host-wasm.js';
import type { CompiledArtifact } from '../abi/artifact.js';
import { trapMessage } from '../abi/trap-codes.js';
import type { TrapCodeName } from '../abi/trap-codes.js';
import { formatFrame, guestBacktrace } from './backtrace.js';
import type { BacktraceFrame } from './backtrace.js';

/** Stack depth captured for a fresh trap (the host default of 10 is short for backtraces). */
const TRAP_STACK_LIMIT = 100;

/** Options of the `Trap` constructor. */
export interface TrapOptions {
  /** The host stack to build the backtrace from (default: captured now). */
  readonly stack?: string | undefined;
  /** The original host error, kept as `cause`. */
  readonly cause?: unknown;
  /** Artifact of the code that was running, for stack frames that do not name their module. */
  readonly hint?: CompiledArtifact | undefined;
  /**
   * Guest bytecode offset of the trapping operator, when compiled code passed it to the `trap`
   * builtin: it replaces the innermost frame's offset (that frame's host offset is its trap pad's).
   */
  readonly guestOffset?: number | undefined;
}

type V8ErrorConstructor = {
  stackTraceLimit?: number;
  captureStackTrace?: (target: object, omitAbove?: Function) => void;
  prepareStackTrace?: ((e: Error, callSites: unknown[]) => unknown) | undefined;
};

/** One line per call site, `    at <site>`: V8's own format, and JavaScriptCore's call sites name wasm frames. */
const formatCallSites = (_e: Error, callSites: unknown[]): string =>
  callSites.map((c) => `    at ${String(c)}`).join('\n');

/**
 * Captures the current stack with a generous depth limit, omitting the frames from `omitAbove`
 * up (the V8 stack-trace API, which JavaScriptCore also has). Formatting the call sites ourselves
 * matters on JavaScriptCore: its default `stack` prints wasm frames as `at unknown`.
 */
const captureStack = (omitAbove: Function): string => {
  const ctor = Error as V8ErrorConstructor;
  const prev = ctor.stackTraceLimit;
  const prevPrepare = ctor.prepareStackTrace;
  if (typeof prev === 'number') ctor.stackTraceLimit = Math.max(prev, TRAP_STACK_LIMIT);
  try {
    if (typeof ctor.captureStackTrace === 'function') {
      ctor.prepareStackTrace = formatCallSites;
      const holder: { stack?: string } = {};
      ctor.captureStackTrace(holder, omitAbove);
      return String(holder.stack ?? '');
    }
    return new Error().stack ?? '';
  } finally {
    if (typeof prev === 'number') ctor.stackTraceLimit = prev;
    ctor.prepareStackTrace = prevPrepare;
  }
};

/** Lines of a stack string from its first frame on (the `Name: message` header dropped). */
const framesOf = (stack: string): string => {
  const lines = stack.split('\n');
  const first = lines.findIndex((l) => /^\s+at\s|@/.test(l));
  return first < 0 ? '' : lines.slice(first).join('\n');
};

/** A guest trap. `code` names the reason; `backtrace` lists guest frames, innermost first. */
export class Trap extends Error {
  override readonly name = 'Trap';
  /** Why the guest trapped (abi/trap-codes.ts). */
  readonly code: TrapCodeName;
  readonly #hostStack: string;
  readonly #hint: CompiledArtifact | undefined;
  readonly #guestOffset: number | undefined;
  #backtrace: readonly BacktraceFrame[] | undefined;

  /** @param code the trap code; the message is its spec wording (`trapMessage`). */
  constructor(code: TrapCodeName, options: TrapOptions = {}) {
    const hostStack = options.stack ?? captureStack(new.target);
    super(trapMessage(code), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.#hostStack = hostStack;
    this.#hint = options.hint;
    this.#guestOffset = options.guestOffset;
    const frames = framesOf(hostStack);
    this.stack = `${this.name}: ${this.message}${frames ? `\n${frames}` : ''}`;
  }

  /** Guest frames (innermost first), mapped from the host stack through the compiled artifacts. */
  get backtrace(): readonly BacktraceFrame[] {
    this.#backtrace ??= guestBacktrace(this.#hostStack, this.#hint, this.#guestOffset);
    return this.#backtrace;
  }

  /** `Trap: <message> (<code>)` followed by one line per guest frame. */
  override toString(): string {
    const head = `${this.name}: ${this.message} (${this.code})`;
    return [head, ...this.backtrace.map((f) => `    at ${formatFrame(f)}`)].join('\n');
  }
}

/** Instantiation failed because an import is missing or has the wrong kind or type. */
export class LinkError extends Error {
  override readonly name = 'LinkError';
}

/**
 * Trap codes by host RuntimeError message (case-insensitive; first match wins).
 * V8, SpiderMonkey and JavaScriptCore wordings.
 */
const RUNTIME_ERROR_CODES: readonly (readonly [RegExp, TrapCodeName])[] = [
  [/unreachable/i, 'UnreachableCodeReached'],
  [/table index|table access|out of bounds call_indirect|element segment/i, 'TableOutOfBounds'],
  [/indirect call to null|null table entry/i, 'IndirectCallToNull'],
  [/signature mismatch|signature that does not match/i, 'BadSignature'],
  [/memory access|index out of bounds|data segment/i, 'MemoryOutOfBounds'],
  [/divide by zero|remainder by zero|division by zero/i, 'IntegerDivisionByZero'],
  [/unrepresentable in integer|conversion to integer|trunc/i, 'BadConversionToInteger'],
  [/divide result unrepresentable|integer overflow/i, 'IntegerOverflow'],
  [/null pointer|null reference/i, 'NullReference'],
  [/array element|array access/i, 'ArrayOutOfBounds'],
  [/illegal cast|bad cast|cast failure/i, 'CastFailure'],
  [/too large/i, 'AllocationTooLarge'],
];

/** The trap code for a host RuntimeError message, if it is one we know. */
export const trapCodeForHostMessage = (message: string): TrapCodeName | undefined =>
  RUNTIME_ERROR_CODES.find(([re]) => re.test(message))?.[1];

/** True for the host's stack-exhaustion error (V8/JSC RangeError, SpiderMonkey InternalError). */
const isStackOverflow = (e: unknown): e is Error =>
  e instanceof Error &&
  ((e instanceof RangeError && /call stack/i.test(e.message)) ||
    (e.name === 'InternalError' && /too much recursion/i.test(e.message)));

/**
 * Translates an error thrown by host-level guest code: a `Trap` is returned unchanged, the host
 * engine's `WebAssembly.RuntimeError` becomes a `Trap` with the matching code, stack exhaustion
 * becomes `Trap` StackOverflow; anything else (host JS errors, TypeErrors) is returned untouched.
 * Use as `throw translateError(e)`. `hint` is the artifact of the code that ran (see backtrace.ts).
 */
export const translateError = (e: unknown, hint?: CompiledArtifact): unknown => {
  if (e instanceof Trap) return e;
  if (e instanceof HostWebAssembly.RuntimeError) {
    const code = trapCodeForHostMessage(e.message);
    return code === undefined ? e : new Trap(code, { stack: e.stack ?? '', cause: e, hint });
  }
  if (isStackOverflow(e)) return new Trap('StackOverflow', { stack: e.stack ?? '', cause: e, hint });
  return e;
};
