/**
 * Registry of compiled artifacts by host module name, so a host stack frame
 * (which names the host module) can be mapped back to its guest module.
 */
import type { CompiledArtifact } from '../abi/artifact.js';

const registry = new Map<string, WeakRef<CompiledArtifact>>();
let sinceSweep = 0;

/** Records `artifact` under its `hostModuleName` (weakly: it does not keep the artifact alive). */
export const registerArtifact = (artifact: CompiledArtifact): void => {
  if (++sinceSweep >= 256) {
    sinceSweep = 0;
    for (const [name, ref] of registry) if (ref.deref() === undefined) registry.delete(name);
  }
  registry.set(artifact.hostModuleName, new WeakRef(artifact));
};

/** The live artifact whose host module is named `hostModuleName`, if any. */
export const lookupArtifact = (hostModuleName: string): CompiledArtifact | undefined =>
  registry.get(hostModuleName)?.deref();
