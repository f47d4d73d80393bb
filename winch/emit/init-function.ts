/**
 * The host `!init` function: applies active element segments, then active data
 * segments, in module order with the spec's explicit bounds checks, dropping each one.
 */
import { TrapCode, ValType } from '../../abi/index.js';
import type { BodyRange, HostCode } from '../codegen/host-code.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { Op } from '../codegen/opcodes.js';
import { writeConstExpr } from './const-expr.js';
import { ByteWriter } from './wasm-writer.js';

/** Appends the `!init` body for the module of `ctx` to `code` (after the guest functions). */
export const buildInitBody = (ctx: ModuleContext, code: HostCode): BodyRange => {
  const info = ctx.info;
  const offsetLocal = 0;
  code.beginBody();

  // globals the host engine cannot initialize, in order (each may read the ones before it)
  for (const g of ctx.computedGlobals) {
    const init = info.globalInits[g - info.numImportedGlobals]!;
    code.guestOffset = init.offset;
    writeConstExpr(code, init, ctx, false);
    code.globalSet(ctx.hostGlobal(g));
  }

  info.elems.forEach((seg, i) => {
    if (seg.mode === 'declarative') {
      code.elemDrop(i);
      return;
    }
    if (seg.mode !== 'active' || seg.offset === null) return;
    code.guestOffset = seg.offset.offset;
    const len = seg.init.length;
    writeConstExpr(code, seg.offset, ctx, false);
    code.localTee(offsetLocal);
    code.i64ExtendI32U();
    code.i64ConstNum(len);
    code.i64Add();
    code.tableSize(seg.table);
    code.i64ExtendI32U();
    code.i64GtU();
    code.trapIf(TrapCode.TableOutOfBounds);
    if (ctx.isComputedElem(i)) {
      // items reading defined globals: evaluated here, stored one by one (the host segment is empty)
      seg.init.forEach((e, k) => {
        code.localGet(offsetLocal);
        if (k !== 0) {
          code.i32Const(k);
          code.op(Op.i32Add);
        }
        writeConstExpr(code, e, ctx, false);
        code.tableSet(seg.table);
      });
    } else {
      code.localGet(offsetLocal);
      code.i32Const(0);
      code.i32Const(len);
      code.tableInit(i, seg.table);
    }
    code.elemDrop(i);
  });

  info.datas.forEach((seg, i) => {
    if (seg.mode !== 'active' || seg.offset === null) return;
    code.guestOffset = seg.offset.offset;
    const len = seg.bytes.length;
    writeConstExpr(code, seg.offset, ctx, false);
    code.localTee(offsetLocal);
    code.i64ExtendI32U();
    code.i64ConstNum(len);
    code.i64Add();
    ctx.emitBoundGlobal64(code, seg.memory);
    code.i64GtU();
    code.trapIf(TrapCode.MemoryOutOfBounds);
    code.localGet(offsetLocal);
    code.i32Const(0);
    code.i32Const(len);
    code.memoryInit(i, seg.memory);
    code.dataDrop(i);
  });
  code.end();

  const header = new ByteWriter(8);
  header.u32(1);
  header.u32(1);
  header.u8(ValType.i32);
  return code.endBody(header);
};
