/**
 * Assembles the host module from the compiled bodies: types, imports (guest imports,
 * builtins, memories, tables, bounds), functions, globals, exports, segments, code, names.
 */
import {
  BUILTINS, ExternKind, HOST_BUILTIN_MODULE, HOST_GUEST_IMPORT_MODULE, hostExportName, hostImportName, ValType,
} from '../../abi/index.js';
import type { FuncType, OffsetMapEntry } from '../../abi/index.js';
import type { CompiledBody } from '../codegen/function-compiler.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { Op, SectionId } from '../codegen/opcodes.js';
import { writeConstExpr } from './const-expr.js';
import type { InitBody } from './init-function.js';
import { writeNameSection } from './name-section.js';
import { ByteWriter, u32Size } from './wasm-writer.js';

/** The assembled host module and its offset map. */
export interface HostModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly offsetMap: OffsetMapEntry[];
}

const writeFuncType = (w: ByteWriter, t: { readonly params: readonly number[]; readonly results: readonly number[] }): void => {
  w.u8(0x60);
  w.u32(t.params.length);
  for (const p of t.params) w.u8(p);
  w.u32(t.results.length);
  for (const r of t.results) w.u8(r);
};

/** Writes limits `min 0`, no maximum: any runtime-created memory or table matches. */
const writeOpenLimits = (w: ByteWriter): void => {
  w.u8(0x00);
  w.u32(0);
};

