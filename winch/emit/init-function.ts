/**
 * The host `!init` function: applies active element segments, then active data
 * segments, in module order with the spec's explicit bounds checks, dropping each one.
 */
import { TrapCode, ValType } from '../../abi/index.js';
import { HostCode } from '../codegen/host-code.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { writeConstExpr } from './const-expr.js';
import { ByteWriter } from './wasm-writer.js';

/** Body of `!init` (local declarations included) and its trap sites. */
export interface InitBody {
  readonly bytes: Uint8Array;
  readonly sites: Int32Array;
}

/** Builds the `!init` body for the module of `ctx`. */
export const buildInitBody = (ctx: ModuleContext): InitBody => {
  const info = ctx.info;
  const code = new HostCode(ctx.trapFunc);
  const offsetLocal = 0;

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
    code.localGet(offsetLocal);
    code.i32Const(0);
    code.i32Const(len);
    code.tableInit(i, seg.table);
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
    code.globalGet(ctx.boundGlobal(seg.memory));
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
  const bytes = new Uint8Array(header.pos + code.pos);
  bytes.set(header.view(), 0);
  bytes.set(code.view(), header.pos);
  const sites = code.sites.slice(0, 2 * code.siteCount);
  for (let k = 0; k < sites.length; k += 2) sites[k] += header.pos;
  return { bytes, sites };
};
