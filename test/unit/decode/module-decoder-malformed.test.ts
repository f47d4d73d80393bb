// decodeModule on malformed binaries: kind 'malformed' with the reference interpreter's wording.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import { HEADER, TYPE_VOID, expectCompileError, mod, section, str, uleb, vec } from './wasm-fixtures.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const FUNC0 = section(3, vec([[0x00]]));
const CODE0 = section(10, vec([[0x02, 0x00, 0x0b]]));

describe('decodeModule header', () => {
  it('needs the whole preamble', () => {
    expectCompileError(bytes(), 'malformed', 'unexpected end');
    expectCompileError(bytes(0x00, 0x61, 0x73), 'malformed', 'unexpected end');
    expectCompileError(bytes(0x00, 0x61, 0x73, 0x6d, 0x01), 'malformed', 'unexpected end');
  });

  it('checks the magic and the version', () => {
    expectCompileError(bytes(0x00, 0x41, 0x53, 0x4d, 0x01, 0x00, 0x00, 0x00), 'malformed', 'magic header not detected');
    expectCompileError(bytes(0xef, 0xbb, 0xbf, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00), 'malformed', 'magic header not detected');
    expectCompileError(bytes(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x00, 0x00), 'malformed', 'unknown binary version');
    expectCompileError(bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x01), 'malformed', 'unknown binary version');
  });
});

describe('decodeModule section framing', () => {
  it('rejects unknown section ids', () => {
    expectCompileError(mod([0x0e, 0x01, 0x00]), 'malformed', 'malformed section id');
    expectCompileError(mod([0x7f, 0x01, 0x00]), 'malformed', 'malformed section id');
    expectCompileError(mod([0x80, 0x00, 0x01, 0x01, 0x00]), 'malformed', 'malformed section id');
  });

  it('rejects section sizes beyond the module ("length out of bounds")', () => {
    expectCompileError(mod([0x01, 0x07, 0x02, 0x60, 0x00, 0x00]), 'malformed', 'length out of bounds');
    expectCompileError(mod([0x00, 0x61, ...HEADER]), 'malformed', 'length out of bounds');
  });

  it('rejects content not matching the declared size', () => {
    expectCompileError(mod([0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00]), 'malformed', 'section size mismatch');
    expectCompileError(mod(section(6, [0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x7f, 0x00, 0x41, 0x00, 0x0b])), 'malformed', 'section size mismatch');
  });

  it('rejects vectors running off the end', () => {
    expectCompileError(mod([0x06, 0x06, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0b]), 'malformed', 'unexpected end');
    expectCompileError(mod([0x04, 0x01, 0x01]), 'malformed', 'unexpected end');
    expectCompileError(mod([0x05, 0x01, 0x01]), 'malformed', 'unexpected end');
  });

  it('reads a vector across its section end like the reference (then "length out of bounds")', () => {
    // Export section claims 2 exports but holds 1; the 2nd name length is read from the next section.
    const m = mod(TYPE_VOID, section(3, vec([[0x00], [0x00]])),
      [0x07, 0x06, 0x02, 0x02, 0x66, 0x31, 0x00, 0x00],
      section(10, vec([[0x02, 0x00, 0x0b], [0x02, 0x00, 0x0b]])));
    expectCompileError(m, 'malformed', 'length out of bounds');
  });

  it('requires non-custom sections in order and at most once', () => {
    expectCompileError(mod(TYPE_VOID, TYPE_VOID), 'malformed', 'unexpected content after last section');
    expectCompileError(mod(section(3, vec([])), section(2, vec([]))), 'malformed', 'unexpected content after last section');
    expectCompileError(mod(section(10, vec([])), section(12, uleb(0))), 'malformed', 'unexpected content after last section');
    expectCompileError(mod(section(12, uleb(0)), section(9, vec([]))), 'malformed', 'unexpected content after last section');
    expectCompileError(mod(section(11, vec([])), section(10, vec([]))), 'malformed', 'unexpected content after last section');
    // data count between element and code is fine; custom sections go anywhere
    decodeModule(mod(section(9, vec([])), section(0, str('x')), section(12, uleb(0)), section(10, vec([])), section(0, str('y'))));
  });

  it('checks function/code and data count/data consistency at the end', () => {
    expectCompileError(mod(TYPE_VOID, section(3, vec([[0x00], [0x00]]))), 'malformed', 'function and code section have inconsistent lengths');
    expectCompileError(mod(CODE0), 'malformed', 'function and code section have inconsistent lengths');
    expectCompileError(mod(TYPE_VOID, FUNC0, section(10, vec([[0x02, 0x00, 0x0b], [0x02, 0x00, 0x0b]]))), 'malformed', 'function and code section have inconsistent lengths');
    expectCompileError(mod(section(12, uleb(1))), 'malformed', 'data count and data section have inconsistent lengths');
    expectCompileError(mod(section(5, vec([[0x00, 0x01]])), section(12, uleb(1)), section(11, vec([]))), 'malformed', 'data count and data section have inconsistent lengths');
    // ...but after "unexpected content" (the reference stops reading there)
    expectCompileError(mod(TYPE_VOID, section(3, vec([[0x00], [0x00]])), CODE0, CODE0), 'malformed', 'unexpected content after last section');
  });

  it('rejects a function body running past the module end', () => {
    expectCompileError(mod(TYPE_VOID, FUNC0, [0x0a, 0x04, 0x01, 0x03, 0x00, 0x0b]), 'malformed', 'unexpected end');
    expectCompileError(mod(TYPE_VOID, FUNC0, [0x0a, 0x04, 0x01, 0x05, 0x00, 0x0b]), 'malformed', 'length out of bounds');
  });
});

