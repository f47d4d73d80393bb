/**
 * DecodeContext: state shared by the section decoders of one module — the reader,
 * the ModuleInfo being filled, and the first deferred (validation/unsupported) error.
 */
import { CompileError, UnsupportedError } from '../compile-error.js';
import { IMPL_LIMITS, type ImplLimitName } from './limits.js';
import type { ModuleInfo } from './module-info.js';
import type { BinaryReader } from './reader.js';

/**
 * Malformed input throws at once. Validation failures and unsupported features are
 * deferred: the first one is kept and thrown after the whole module has decoded, so
 * that (as in the reference interpreter) decoding errors win over validation errors.
 */
export class DecodeContext {
  /** First deferred error, thrown by `finish`. */
  pending: CompileError | UnsupportedError | null = null;

  constructor(
    readonly r: BinaryReader,
    readonly info: ModuleInfo,
  ) {}

  /** Records a validation failure (kind 'invalid'); decoding continues. */
  invalid(offset: number, reason: string): void {
    this.pending ??= new CompileError(offset, reason, 'invalid');
  }

  /** Records use of a valid feature Windlass does not compile yet; decoding continues. */
  unsupported(offset: number, feature: string): void {
    this.pending ??= new UnsupportedError(offset, feature);
  }

  /** Throws at once when `count` exceeds the named implementation limit. */
  checkLimit(offset: number, name: ImplLimitName, count: number, what: string = name): void {
    const max = IMPL_LIMITS[name];
    if (count > max) throw new CompileError(offset, `too many ${what}: ${count} (implementation limit ${max})`, 'invalid');
  }
}
