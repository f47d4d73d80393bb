/**
 * Translation of guest constant expressions to host instructions: function and
 * global indices move to the host index spaces; host-inexpressible initializers are refused.
 */
import { UnsupportedError } from '../compile-error.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { Op } from '../codegen/opcodes.js';
import { OpSimd } from '../codegen/ops/simd-opcodes.js';
import type { ConstExpr } from '../decode/module-info.js';
import type { ByteWriter } from './wasm-writer.js';

/**
 * Whether the host engine accepts `expr` as a global initializer: Wasm 2.0 constants and
 * `global.get` of imported globals. Other initializers (extended constant expressions, reads of
 * defined globals) are computed by `!init` into a mutable host global (ModuleContext.computedGlobals).
 */
export const isHostConstExpr = (expr: ConstExpr, numImportedGlobals: number): boolean =>
  expr.ops.every((o) => o.op === 'i32.const' || o.op === 'i64.const' || o.op === 'f32.const' || o.op === 'f64.const' ||
    o.op === 'v128.const' || o.op === 'ref.null' || o.op === 'ref.func' || (o.op === 'global.get' && o.index < numImportedGlobals));

/** Writes the zero value of value type `type` (a computed global's placeholder initializer). */
export const writeZeroConst = (w: ByteWriter, type: number): void => {
  switch (type) {
    case 0x7f: w.u8(Op.i32Const); w.u8(0); break;
    case 0x7e: w.u8(Op.i64Const); w.u8(0); break;
    case 0x7d: w.u8(Op.f32Const); w.u32le(0); break;
    case 0x7c: w.u8(Op.f64Const); w.u64le(0, 0); break;
    case 0x7b: w.u8(Op.prefixSIMD); w.u32(OpSimd.v128Const); w.bytes(new Uint8Array(16)); break;
    default: w.u8x2(Op.refNull, type); break;
  }
};

/**
 * Writes the instructions of `expr` (without the final `end`). In a host constant
 * expression (`inConstExpr`) only what the host engine accepts there is allowed:
 * Wasm 2.0 constants and `global.get` of imported globals.
 */
export const writeConstExpr = (w: ByteWriter, expr: ConstExpr, ctx: ModuleContext, inConstExpr: boolean): void => {
  for (const o of expr.ops) {
    switch (o.op) {
      case 'i32.const': w.u8(Op.i32Const); w.s32(o.value); break;
      case 'i64.const': w.u8(Op.i64Const); w.s64(o.value); break;
      case 'f32.const': w.u8(Op.f32Const); w.u32le(o.bits); break;
      case 'f64.const': {
        w.u8(Op.f64Const);
        w.u64le(Number(o.bits & 0xffffffffn) | 0, Number((o.bits >> 32n) & 0xffffffffn) | 0);
        break;
      }
      case 'v128.const': w.u8(Op.prefixSIMD); w.u32(OpSimd.v128Const); w.bytes(o.bytes); break;
      case 'ref.null': w.u8x2(Op.refNull, o.type); break;
      case 'ref.func': w.u8(Op.refFunc); w.u32(ctx.hostFunc(o.index)); break;
      case 'global.get': {
        if (inConstExpr && o.index >= ctx.numImportedGlobals) {
          throw new UnsupportedError(expr.offset, 'global.get of a defined global in a global initializer');
        }
        w.u8(Op.globalGet);
        w.u32(ctx.hostGlobal(o.index));
        break;
      }
      default: {
        if (inConstExpr) throw new UnsupportedError(expr.offset, 'extended constant expressions');
        const op = { 'i32.add': Op.i32Add, 'i32.sub': Op.i32Sub, 'i32.mul': Op.i32Mul,
          'i64.add': Op.i64Add, 'i64.sub': Op.i64Sub, 'i64.mul': Op.i64Mul }[o.op];
        w.u8(op);
      }
    }
  }
};
