/**
 * `WebAssembly.validate` through Windlass: a guest Windlass rejects as malformed or invalid is
 * invalid; one it cannot compile yet (unsupported feature) is judged by the host engine.
 */
import type { Engine } from '../index.js';
import { compile } from '../../winch/index.js';
import { CompileError as WinchCompileError, UnsupportedError } from '../../winch/compile-error.js';
import { HostWebAssembly } from './host.js';

/** True when `bytes` is a valid module (compiled by winch only; no host compilation). */
export const validateBytes = (engine: Engine, bytes: Uint8Array<ArrayBuffer>): boolean => {
  try {
    compile(bytes, engine.tunables);
    return true;
  } catch (e) {
    if (e instanceof WinchCompileError) return false;
    if (e instanceof UnsupportedError) return HostWebAssembly.validate(bytes);
    throw e;
  }
};
