/**
 * Parsing of the JS API's descriptor dictionaries (Memory, Table, Global) into abi types,
 * with the standard TypeError / RangeError behaviour.
 */
import { ValType } from '../../abi/types.js';
import type { GlobalType, MemoryType, TableType } from '../../abi/types.js';
import { MAX_TABLE_ELEMENTS, MAX_WASM32_PAGES } from '../../abi/tunables.js';
import { isObject } from './host.js';

/** WebIDL `[EnforceRange] unsigned long`: finite, truncated, in [0, 2^32). */
export const enforceU32 = (v: unknown, what: string): number => {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new TypeError(`${what} must be convertible to a valid number`);
  const t = Math.trunc(x);
  if (t < 0 || t > 0xffff_ffff) throw new TypeError(`${what} must be in the unsigned long range`);
  return t;
};

const descriptorObject = (d: unknown, what: string): Record<string, unknown> => {
  if (!isObject(d)) throw new TypeError(`${what}: Argument 0 must be a descriptor object`);
  return d as Record<string, unknown>;
};

/** Reads `initial` (or its alias `minimum`) and `maximum` with their range checks. */
const readLimits = (d: Record<string, unknown>, what: string, cap: number): { min: number; max?: number } => {
  const rawInitial = d['initial'] ?? d['minimum'];
  if (rawInitial === undefined) throw new TypeError(`${what}: Property 'initial' is required`);
  const min = enforceU32(rawInitial, `${what}: Property 'initial'`);
  const max = d['maximum'] === undefined ? undefined : enforceU32(d['maximum'], `${what}: Property 'maximum'`);
  if (min > cap) throw new RangeError(`${what}: Property 'initial': value ${min} is above the upper bound ${cap}`);
  if (max !== undefined && max < min) throw new RangeError(`${what}: Property 'maximum': value ${max} is below the lower bound ${min}`);
  if (max !== undefined && max > cap) throw new RangeError(`${what}: Property 'maximum': value ${max} is above the upper bound ${cap}`);
  return max === undefined ? { min } : { min, max };
};

/** `new Memory({initial, maximum, shared})` descriptor → MemoryType. */
export const parseMemoryDescriptor = (d: unknown): MemoryType => {
  const o = descriptorObject(d, 'WebAssembly.Memory()');
  const limits = readLimits(o, 'WebAssembly.Memory()', MAX_WASM32_PAGES);
  const shared = Boolean(o['shared']);
  if (shared && limits.max === undefined) throw new TypeError('WebAssembly.Memory(): a shared memory needs a maximum');
  return shared ? { limits, shared } : { limits };
};

/** The element type names `Table` accepts. */
const ELEMENT_TYPES: Readonly<Record<string, ValType>> = { anyfunc: ValType.funcref, funcref: ValType.funcref, externref: ValType.externref };

/** `new Table({element, initial, maximum})` descriptor → TableType. */
export const parseTableDescriptor = (d: unknown): TableType => {
  const o = descriptorObject(d, 'WebAssembly.Table()');
  const element = String(o['element']);
  const elemType = Object.hasOwn(ELEMENT_TYPES, element) ? ELEMENT_TYPES[element] : undefined;
  if (elemType === undefined) {
    throw new TypeError(`WebAssembly.Table(): Descriptor property 'element' must be a WebAssembly reference type, got '${element}'`);
  }
  return { elemType, limits: readLimits(o, 'WebAssembly.Table()', MAX_TABLE_ELEMENTS) };
};

/** The value type names `Global` accepts. */
const VALUE_TYPES: Readonly<Record<string, ValType>> = {
  i32: ValType.i32, i64: ValType.i64, f32: ValType.f32, f64: ValType.f64,
  anyfunc: ValType.funcref, funcref: ValType.funcref, externref: ValType.externref,
};

/** `new Global({value, mutable})` descriptor → GlobalType (v128 is rejected like the real API). */
export const parseGlobalDescriptor = (d: unknown): GlobalType => {
  const o = descriptorObject(d, 'WebAssembly.Global()');
  const mutable = Boolean(o['mutable']);
  const value = String(o['value']);
  const type = Object.hasOwn(VALUE_TYPES, value) ? VALUE_TYPES[value] : undefined;
  if (type === undefined) {
    throw new TypeError(`WebAssembly.Global(): Descriptor property 'value' must be a WebAssembly type, got '${value}'`);
  }
  return { type, mutable };
};

/** The JS API's DefaultValue(type): 0, 0n, null for funcref, undefined for externref. */
export const defaultJsValue = (t: ValType): unknown => {
  switch (t) {
    case ValType.i64: return 0n;
    case ValType.funcref: return null;
    case ValType.externref: return undefined;
    default: return 0;
  }
};
