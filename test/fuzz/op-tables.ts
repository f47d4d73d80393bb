// Typed operator tables for the generator: numeric operators (by signature), loads, stores.
// Value types use their binary codes: i32 0x7f, i64 0x7e, f32 0x7d, f64 0x7c.
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const NUM_TYPES = [I32, I64, F32, F64] as const;

/** A numeric operator: opcode bytes, operand types (bottom first), result type. */
export interface NumOp { readonly code: readonly number[]; readonly ins: readonly number[]; readonly out: number; }

const span = (from: number, to: number, ins: readonly number[], out: number): NumOp[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ code: [from + i], ins, out }));

export const NUM_OPS: readonly NumOp[] = [
  { code: [0x45], ins: [I32], out: I32 },
  ...span(0x46, 0x4f, [I32, I32], I32),
  { code: [0x50], ins: [I64], out: I32 },
  ...span(0x51, 0x5a, [I64, I64], I32),
  ...span(0x5b, 0x60, [F32, F32], I32),
  ...span(0x61, 0x66, [F64, F64], I32),
  ...span(0x67, 0x69, [I32], I32),
  ...span(0x6a, 0x78, [I32, I32], I32),
  ...span(0x79, 0x7b, [I64], I64),
  ...span(0x7c, 0x8a, [I64, I64], I64),
  ...span(0x8b, 0x91, [F32], F32),
  ...span(0x92, 0x98, [F32, F32], F32),
  ...span(0x99, 0x9f, [F64], F64),
  ...span(0xa0, 0xa6, [F64, F64], F64),
  { code: [0xa7], ins: [I64], out: I32 },
  ...span(0xa8, 0xa9, [F32], I32),
  ...span(0xaa, 0xab, [F64], I32),
  ...span(0xac, 0xad, [I32], I64),
  ...span(0xae, 0xaf, [F32], I64),
  ...span(0xb0, 0xb1, [F64], I64),
  ...span(0xb2, 0xb3, [I32], F32),
  ...span(0xb4, 0xb5, [I64], F32),
  { code: [0xb6], ins: [F64], out: F32 },
  ...span(0xb7, 0xb8, [I32], F64),
  ...span(0xb9, 0xba, [I64], F64),
  { code: [0xbb], ins: [F32], out: F64 },
  { code: [0xbc], ins: [F32], out: I32 },
  { code: [0xbd], ins: [F64], out: I64 },
  { code: [0xbe], ins: [I32], out: F32 },
  { code: [0xbf], ins: [I64], out: F64 },
  ...span(0xc0, 0xc1, [I32], I32),
  ...span(0xc2, 0xc4, [I64], I64),
  { code: [0xfc, 0], ins: [F32], out: I32 },
  { code: [0xfc, 1], ins: [F32], out: I32 },
  { code: [0xfc, 2], ins: [F64], out: I32 },
  { code: [0xfc, 3], ins: [F64], out: I32 },
  { code: [0xfc, 4], ins: [F32], out: I64 },
  { code: [0xfc, 5], ins: [F32], out: I64 },
  { code: [0xfc, 6], ins: [F64], out: I64 },
  { code: [0xfc, 7], ins: [F64], out: I64 },
];

/** Memory access: opcode, value type, natural alignment (log2). */
export interface MemOp { readonly code: number; readonly type: number; readonly align: number; }

export const LOADS: readonly MemOp[] = [
  { code: 0x28, type: I32, align: 2 }, { code: 0x29, type: I64, align: 3 },
  { code: 0x2a, type: F32, align: 2 }, { code: 0x2b, type: F64, align: 3 },
  { code: 0x2c, type: I32, align: 0 }, { code: 0x2d, type: I32, align: 0 },
  { code: 0x2e, type: I32, align: 1 }, { code: 0x2f, type: I32, align: 1 },
  { code: 0x30, type: I64, align: 0 }, { code: 0x31, type: I64, align: 0 },
  { code: 0x32, type: I64, align: 1 }, { code: 0x33, type: I64, align: 1 },
  { code: 0x34, type: I64, align: 2 }, { code: 0x35, type: I64, align: 2 },
];

export const STORES: readonly MemOp[] = [
  { code: 0x36, type: I32, align: 2 }, { code: 0x37, type: I64, align: 3 },
  { code: 0x38, type: F32, align: 2 }, { code: 0x39, type: F64, align: 3 },
  { code: 0x3a, type: I32, align: 0 }, { code: 0x3b, type: I32, align: 1 },
  { code: 0x3c, type: I64, align: 0 }, { code: 0x3d, type: I64, align: 1 },
  { code: 0x3e, type: I64, align: 2 },
];