/** Assembles the host module. `bodies` are the defined guest functions in order. */
export const assembleHostModule = (
  ctx: ModuleContext, bodies: readonly CompiledBody[], init: InitBody, moduleName: string,
): HostModule => {
  const info = ctx.info;
  const types: readonly FuncType[] = info.types;
  const builtinTypeBase = types.length;
  const initType = builtinTypeBase + BUILTINS.length;
  const initFunc = ctx.hostDefinedFuncBase + bodies.length;
  const out = new ByteWriter(1024 + bodies.reduce((n, b) => n + b.bytes.length + 5, 0));
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

  out.section(SectionId.type, (w) => {
    w.u32(types.length + BUILTINS.length + 1);
    for (const t of types) writeFuncType(w, t);
    for (const b of BUILTINS) writeFuncType(w, b);
    writeFuncType(w, { params: [], results: [] });
  });

  out.section(SectionId.import, (w) => {
    const guestImports = info.imports.filter((im) => im.desc.kind === ExternKind.func || im.desc.kind === ExternKind.global);
    w.u32(guestImports.length + BUILTINS.length + 2 * info.memories.length + info.tables.length);
    let f = 0;
    let g = 0;
    for (const im of guestImports) {
      w.name(HOST_GUEST_IMPORT_MODULE);
      if (im.desc.kind === ExternKind.func) {
        w.name(hostImportName.func(f++));
        w.u8(ExternKind.func);
        w.u32(im.desc.typeIndex);
      } else if (im.desc.kind === ExternKind.global) {
        w.name(hostImportName.global(g++));
        w.u8(ExternKind.global);
        w.u8(im.desc.type.type);
        w.u8(im.desc.type.mutable ? 1 : 0);
      }
    }
    BUILTINS.forEach((b, k) => {
      w.name(HOST_BUILTIN_MODULE);
      w.name(b.name);
      w.u8(ExternKind.func);
      w.u32(builtinTypeBase + k);
    });
    info.memories.forEach((_, m) => {
      w.name(HOST_BUILTIN_MODULE);
      w.name(hostImportName.memory(m));
      w.u8(ExternKind.memory);
      writeOpenLimits(w);
    });
    info.tables.forEach((t, i) => {
      w.name(HOST_BUILTIN_MODULE);
      w.name(hostImportName.table(i));
      w.u8(ExternKind.table);
      w.u8(t.elemType);
      writeOpenLimits(w);
    });
    info.memories.forEach((_, m) => {
      w.name(HOST_BUILTIN_MODULE);
      w.name(hostImportName.memoryBound(m));
      w.u8(ExternKind.global);
      w.u8(ValType.i64);
      w.u8(1);
    });
  });

  out.section(SectionId.function, (w) => {
    w.u32(bodies.length + 1);
    for (const b of bodies) w.u32(info.funcs[b.guestFunc]!);
    w.u32(initType);
  });

  const numDefinedGlobals = info.globals.length - info.numImportedGlobals;
  if (numDefinedGlobals + ctx.helperGlobals.length > 0) {
    out.section(SectionId.global, (w) => {
      w.u32(numDefinedGlobals + ctx.helperGlobals.length);
      for (let i = 0; i < numDefinedGlobals; i++) {
        const g = info.globals[info.numImportedGlobals + i]!;
        w.u8(g.type);
        w.u8(g.mutable ? 1 : 0);
        writeConstExpr(w, info.globalInits[i]!, ctx, true);
        w.u8(Op.end);
      }
      for (const h of ctx.helperGlobals) {
        w.u8(ValType.i32);
        w.u8(1);
        w.u8(Op.i32Const);
        w.s32(h.initialLength);
        w.u8(Op.end);
      }
    });
  }

  out.section(SectionId.export, (w) => {
    const funcs = new Set<number>();
    const globals = new Set<number>();
    for (const e of info.exports) {
      if (e.kind === ExternKind.func) funcs.add(e.index);
      else if (e.kind === ExternKind.global && e.index >= info.numImportedGlobals) globals.add(e.index);
    }
    if (info.start !== null) funcs.add(info.start);
    w.u32(funcs.size + globals.size + 1);
    for (const f of funcs) {
      w.name(hostExportName.func(f));
      w.u8(ExternKind.func);
      w.u32(ctx.hostFunc(f));
    }
    for (const g of globals) {
      w.name(hostExportName.global(g));
      w.u8(ExternKind.global);
      w.u32(ctx.hostGlobal(g));
    }
    w.name(hostExportName.init);
    w.u8(ExternKind.func);
    w.u32(initFunc);
  });

  if (info.elems.length > 0) {
    out.section(SectionId.element, (w) => {
      w.u32(info.elems.length);
      for (const seg of info.elems) {
        w.u8(seg.mode === 'declarative' ? 7 : 5);
        w.u8(seg.elemType);
        w.u32(seg.init.length);
        for (const e of seg.init) {
          writeConstExpr(w, e, ctx, true);
          w.u8(Op.end);
        }
      }
    });
  }

  if (info.datas.length > 0) {
    out.section(SectionId.dataCount, (w) => w.u32(info.datas.length));
  }

  // code section, written in place so body offsets are module-relative
  const allBodies: { readonly bytes: Uint8Array; readonly sites: Int32Array; readonly guestFunc: number }[] =
    [...bodies, { bytes: init.bytes, sites: init.sites, guestFunc: -1 }];
  let codeSize = u32Size(allBodies.length);
  for (const b of allBodies) codeSize += u32Size(b.bytes.length) + b.bytes.length;
  out.u8(SectionId.code);
  out.u32(codeSize);
  out.u32(allBodies.length);
  const offsetMap: OffsetMapEntry[] = [];
  allBodies.forEach((b, k) => {
    out.u32(b.bytes.length);
    const start = out.pos;
    out.bytes(b.bytes);
    if (b.sites.length > 0) {
      const entries = new Int32Array(b.sites.length);
      for (let i = 0; i < entries.length; i += 2) {
        entries[i] = start + b.sites[i]!;
        entries[i + 1] = b.sites[i + 1]!;
      }
      offsetMap.push({ hostFunc: ctx.hostDefinedFuncBase + k, guestFunc: b.guestFunc, entries });
    }
  });

  if (info.datas.length > 0) {
    out.section(SectionId.data, (w) => {
      w.u32(info.datas.length);
      for (const seg of info.datas) {
        w.u8(0x01);
        w.vecBytes(seg.bytes);
      }
    });
  }

  writeNameSection(out, ctx, moduleName, initFunc);
  return { bytes: out.toBytes(), offsetMap };
};
