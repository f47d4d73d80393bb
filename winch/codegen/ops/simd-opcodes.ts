/**
 * Sub-opcodes of the 0xfd prefix: fixed-width SIMD (0x00..0xff) and relaxed SIMD
 * (0x100..0x113), named after their text-format mnemonics. Shared by guest decoding and host emission.
 */

/** SIMD sub-opcodes (the u32 after the 0xfd prefix byte). */
export const OpSimd = {
  // memory
  v128Load: 0x00, v128Load8x8S: 0x01, v128Load8x8U: 0x02, v128Load16x4S: 0x03, v128Load16x4U: 0x04,
  v128Load32x2S: 0x05, v128Load32x2U: 0x06, v128Load8Splat: 0x07, v128Load16Splat: 0x08,
  v128Load32Splat: 0x09, v128Load64Splat: 0x0a, v128Store: 0x0b,
  // constants, shuffles, splats and lanes
  v128Const: 0x0c, i8x16Shuffle: 0x0d, i8x16Swizzle: 0x0e,
  i8x16Splat: 0x0f, i16x8Splat: 0x10, i32x4Splat: 0x11, i64x2Splat: 0x12, f32x4Splat: 0x13, f64x2Splat: 0x14,
  i8x16ExtractLaneS: 0x15, i8x16ExtractLaneU: 0x16, i8x16ReplaceLane: 0x17,
  i16x8ExtractLaneS: 0x18, i16x8ExtractLaneU: 0x19, i16x8ReplaceLane: 0x1a,
  i32x4ExtractLane: 0x1b, i32x4ReplaceLane: 0x1c, i64x2ExtractLane: 0x1d, i64x2ReplaceLane: 0x1e,
  f32x4ExtractLane: 0x1f, f32x4ReplaceLane: 0x20, f64x2ExtractLane: 0x21, f64x2ReplaceLane: 0x22,
  // comparisons (0x23..0x4c): i8x16, i16x8, i32x4 eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u; f32x4, f64x2 eq ne lt gt le ge
  i8x16Eq: 0x23, i16x8Eq: 0x2d, i32x4Eq: 0x37, f32x4Eq: 0x41, f32x4Ne: 0x42, f64x2Eq: 0x47, f64x2Ge: 0x4c,
  // bitwise
  v128Not: 0x4d, v128And: 0x4e, v128AndNot: 0x4f, v128Or: 0x50, v128Xor: 0x51, v128Bitselect: 0x52, v128AnyTrue: 0x53,
  // lane and zero loads/stores
  v128Load8Lane: 0x54, v128Load16Lane: 0x55, v128Load32Lane: 0x56, v128Load64Lane: 0x57,
  v128Store8Lane: 0x58, v128Store16Lane: 0x59, v128Store32Lane: 0x5a, v128Store64Lane: 0x5b,
  v128Load32Zero: 0x5c, v128Load64Zero: 0x5d,
  f32x4DemoteF64x2Zero: 0x5e, f64x2PromoteLowF32x4: 0x5f,
  // i8x16
  i8x16Abs: 0x60, i8x16Neg: 0x61, i8x16Popcnt: 0x62, i8x16AllTrue: 0x63, i8x16Bitmask: 0x64,
  i8x16NarrowI16x8S: 0x65, i8x16NarrowI16x8U: 0x66,
  f32x4Ceil: 0x67, f32x4Floor: 0x68, f32x4Trunc: 0x69, f32x4Nearest: 0x6a,
  i8x16Shl: 0x6b, i8x16ShrS: 0x6c, i8x16ShrU: 0x6d, i8x16Add: 0x6e, i8x16AddSatS: 0x6f, i8x16AddSatU: 0x70,
  i8x16Sub: 0x71, i8x16SubSatS: 0x72, i8x16SubSatU: 0x73, f64x2Ceil: 0x74, f64x2Floor: 0x75,
  i8x16MinS: 0x76, i8x16MinU: 0x77, i8x16MaxS: 0x78, i8x16MaxU: 0x79, f64x2Trunc: 0x7a, i8x16AvgrU: 0x7b,
  i16x8ExtaddPairwiseI8x16S: 0x7c, i16x8ExtaddPairwiseI8x16U: 0x7d,
  i32x4ExtaddPairwiseI16x8S: 0x7e, i32x4ExtaddPairwiseI16x8U: 0x7f,
  // i16x8
  i16x8Abs: 0x80, i16x8Neg: 0x81, i16x8Q15mulrSatS: 0x82, i16x8AllTrue: 0x83, i16x8Bitmask: 0x84,
  i16x8NarrowI32x4S: 0x85, i16x8NarrowI32x4U: 0x86,
  i16x8ExtendLowI8x16S: 0x87, i16x8ExtendHighI8x16S: 0x88, i16x8ExtendLowI8x16U: 0x89, i16x8ExtendHighI8x16U: 0x8a,
  i16x8Shl: 0x8b, i16x8ShrS: 0x8c, i16x8ShrU: 0x8d, i16x8Add: 0x8e, i16x8AddSatS: 0x8f, i16x8AddSatU: 0x90,
  i16x8Sub: 0x91, i16x8SubSatS: 0x92, i16x8SubSatU: 0x93, f64x2Nearest: 0x94, i16x8Mul: 0x95,
  i16x8MinS: 0x96, i16x8MinU: 0x97, i16x8MaxS: 0x98, i16x8MaxU: 0x99, i16x8AvgrU: 0x9b,
  i16x8ExtmulLowI8x16S: 0x9c, i16x8ExtmulHighI8x16S: 0x9d, i16x8ExtmulLowI8x16U: 0x9e, i16x8ExtmulHighI8x16U: 0x9f,
  // i32x4
  i32x4Abs: 0xa0, i32x4Neg: 0xa1, i32x4AllTrue: 0xa3, i32x4Bitmask: 0xa4,
  i32x4ExtendLowI16x8S: 0xa7, i32x4ExtendHighI16x8S: 0xa8, i32x4ExtendLowI16x8U: 0xa9, i32x4ExtendHighI16x8U: 0xaa,
  i32x4Shl: 0xab, i32x4ShrS: 0xac, i32x4ShrU: 0xad, i32x4Add: 0xae, i32x4Sub: 0xb1, i32x4Mul: 0xb5,
  i32x4MinS: 0xb6, i32x4MinU: 0xb7, i32x4MaxS: 0xb8, i32x4MaxU: 0xb9, i32x4DotI16x8S: 0xba,
  i32x4ExtmulLowI16x8S: 0xbc, i32x4ExtmulHighI16x8S: 0xbd, i32x4ExtmulLowI16x8U: 0xbe, i32x4ExtmulHighI16x8U: 0xbf,
  // i64x2
  i64x2Abs: 0xc0, i64x2Neg: 0xc1, i64x2AllTrue: 0xc3, i64x2Bitmask: 0xc4,
  i64x2ExtendLowI32x4S: 0xc7, i64x2ExtendHighI32x4S: 0xc8, i64x2ExtendLowI32x4U: 0xc9, i64x2ExtendHighI32x4U: 0xca,
  i64x2Shl: 0xcb, i64x2ShrS: 0xcc, i64x2ShrU: 0xcd, i64x2Add: 0xce, i64x2Sub: 0xd1, i64x2Mul: 0xd5,
  i64x2Eq: 0xd6, i64x2Ne: 0xd7, i64x2LtS: 0xd8, i64x2GtS: 0xd9, i64x2LeS: 0xda, i64x2GeS: 0xdb,
  i64x2ExtmulLowI32x4S: 0xdc, i64x2ExtmulHighI32x4S: 0xdd, i64x2ExtmulLowI32x4U: 0xde, i64x2ExtmulHighI32x4U: 0xdf,
  // f32x4, f64x2
  f32x4Abs: 0xe0, f32x4Neg: 0xe1, f32x4Sqrt: 0xe3, f32x4Add: 0xe4, f32x4Sub: 0xe5, f32x4Mul: 0xe6, f32x4Div: 0xe7,
  f32x4Min: 0xe8, f32x4Max: 0xe9, f32x4Pmin: 0xea, f32x4Pmax: 0xeb,
  f64x2Abs: 0xec, f64x2Neg: 0xed, f64x2Sqrt: 0xef, f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Div: 0xf3,
  f64x2Min: 0xf4, f64x2Max: 0xf5, f64x2Pmin: 0xf6, f64x2Pmax: 0xf7,
  // conversions
  i32x4TruncSatF32x4S: 0xf8, i32x4TruncSatF32x4U: 0xf9, f32x4ConvertI32x4S: 0xfa, f32x4ConvertI32x4U: 0xfb,
  i32x4TruncSatF64x2SZero: 0xfc, i32x4TruncSatF64x2UZero: 0xfd, f64x2ConvertLowI32x4S: 0xfe, f64x2ConvertLowI32x4U: 0xff,
  // relaxed SIMD
  i8x16RelaxedSwizzle: 0x100,
  i32x4RelaxedTruncF32x4S: 0x101, i32x4RelaxedTruncF32x4U: 0x102,
  i32x4RelaxedTruncF64x2SZero: 0x103, i32x4RelaxedTruncF64x2UZero: 0x104,
  f32x4RelaxedMadd: 0x105, f32x4RelaxedNmadd: 0x106, f64x2RelaxedMadd: 0x107, f64x2RelaxedNmadd: 0x108,
  i8x16RelaxedLaneselect: 0x109, i16x8RelaxedLaneselect: 0x10a, i32x4RelaxedLaneselect: 0x10b, i64x2RelaxedLaneselect: 0x10c,
  f32x4RelaxedMin: 0x10d, f32x4RelaxedMax: 0x10e, f64x2RelaxedMin: 0x10f, f64x2RelaxedMax: 0x110,
  i16x8RelaxedQ15mulrS: 0x111, i16x8RelaxedDotI8x16I7x16S: 0x112, i32x4RelaxedDotI8x16I7x16AddS: 0x113,
} as const;

/** One past the highest SIMD sub-opcode. */
export const SIMD_OPCODE_END = 0x114;

/** True for the sub-opcodes of relaxed SIMD. */
export const isRelaxedSimd = (sub: number): boolean => sub >= OpSimd.i8x16RelaxedSwizzle && sub < SIMD_OPCODE_END;
