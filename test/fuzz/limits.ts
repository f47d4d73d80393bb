// Modules at and just past the host engine's implementation limits (V8: 50,000 locals, 1,000
// params, 65,520 br_table entries, 100,000 imports/exports/data segments, 1,000,000 types/
// functions/globals, 7,654,321-byte bodies). Windlass adds host imports, globals, exports and
// locals, so a guest just under a limit may produce a host module just over it: it must then
// throw CompileError rather than emit an invalid host module.
import { HEADER, concat, nameBytes, uleb, vec } from './wasm-bytes.js';

const section = (id: number, payload: Uint8Array | readonly number[]): Uint8Array =>
  concat([[id], uleb(payload.length), payload]);

/** Repeats an item `n` times behind a vector count, without building n small arrays. */
const repeatVec = (n: number, item: readonly number[]): Uint8Array => {
  const head = uleb(n);
  const out = new Uint8Array(head.length + n * item.length);
  out.set(head);
  for (let i = 0, off = head.length; i < n; i++, off += item.length) out.set(item, off);
  return out;
};

const TYPE_VOID = [0x60, 0x00, 0x00];
const typeSec = (types: readonly (readonly number[])[]): Uint8Array => section(1, vec(types));
const funcSec = (n: number, typeIndex = 0): Uint8Array => section(3, repeatVec(n, uleb(typeIndex)));
const codeSec = (bodies: readonly Uint8Array[]): Uint8Array =>
  section(10, concat([uleb(bodies.length), ...bodies.flatMap((b) => [uleb(b.length), b])]));
const body = (locals: readonly (readonly number[])[], code: Uint8Array | readonly number[]): Uint8Array =>
  concat([vec(locals), code, [0x0b]]);
const memSec = section(5, vec([[0x00, 0x01]]));

const many = (n: number, item: readonly number[]): Uint8Array => {
  const out = new Uint8Array(n * item.length);
  for (let i = 0; i < n; i++) out.set(item, i * item.length);
  return out;
};

export interface LimitCase { readonly name: string; readonly bytes: () => Uint8Array; }

export const LIMIT_CASES: readonly LimitCase[] = [
  ...[49_990, 50_000, 50_001].map((n) => ({
    name: `${n} locals`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1), memSec,
      codeSec([body([[...uleb(n), 0x7f]], [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a])])]),
  })),
  ...[1_000, 1_001].map((n) => ({
    name: `${n} params`,
    bytes: () => concat([HEADER, typeSec([[0x60, ...uleb(n), ...many(n, [0x7f]), 0x00]]), funcSec(1), memSec,
      codeSec([body([], [0x20, ...uleb(n - 1), 0x28, 0x02, 0x00, 0x1a])])]),
  })),
  ...[65_520, 65_521].map((n) => ({
    name: `br_table with ${n} entries`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1),
      codeSec([body([], concat([[0x02, 0x40, 0x41, 0x00, 0x0e], uleb(n), many(n, [0x00]), [0x00, 0x0b]]))])]),
  })),
  { name: '10,000 nested blocks', bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1),
    codeSec([body([], concat([many(10_000, [0x02, 0x40]), many(10_000, [0x0b])]))])]) },
  ...[999_997, 999_998].map((n) => ({
    name: `${n} types`,
    bytes: () => concat([HEADER, section(1, repeatVec(n, TYPE_VOID))]),
  })),
  ...[999_998, 1_000_000].map((n) => ({
    name: `${n} functions`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(n), section(10, repeatVec(n, [0x02, 0x00, 0x0b]))]),
  })),
  ...[1_000_000].map((n) => ({
    name: `${n} globals + a memory`,
    bytes: () => concat([HEADER, memSec, section(6, repeatVec(n, [0x7f, 0x00, 0x41, 0x00, 0x0b]))]),
  })),
  ...[99_999, 100_000].map((n) => ({
    name: `${n} function imports`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), section(2, repeatVec(n, [...nameBytes('m'), ...nameBytes('f'), 0x00, 0x00])),
      funcSec(1), memSec, codeSec([body([], [0x10, 0x00])])]),
  })),
  ...[99_999, 100_000].map((n) => ({
    name: `${n} exports`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1), memSec,
      section(7, concat([uleb(n), ...Array.from({ length: n }, (_, i) => [...nameBytes(`e${i}`), 0x00, 0x00]).map((x) => Uint8Array.from(x))])),
      codeSec([body([], [])])]),
  })),
  ...[99_999, 100_000].map((n) => ({
    name: `${n} data segments`,
    bytes: () => concat([HEADER, memSec, section(11, repeatVec(n, [0x01, 0x00]))]),
  })),
  ...[7_654_321].map((size) => ({
    name: `${size}-byte body of nops`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1), codeSec([body([], many(size - 2, [0x01]))])]),
  })),
  ...[200_000, 500_000].map((n) => ({
    name: `${(n * 6 / 1e6).toFixed(1)} MB body of memory loads`,
    bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1), memSec,
      codeSec([body([[0x01, 0x7f]], many(n, [0x20, 0x00, 0x28, 0x02, 0x00, 0x1a]))])]),
  })),
  { name: '100,000 nested blocks', bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1),
    codeSec([body([], concat([many(100_000, [0x02, 0x40]), many(100_000, [0x0b])]))])]) },
  { name: '20,000 nested ifs with results', bytes: () => concat([HEADER, typeSec([TYPE_VOID]), funcSec(1),
    codeSec([body([], concat([many(20_000, [0x41, 0x01, 0x04, 0x7f]), [0x41, 0x00], many(20_000, [0x05, 0x41, 0x02, 0x0b]), [0x1a]]))])]) },
];
