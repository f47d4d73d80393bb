// The `name` custom section: module/function names are read; a malformed name section never fails the module.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../winch/decode/module-decoder.js';
import { readNameSection } from '../../../winch/decode/name-section.js';
import { mod, section, str, uleb, vec, wat } from './wasm-fixtures.js';

const FUNCS3 = [
  section(1, vec([[0x60, 0x00, 0x00]])),
  section(3, vec([[0], [0], [0]])),
  section(10, vec([[2, 0, 0x0b], [2, 0, 0x0b], [2, 0, 0x0b]])),
];
const nameSection = (payload: number[]): number[] => section(0, [...str('name'), ...payload]);

describe('name section', () => {
  it('reads names written by wabt', async () => {
    const info = decodeModule(await wat('(module $mod (func $first) (func) (func $third))', {}, true));
    expect(info.moduleName).toBe('mod');
    expect(info.funcNames.get(0)).toBe('first');
    expect(info.funcNames.get(2)).toBe('third');
    expect(info.customSections.map((c) => c.name)).toContain('name');
  });

  it('reads module (0) and function (1) subsections and skips others', () => {
    const info = decodeModule(mod(...FUNCS3, nameSection([
      ...section(0, str('mod')),
      ...section(1, vec([[0x00, ...str('first')], [0x02, ...str('third')]])),
      ...section(2, vec([[0x00, 0x00]])), // local names: ignored
    ])));
    expect(info.moduleName).toBe('mod');
    expect(info.funcNames).toEqual(new Map([[0, 'first'], [2, 'third']]));
  });

  it('never fails the module on malformed content', () => {
    const cases: number[][] = [
      [0x00], // truncated subsection header
      [...section(0, [0x05, 0x61])], // name longer than the subsection
      [0x01, ...uleb(1000), 0x00], // subsection size beyond the section
      [...section(1, [0x02, 0x00, ...str('a')])], // function name vector claims 2, has 1
      [...section(1, vec([[0x00, 0x02, 0xc0, 0x80]]))], // malformed UTF-8
      [...section(1, [0xff, 0xff, 0xff, 0xff, 0xff, 0x0f])], // integer representation too long
    ];
    for (const payload of cases) {
      const info = decodeModule(mod(...FUNCS3, nameSection(payload)));
      expect(info.funcNames.size).toBe(0);
      expect(info.customSections).toHaveLength(1);
    }
  });

  it('keeps well-formed subsections next to malformed ones', () => {
    const out = readNameSection(new Uint8Array([
      ...section(0, str('ok')),
      ...section(1, [0x03, 0x00]), // malformed function names
    ]));
    expect(out.moduleName).toBe('ok');
    expect(out.funcNames).toBeUndefined();
  });

  it('ignores a subsection with trailing bytes', () => {
    const out = readNameSection(new Uint8Array([...section(0, [...str('x'), 0x00])]));
    expect(out.moduleName).toBeUndefined();
  });

  it('uses the first module-name subsection only', () => {
    const out = readNameSection(new Uint8Array([...section(0, str('a')), ...section(0, str('b'))]));
    expect(out.moduleName).toBe('a');
  });
});
