/** The builtins every host module imports (abi/builtins.ts), bound to one instance. */
import type { BuiltinName } from '../../abi/builtins.js';
import type { BuiltinContext } from './context.js';
import { epochDeadlineBuiltin } from './epoch-deadline.js';
import { memoryGrowBuiltin } from './memory-grow.js';
import { outOfFuelBuiltin } from './out-of-fuel.js';
import { trapBuiltin } from './trap.js';

export type { BuiltinContext } from './context.js';

/** The host import functions for module `HOST_BUILTIN_MODULE`, one per builtin. */
export const createBuiltins = (ctx: BuiltinContext) =>
  ({
    trap: trapBuiltin(ctx),
    memory_grow: memoryGrowBuiltin(ctx),
    out_of_fuel: outOfFuelBuiltin(ctx),
    epoch_deadline: epochDeadlineBuiltin(ctx),
  }) satisfies Record<BuiltinName, (...args: never[]) => unknown>;
