/** Builtin `trap(code)`: throws the runtime's `Trap` for a trap code id raised by compiled code. */
import { trapCodeName } from '../../abi/trap-codes.js';
import { Trap } from '../trap.js';
import type { BuiltinContext } from './context.js';

/** Creates the `trap` builtin for one instance. */
export const trapBuiltin = (ctx: BuiltinContext) => (code: number): never => {
  const name = trapCodeName(code);
  if (name === undefined) throw new Error(`internal error: compiled code raised unknown trap code ${code}`);
  // the trap unwinds guest frames past their epilogues: give the call-depth budget back
  ctx.store.resetCallDepth();
  throw new Trap(name, { hint: ctx.artifact });
};

/**
 * Creates the `trap_fuel` builtin: stores the fuel counter compiled code passes, then traps like
 * `trap` (without calling it: one JS frame less keeps the host's stack-trace budget for guest frames).
 */
export const trapFuelBuiltin = (ctx: BuiltinContext) => (counter: bigint, code: number): never => {
  ctx.store.fuelTank.global.value = counter;
  const name = trapCodeName(code);
  if (name === undefined) throw new Error(`internal error: compiled code raised unknown trap code ${code}`);
  ctx.store.resetCallDepth();
  throw new Trap(name, { hint: ctx.artifact });
};
