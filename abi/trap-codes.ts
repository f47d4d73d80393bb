/**
 * Trap codes: the one list of reasons a guest can trap. Compiled code passes
 * the numeric `id` to the `trap` builtin; the runtime's `Trap` carries the name.
 * Messages are the spec interpreter's wording so spec scripts can compare prefixes.
 */

export const TRAP_CODES = [
  { name: 'UnreachableCodeReached', id: 0, message: 'unreachable' },
  { name: 'MemoryOutOfBounds', id: 1, message: 'out of bounds memory access' },
  { name: 'TableOutOfBounds', id: 2, message: 'out of bounds table access' },
  { name: 'IndirectCallToNull', id: 3, message: 'uninitialized element' },
  { name: 'BadSignature', id: 4, message: 'indirect call type mismatch' },
  { name: 'IntegerOverflow', id: 5, message: 'integer overflow' },
  { name: 'IntegerDivisionByZero', id: 6, message: 'integer divide by zero' },
  { name: 'BadConversionToInteger', id: 7, message: 'invalid conversion to integer' },
  { name: 'StackOverflow', id: 8, message: 'call stack exhausted' },
  { name: 'NullReference', id: 9, message: 'null reference' },
  { name: 'ArrayOutOfBounds', id: 10, message: 'out of bounds array access' },
  { name: 'CastFailure', id: 11, message: 'cast failure' },
  { name: 'OutOfFuel', id: 12, message: 'all fuel consumed by WebAssembly' },
  { name: 'AllocationTooLarge', id: 13, message: 'allocation size too large' },
  { name: 'Interrupt', id: 14, message: 'interrupt' },
] as const;

export type TrapCodeName = (typeof TRAP_CODES)[number]['name'];

/** Numeric ids by name, e.g. `TrapCode.MemoryOutOfBounds === 1`. */
export const TrapCode = Object.fromEntries(TRAP_CODES.map((c) => [c.name, c.id])) as {
  readonly [K in TrapCodeName]: Extract<(typeof TRAP_CODES)[number], { name: K }>['id'];
};
export type TrapCode = (typeof TRAP_CODES)[number]['id'];

export const trapCodeName = (id: number): TrapCodeName | undefined => TRAP_CODES.find((c) => c.id === id)?.name;
export const trapMessage = (name: TrapCodeName): string => TRAP_CODES.find((c) => c.name === name)!.message;
