/** Builtin `trap(guestOffset, code)`: throws the runtime's `Trap` for a trap code id raised by compiled code. */
import { trapCodeName } from '../../abi/trap-codes.js';
import { Trap } from '../trap.js';
import type { BuiltinContext } from './context.js';

/** Creates the `trap` builtin for one instance. */
export const trapBuiltin = (ctx: BuiltinContext) => (guestOffset: number, code: number): never => {
  const name = trapCodeName(code);
  if (name === undefined) throw new Error(`internal error: compiled code raised unknown trap code ${code}`);
  // the trap unwinds guest frames past their epilogues: give the call-depth budget back
  ctx.store.resetCallDepth();
  throw new Trap(name, { hint: ctx.artifact, guestOffset });
};
