/** Builtin `out_of_fuel()`: the store refuels (reserve, deadline slice, callback) or throws the trap. */
import type { BuiltinContext } from './context.js';

/** Creates the `out_of_fuel` builtin for one instance. */
export const outOfFuelBuiltin = (ctx: BuiltinContext) => (): void => {
  try {
    ctx.store.fuelTank.outOfFuel(ctx.artifact);
  } catch (e) {
    ctx.store.resetCallDepth();
    throw e;
  }
};
