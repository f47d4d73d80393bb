/** Builtin `epoch_deadline()`: the store traps `Interrupt` or its callback sets a new deadline. */
import type { BuiltinContext } from './context.js';

/** Creates the `epoch_deadline` builtin for one instance. */
export const epochDeadlineBuiltin = (ctx: BuiltinContext) => (): void => {
  try {
    ctx.store.epochDeadline.reached(ctx.artifact);
  } catch (e) {
    ctx.store.resetCallDepth();
    throw e;
  }
};
