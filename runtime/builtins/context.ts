/** What the builtins of one instance act on: its store, its memories and its compiled artifact. */
import type { CompiledArtifact } from '../../abi/artifact.js';
import type { Memory } from '../memory.js';
import type { Store } from '../store.js';

/** Per-instance state the builtins are bound to. */
export interface BuiltinContext {
  /** The store the instance lives in (fuel, call depth). */
  readonly store: Store;
  /** The instance's memories in guest index order (imported first). */
  readonly memories: readonly Memory[];
  /** The instance's compiled artifact (backtrace hint). */
  readonly artifact: CompiledArtifact;
}
