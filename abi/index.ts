/** abi/: the contract between the compiler (winch/) and the runtime (runtime/). */
export * from './types.js';
export * from './trap-codes.js';
export * from './tunables.js';
export * from './builtins.js';
export * from './host-names.js';
export type * from './artifact.js';
export * from './operator-cost.js';