describe('decodeModule malformed section contents', () => {
  it('custom section names', () => {
    expectCompileError(mod([0x00]), 'malformed', 'unexpected end');
    expectCompileError(mod([0x00, 0x00]), 'malformed', 'unexpected end');
    expectCompileError(mod([0x00, 0x00, 0x00, 0x05, 0x01, 0x00]), 'malformed', 'unexpected end'); // name beyond size 0
    expectCompileError(mod(section(0, [0x02, 0xc0, 0x80])), 'malformed', 'malformed UTF-8 encoding');
  });

  it('type section forms and value types', () => {
    expectCompileError(mod(section(1, vec([[0x61, 0x00, 0x00]]))), 'malformed', 'malformed definition type');
    expectCompileError(mod(section(1, vec([[0xe0, 0x7f, 0x00, 0x00]]))), 'malformed', 'integer representation too long');
    expectCompileError(mod(section(1, vec([[0x60, 0x01, 0x40, 0x00]]))), 'malformed', 'malformed reference type');
    expectCompileError(mod(section(1, vec([[0x60, 0x01, 0x00, 0x00]]))), 'malformed', 'malformed reference type');
  });

  it('import kinds, names and mutability', () => {
    expectCompileError(mod(section(2, vec([[...str('a'), ...str('b'), 0x05, 0x00]]))), 'malformed', 'malformed import kind');
    expectCompileError(mod(section(2, vec([[...str('a'), ...str('b'), 0x80, 0x00]]))), 'malformed', 'malformed import kind');
    expectCompileError(mod(section(2, vec([[0x01, 0xff, ...str('b'), 0x03, 0x7f, 0x00]]))), 'malformed', 'malformed UTF-8 encoding');
    expectCompileError(mod(section(2, vec([[...str('a'), ...str('b'), 0x03, 0x7f, 0x02]]))), 'malformed', 'malformed mutability');
    expectCompileError(mod(section(6, vec([[0x7f, 0xff, 0x41, 0x00, 0x0b]]))), 'malformed', 'malformed mutability');
  });

  it('limits flags', () => {
    expectCompileError(mod(section(4, vec([[0x70, 0x08, 0x00]]))), 'malformed', 'malformed limits flags');
    expectCompileError(mod(section(4, vec([[0x70, 0x02, 0x00]]))), 'malformed', 'malformed limits flags');
    expectCompileError(mod(section(5, vec([[0x08, 0x00]]))), 'malformed', 'malformed limits flags');
    expectCompileError(mod(section(5, vec([[0x81, 0x00, 0x00]]))), 'malformed', 'malformed limits flags');
  });

  it('limits are u64 LEB128s', () => {
    expectCompileError(mod(section(5, vec([[0x00, ...Array(10).fill(0x80), 0x00]]))), 'malformed', 'integer representation too long');
    expectCompileError(mod(section(5, vec([[0x00, ...Array(9).fill(0x80), 0x02]]))), 'malformed', 'integer too large');
  });

  it('export kinds', () => {
    expectCompileError(mod(TYPE_VOID, FUNC0, section(7, vec([[...str('a'), 0x05, 0x00]])), CODE0), 'malformed', 'malformed export kind');
  });

  it('element segments', () => {
    const table = section(4, vec([[0x70, 0x00, 0x01]]));
    expectCompileError(mod(TYPE_VOID, FUNC0, table, section(9, vec([[0x08]])), CODE0), 'malformed', 'malformed elements segment kind');
    expectCompileError(mod(TYPE_VOID, FUNC0, table, section(9, vec([[0x01, 0x01, 0x00]])), CODE0), 'malformed', 'malformed element kind');
    expectCompileError(mod(TYPE_VOID, FUNC0, table, section(9, vec([[0x05, 0x7f, 0x01, 0xd2, 0x00, 0x0b]])), CODE0), 'malformed', 'malformed reference type');
  });

  it('data segments', () => {
    const mem = section(5, vec([[0x00, 0x01]]));
    expectCompileError(mod(mem, section(11, vec([[0x03]]))), 'malformed', 'malformed data segment kind');
    expectCompileError(mod(mem, section(11, [0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x61])), 'malformed', 'unexpected end');
    expectCompileError(mod(mem, section(11, [0x01, 0x00, 0x41, 0x00, 0x0b, 0x05, 0x61])), 'malformed', 'length out of bounds');
  });

  it('constant expressions', () => {
    const g = (...expr: number[]): Uint8Array => mod(section(6, vec([[0x7f, 0x00, ...expr]])));
    expectCompileError(g(0x41, 0x00), 'malformed', 'unexpected end');
    expectCompileError(g(0x41, 0x00, 0x05), 'malformed', 'END opcode expected');
    expectCompileError(g(0xf3, 0x0b), 'malformed', 'illegal opcode f3');
    expectCompileError(g(0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b), 'malformed', 'integer representation too long');
    expectCompileError(g(0x41, 0xff, 0xff, 0xff, 0xff, 0x4f, 0x0b), 'malformed', 'integer too large');
    expectCompileError(g(0xfc, 0x12, 0x0b), 'malformed', 'illegal opcode fc 12');
    // A malformed instruction after a non-constant one is still 'malformed'.
    expectCompileError(g(0x01, 0x06, 0x0b), 'malformed', 'illegal opcode 06');
    expectCompileError(g(0x02, 0x40, 0x41, 0x00, 0x0b), 'malformed', 'unexpected end');
  });
});
