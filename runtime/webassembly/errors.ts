/**
 * The facade's own CompileError / LinkError / RuntimeError (callable with or without `new`,
 * like the standard ones) and the conversion of Windlass errors into them.
 */
import { Trap, LinkError as RtLinkError } from '../index.js';
import type { BacktraceFrame } from '../index.js';
import { CompileError as WinchCompileError, UnsupportedError } from '../../winch/compile-error.js';
import type { TrapCodeName } from '../../abi/trap-codes.js';
import { translateError } from '../trap.js';
import type { CompiledArtifact } from '../../abi/artifact.js';
import { withHostGlobal } from './host.js';

export type { BacktraceFrame };

/** Makes a class also callable without `new` (the standard error constructors are). */
const callable = <C extends new (message?: string) => Error>(cls: C): C & ((message?: string) => InstanceType<C>) =>
  new Proxy(cls, {
    apply: (target, _this, args: unknown[]) => Reflect.construct(target, args),
  }) as C & ((message?: string) => InstanceType<C>);

const ordinaryHasInstance = (ctor: unknown, v: unknown): boolean =>
  Function.prototype[Symbol.hasInstance].call(ctor, v);

class CompileErrorImpl extends Error {
  /** A Windlass `CompileError` or `UnsupportedError` also counts as an instance. */
  static override [Symbol.hasInstance](v: unknown): v is CompileErrorImpl {
    return ordinaryHasInstance(this, v) ||
      (this === CompileError && (v instanceof WinchCompileError || v instanceof UnsupportedError));
  }
}

class LinkErrorImpl extends Error {
  /** A Windlass runtime `LinkError` also counts as an instance. */
  static override [Symbol.hasInstance](v: unknown): v is LinkErrorImpl {
    return ordinaryHasInstance(this, v) || (this === LinkError && v instanceof RtLinkError);
  }
}

class RuntimeErrorImpl extends Error {
  /** Windlass trap code when this error comes from a guest trap. */
  declare readonly code?: TrapCodeName;
  /** Guest backtrace (innermost first) when this error comes from a guest trap. */
  declare readonly backtrace?: readonly BacktraceFrame[];

  /** A raw Windlass `Trap` also counts as an instance. */
  static override [Symbol.hasInstance](v: unknown): v is RuntimeErrorImpl {
    return ordinaryHasInstance(this, v) || (this === RuntimeError && v instanceof Trap);
  }
}

for (const [cls, name] of [[CompileErrorImpl, 'CompileError'], [LinkErrorImpl, 'LinkError'], [RuntimeErrorImpl, 'RuntimeError']] as const) {
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}

/** The facade's `WebAssembly.CompileError`. */
export const CompileError = callable(CompileErrorImpl);
export type CompileError = CompileErrorImpl;
/** The facade's `WebAssembly.LinkError`. */
export const LinkError = callable(LinkErrorImpl);
export type LinkError = LinkErrorImpl;
/** The facade's `WebAssembly.RuntimeError`; from a trap it carries `code` and `backtrace`. */
export const RuntimeError = callable(RuntimeErrorImpl);
export type RuntimeError = RuntimeErrorImpl;

type StackCapture = { captureStackTrace?: (target: object, above?: Function) => void };

/** JS stack frames of the current call, starting below `above` where the host can do that (V8). */
const callerFrames = (above: Function | undefined): string[] => {
  const holder: { stack?: string } = {};
  const capture = (Error as StackCapture).captureStackTrace;
  if (capture && above) capture(holder, above);
  else holder.stack = new Error().stack;
  return (holder.stack ?? '').split('\n').slice(1);
};

/**
 * A facade RuntimeError for `trap`, keeping its `code`, its guest `backtrace` and (as `cause`)
 * the trap. The stack text lists the guest frames, then the JS frames below `above` (the
 * facade function the caller called). Backtrace and stack text are computed lazily.
 */
export const runtimeErrorFromTrap = (trap: Trap, above?: Function): RuntimeError => {
  const e = new RuntimeError(trap.message);
  const ownFrames = callerFrames(above);
  let stack: string | undefined;
  Object.defineProperties(e, {
    code: { value: trap.code, enumerable: true, configurable: true },
    backtrace: { get: () => trap.backtrace, enumerable: true, configurable: true },
    cause: { value: trap, writable: true, configurable: true },
    stack: {
      get: () => (stack ??= [`RuntimeError: ${trap.message} (${trap.code})`, ...trap.toString().split('\n').slice(1), ...ownFrames].join('\n')),
      set: (v: string) => { stack = v; },
      configurable: true,
    },
  });
  return e;
};

const withCause = <E extends Error>(e: E, cause: unknown): E => {
  Object.defineProperty(e, 'cause', { value: cause, writable: true, configurable: true });
  return e;
};

/**
 * Converts an error escaping Windlass into what the standard API would throw: Trap →
 * RuntimeError, winch CompileError/UnsupportedError → CompileError,
 * runtime LinkError → LinkError. Anything else (JS exceptions from imports, TypeError,
 * RangeError, facade errors) passes through unchanged.
 */
export const toFacadeError = (e: unknown, above?: Function): unknown => {
  if (e instanceof RuntimeErrorImpl || e instanceof CompileErrorImpl || e instanceof LinkErrorImpl) return e;
  if (e instanceof Trap) return runtimeErrorFromTrap(e, above);
  if (e instanceof WinchCompileError || e instanceof UnsupportedError) return withCause(new CompileError(e.message), e);
  if (e instanceof RtLinkError) return withCause(new LinkError(e.message), e);
  return e;
};

/**
 * Like `toFacadeError` for an error thrown by calling a raw host function directly: the host
 * engine's own trap errors are first turned into a `Trap` by the runtime's `translateError`
 * (`owner`: artifact of the called function, for the backtrace; `above`: the facade function
 * called, whose frame and those above it are left out of the stack text).
 */
export const hostCallError = (e: unknown, owner: CompiledArtifact | undefined, above: Function): unknown =>
  toFacadeError(withHostGlobal(() => translateError(e, owner)), above);

/**
 * Runs `f` (runtime work) with the host API as `globalThis.WebAssembly` (see `withHostGlobal`),
 * rethrowing any error through `toFacadeError`.
 */
export const facadeBoundary = <T>(f: () => T, above?: Function): T => {
  try {
    return withHostGlobal(f);
  } catch (e) {
    throw toFacadeError(e, above);
  }
};
