/**
 * ValRaw: the array-call ABI's value slot. Every call between host and guest can pass its
 * arguments and results as an array of 16-byte slots in a host memory (Wasmtime's array-call
 * convention): numbers little-endian at the slot's start, v128 filling it; a reference in slot
 * i travels in entry i of the call's reference table of its kind (funcref or externref), since
 * references cannot be stored in linear memory.
 */

/** Bytes per slot (fits a v128). */
export const VALRAW_SIZE = 16;

/** Byte offset of slot `i`. */
export const valRawOffset = (i: number): number => i * VALRAW_SIZE;

/** Most slots one call may use (arguments or results): the JS API's limit of 1000 params/results. */
export const VALRAW_MAX_SLOTS = 1000;
