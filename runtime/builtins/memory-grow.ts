/** Builtin `memory_grow(memIndex, delta)`: guest `memory.grow`, returning old pages or -1. */
import type { BuiltinContext } from './context.js';

/** Creates the `memory_grow` builtin for one instance. */
export const memoryGrowBuiltin = (ctx: BuiltinContext) => (memIndex: number, delta: number): number => {
  const memory = ctx.memories[memIndex];
  if (!memory) throw new Error(`internal error: memory_grow on memory ${memIndex} of ${ctx.memories.length}`);
  return memory.tryGrow(delta >>> 0);
};
