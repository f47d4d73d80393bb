/**
 * Import matching (spec "external type matching"): checks that an extern supplied for an
 * import has the right kind and a matching type, throwing `LinkError` otherwise.
 */
import { funcTypeEquals } from '../abi/types.js';
import type { Limits } from '../abi/types.js';
import { externKind, externType, formatExternType } from './extern.js';
import type { Extern, ExternType } from './extern.js';
import { Func } from './func.js';
import { LinkError } from './trap.js';

/** Spec limits matching: actual min ≥ expected min; an expected max needs an actual max ≤ it. */
export const limitsMatch = (actual: Limits, expected: Limits): boolean =>
  actual.min >= expected.min &&
  (expected.max === undefined || (actual.max !== undefined && actual.max <= expected.max));

/** True when an extern of type `actual` can satisfy an import of type `expected`. */
export const externTypeMatches = (actual: ExternType, expected: ExternType): boolean => {
  switch (expected.kind) {
    case 'function':
      return actual.kind === 'function' && funcTypeEquals(actual.type, expected.type);
    case 'table':
      return actual.kind === 'table' && actual.type.elemType === expected.type.elemType &&
        limitsMatch(actual.type.limits, expected.type.limits);
    case 'memory':
      return actual.kind === 'memory' && (actual.type.shared === true) === (expected.type.shared === true) &&
        limitsMatch(actual.type.limits, expected.type.limits);
    case 'global':
      return actual.kind === 'global' && actual.type.type === expected.type.type &&
        actual.type.mutable === expected.type.mutable;
  }
};

/**
 * Checks `actual` against import `module`.`name` of type `expected`; throws LinkError
 * ("incompatible import type") naming the import and both types. A function reference of
 * unknown type (see `Func.type`) is left to the host's own instantiation check.
 */
export const checkImport = (module: string, name: string, expected: ExternType, actual: Extern): void => {
  if (actual instanceof Func && actual.typeIfKnown === undefined) {
    if (expected.kind === 'function') return;
  } else if (externTypeMatches(externType(actual), expected)) {
    return;
  }
  const got = actual instanceof Func && actual.typeIfKnown === undefined ? 'func (unknown type)' : formatExternType(externType(actual));
  throw new LinkError(
    `incompatible import type for \`${module}\`.\`${name}\`: expected ${formatExternType(expected)}, got ${got}` +
      (externKind(actual) === expected.kind ? '' : ` (a ${externKind(actual)}, not a ${expected.kind})`),
  );
};

/** LinkError for an import the linker has no definition for. */
export const unknownImport = (module: string, name: string, expected: ExternType): LinkError =>
  new LinkError(`unknown import: \`${module}\`.\`${name}\` (${formatExternType(expected)}) has not been defined`);
