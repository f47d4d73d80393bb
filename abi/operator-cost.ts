/**
 * Fuel costs (Wasmtime's defaults): the flat cost of each operator, the per-unit cost of bulk
 * operators whose work depends on an operand, and the cost of entering a function.
 * docs/fuel.md explains when costs are charged; the compiler derives everything from here.
 */

/** One-byte opcodes that cost nothing: nop, drop, block, loop, unreachable, return, else, end. */
export const FREE_OPCODES = [0x01, 0x1a, 0x02, 0x03, 0x00, 0x0f, 0x05, 0x0b] as const;

/** Flat fuel cost by first opcode byte: 0 for `FREE_OPCODES`, 1 for every other operator (prefixed ones included). */
export const OPERATOR_COST: Readonly<Uint8Array> = (() => {
  const t = new Uint8Array(256).fill(1);
  for (const op of FREE_OPCODES) t[op] = 0;
  return t;
})();

/** Charged on every function entry ("even empty functions consume fuel"). */
export const FUNCTION_ENTRY_COST = 1;

/** Extra fuel per unit of work for operators whose work is a run-time operand (the length or delta). */
export const VARIABLE_COST = {
  memoryCopyPerByte: 1,
  memoryFillPerByte: 1,
  memoryInitPerByte: 1,
  /** `memory.grow` has no per-page charge (as in Wasmtime). */
  memoryGrowPerPage: 0,
  tableCopyPerElement: 1,
  tableFillPerElement: 1,
  tableInitPerElement: 1,
  /** Charged for the requested delta, whether or not the growth succeeds. */
  tableGrowPerElement: 1,
} as const;

/**
 * A bulk operator whose variable cost is a compile-time constant of at most this much fuel gets
 * no fuel check of its own; any other bulk operator is checked after charging, like a loop header.
 */
export const SMALL_BULK_OP_COST = 128;
