/**
 * CLI value conversion: command-line strings to JS API values per parameter type,
 * and results back to printable strings.
 */
import { ValType, valTypeName } from '../../abi/types.js';

/** Parses an integer literal (decimal or 0x hex, optional sign, `_` separators) into a BigInt. */
const parseInteger = (s: string): bigint => {
  const t = s.replace(/_/g, '');
  const m = /^([+-]?)(0x[0-9a-f]+|[0-9]+)$/i.exec(t);
  if (!m) throw new Error(`not an integer: "${s}"`);
  const mag = BigInt(m[2]!);
  return m[1] === '-' ? -mag : mag;
};

/** Parses a float literal: decimal (JS syntax), `nan`, `inf`, `infinity`, with optional sign. */
const parseFloatArg = (s: string): number => {
  const t = s.trim().toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  const n = Number(t);
  if (t === '' || Number.isNaN(n)) throw new Error(`not a number: "${s}"`);
  return n;
};

/** Converts a command-line argument to the JS API value for a parameter of type `t`. */
export const parseCliArg = (t: ValType, s: string): unknown => {
  switch (t) {
    case ValType.i32: {
      const v = parseInteger(s);
      if (v < -(2n ** 31n) || v >= 2n ** 32n) throw new Error(`i32 out of range: "${s}"`);
      return Number(BigInt.asIntN(32, v));
    }
    case ValType.i64: {
      const v = parseInteger(s);
      if (v < -(2n ** 63n) || v >= 2n ** 64n) throw new Error(`i64 out of range: "${s}"`);
      return BigInt.asIntN(64, v);
    }
    case ValType.f32: return Math.fround(parseFloatArg(s));
    case ValType.f64: return parseFloatArg(s);
    case ValType.funcref:
    case ValType.externref:
      if (s === 'null') return null;
      throw new Error(`${valTypeName(t)} arguments can only be "null"`);
    default: throw new Error(`cannot pass ${valTypeName(t)} arguments from the command line`);
  }
};

/** Formats a result of type `t`: integers signed decimal, floats as JS numbers, refs by kind. */
export const formatCliResult = (t: ValType, v: unknown): string => {
  switch (t) {
    case ValType.i32: return String(Number(v) | 0);
    case ValType.i64: return String(BigInt.asIntN(64, BigInt(v as bigint)));
    case ValType.f32:
    case ValType.f64: return Object.is(v, -0) ? '-0' : String(v);
    default:
      if (v === null) return 'null';
      return t === ValType.funcref ? 'funcref' : valTypeName(t);
  }
};

/** True for tokens that parseArgs would mistake for options but are negative numbers. */
export const looksLikeNegativeNumber = (s: string): boolean => /^-(\d|\.\d|inf|nan|infinity)/i.test(s);
