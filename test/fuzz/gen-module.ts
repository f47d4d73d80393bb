// Assembles a complete guest module around generated function bodies: fixed type palette,
// a funcref table with every function, one memory, four globals, active + passive data.
import { F32, F64, I32, I64 } from './op-tables.js';
import { HEADER, concat, nameBytes, uleb, vec } from './wasm-bytes.js';

export interface Sig { readonly params: readonly number[]; readonly results: readonly number[]; }

/** The type section of every generated module. */
export const SIGS: readonly Sig[] = [
  { params: [], results: [] },
  { params: [I32], results: [I32] },
  { params: [I32, I64], results: [I64] },
  { params: [F32, F64], results: [F64] },
  { params: [I64, I32], results: [F32] },
  { params: [], results: [I32, I64] },
  { params: [I32], results: [] },
];

export interface GlobalDef { readonly type: number; readonly mutable: boolean; readonly init: readonly number[]; }

export const GLOBALS: readonly GlobalDef[] = [
  { type: I32, mutable: true, init: [0x41, 0x00] },
  { type: I64, mutable: true, init: [0x42, 0x07] },
  { type: F32, mutable: false, init: [0x43, 0x00, 0x00, 0xc0, 0x3f] },
  { type: F64, mutable: true, init: [0x44, 0, 0, 0, 0, 0, 0, 0, 0x80] },
];

export const MEMORY_PAGES = { min: 1, max: 2 } as const;
export const DATA_SEGMENTS = 2;

const section = (id: number, payload: readonly number[]): number[] => [id, ...uleb(payload.length), ...payload];

const sigBytes = (s: Sig): number[] => [0x60, ...vec(s.params.map((t) => [t])), ...vec(s.results.map((t) => [t]))];

/** funcTypes[i] is the SIGS index of function i; bodies[i] its encoded body (locals + code + end). */
export const assembleModule = (funcTypes: readonly number[], bodies: readonly number[][]): Uint8Array => {
  const n = funcTypes.length;
  const exports = [
    ...funcTypes.map((_, i) => [...nameBytes(`f${i}`), 0x00, ...uleb(i)]),
    [...nameBytes('mem'), 0x02, 0x00],
    ...GLOBALS.map((_, i) => [...nameBytes(`g${i}`), 0x03, i]),
  ];
  const data = new TextEncoder().encode('windlass fuzz data');
  return concat([
    HEADER,
    section(1, vec(SIGS.map(sigBytes))),
    section(3, vec(funcTypes.map((t) => uleb(t)))),
    section(4, vec([[0x70, 0x01, ...uleb(n), ...uleb(n + 4)]])),
    section(5, vec([[0x01, MEMORY_PAGES.min, MEMORY_PAGES.max]])),
    section(6, vec(GLOBALS.map((g) => [g.type, g.mutable ? 1 : 0, ...g.init, 0x0b]))),
    section(7, vec(exports)),
    section(9, vec([[0x00, 0x41, 0x00, 0x0b, ...vec(funcTypes.map((_, i) => uleb(i)))]])),
    section(12, uleb(DATA_SEGMENTS)),
    section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
    section(11, vec([[0x00, 0x41, 0x08, 0x0b, ...vec([...data].map((b) => [b]))], [0x01, ...vec([...data].map((b) => [b]))]])),
  ]);
};
