/**
 * Assembles the host module from the compiled bodies: types, imports (guest imports,
 * builtins, memories, tables, bounds), functions, globals, exports, segments, code, names.
 */
import {
  BUILTINS, ExternKind, HOST_BUILTIN_MODULE, HOST_GUEST_IMPORT_MODULE, hostExportName, hostImportName, ValType,
} from '../../abi/index.js';
import type { FuncType, OffsetMapEntry } from '../../abi/index.js';
import type { CompiledBody } from '../codegen/function-compiler.js';
import type { BodyRange, HostCode } from '../codegen/host-code.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { Op, SectionId } from '../codegen/opcodes.js';
import { CompileError } from '../compile-error.js';
import { writeConstExpr, writeZeroConst } from './const-expr.js';
import { HOST_LIMITS } from './host-limits.js';
import { writeNameSection } from './name-section.js';
import { ByteWriter, u32Size } from './wasm-writer.js';

/** Binary-format codes used below. */
const WASM_HEADER = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const FUNC_TYPE_FORM = 0x60;
const LIMITS_MIN_ONLY = 0x00;
/** Limits flags of a shared memory with a maximum (threads proposal). */
const LIMITS_SHARED_MIN_MAX = 0x03;
/** Element segment flags: passive / declarative, element expressions with a reference type. */
const ELEM_PASSIVE_EXPRS = 5;
const ELEM_DECLARATIVE_EXPRS = 7;
const DATA_PASSIVE = 0x01;

/** The assembled host module and its offset map. */
export interface HostModule {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly offsetMap: OffsetMapEntry[];
}

const writeFuncType = (w: ByteWriter, t: { readonly params: readonly number[]; readonly results: readonly number[] }): void => {
  w.u8(FUNC_TYPE_FORM);
  w.u32(t.params.length);
  for (const p of t.params) w.u8(p);
  w.u32(t.results.length);
  for (const r of t.results) w.u8(r);
};

/** Writes limits `min 0`, no maximum: any runtime-created memory or table matches. */
const writeOpenLimits = (w: ByteWriter): void => {
  w.u8(LIMITS_MIN_ONLY);
  w.u32(0);
};

/** Initial capacities that fit the sections before and after the code, so the writers never grow. */
const estimateHeadSize = (ctx: ModuleContext): number => {
  const info = ctx.info;
  let n = 4096 + 16 * (info.imports.length + info.exports.length + info.globals.length + info.funcs.length);
  for (const t of info.types) n += 8 + t.params.length + t.results.length;
  for (const e of info.elems) n += 8 + 12 * e.init.length;
  return n;
};
const estimateTailSize = (ctx: ModuleContext): number => {
  const info = ctx.info;
  let n = 4096 + 16 * info.funcs.length;
  for (const d of info.datas) n += d.bytes.length + 8;
  for (const name of info.funcNames.values()) n += 8 + 3 * name.length;
  return n;
};

/** Guest types, one type per builtin, `!init`'s `[] -> []`, then the compiler's extra types. */
const writeTypes = (w: ByteWriter, types: readonly FuncType[], extra: readonly FuncType[]): void => {
  w.u32(types.length + BUILTINS.length + 1 + extra.length);
  for (const t of types) writeFuncType(w, t);
  for (const b of BUILTINS) writeFuncType(w, b);
  writeFuncType(w, { params: [], results: [] });
  for (const t of extra) writeFuncType(w, t);
};

const writeImports = (w: ByteWriter, ctx: ModuleContext): void => {
  const info = ctx.info;
  const builtinTypeBase = info.types.length;
  const guestImports = info.imports.filter((im) => im.desc.kind === ExternKind.func || im.desc.kind === ExternKind.global);
  const runtimeGlobals = (ctx.fuel ? 1 : 0) + (ctx.depthChecks ? 1 : 0) + (ctx.epoch ? 1 : 0);
  const epochMemory = ctx.epoch ? 1 : 0;
  w.u32(guestImports.length + ctx.builtins.length + 2 * info.memories.length + epochMemory + info.tables.length + runtimeGlobals);
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
  for (const b of ctx.builtins) {
    w.name(HOST_BUILTIN_MODULE);
    w.name(b.name);
    w.u8(ExternKind.func);
    w.u32(builtinTypeBase + BUILTINS.indexOf(b));
  }
  info.memories.forEach((_, m) => {
    w.name(HOST_BUILTIN_MODULE);
    w.name(hostImportName.memory(m));
    w.u8(ExternKind.memory);
    writeOpenLimits(w);
  });
  if (ctx.epoch) {
    // the engine's epoch counter: shared, exactly one page
    w.name(HOST_BUILTIN_MODULE);
    w.name(hostImportName.epoch);
    w.u8(ExternKind.memory);
    w.u8(LIMITS_SHARED_MIN_MAX);
    w.u32(1);
    w.u32(1);
  }
  info.tables.forEach((t, i) => {
    w.name(HOST_BUILTIN_MODULE);
    w.name(hostImportName.table(i));
    w.u8(ExternKind.table);
    w.u8(t.elemType);
    writeOpenLimits(w);
  });
  info.memories.forEach((_, m) => {
    const last = ctx.boundLastByte[m] === 1;
    w.name(HOST_BUILTIN_MODULE);
    w.name(last ? hostImportName.memoryLast(m) : hostImportName.memoryBound(m));
    w.u8(ExternKind.global);
    w.u8(last ? ValType.i32 : ValType.i64);
    w.u8(1);
  });
  const runtimeGlobal = (name: string, type: number): void => {
    w.name(HOST_BUILTIN_MODULE);
    w.name(name);
    w.u8(ExternKind.global);
    w.u8(type);
    w.u8(1);
  };
  if (ctx.fuel) runtimeGlobal(hostImportName.fuel, ValType.i64);
  if (ctx.depthChecks) runtimeGlobal(hostImportName.depth, ValType.i32);
  if (ctx.epoch) runtimeGlobal(hostImportName.epochDeadline, ValType.i32);
};

const writeGlobals = (w: ByteWriter, ctx: ModuleContext): void => {
  const info = ctx.info;
  const numDefined = info.globals.length - info.numImportedGlobals;
  w.u32(numDefined + ctx.helperGlobals.length);
  for (let i = 0; i < numDefined; i++) {
    const g = info.globals[info.numImportedGlobals + i]!;
    w.u8(g.type);
    if (ctx.isComputedGlobal(info.numImportedGlobals + i)) {
      w.u8(1); // set by `!init`
      writeZeroConst(w, g.type);
    } else {
      w.u8(g.mutable ? 1 : 0);
      writeConstExpr(w, info.globalInits[i]!, ctx, true);
    }
    w.u8(Op.end);
  }
  for (const h of ctx.helperGlobals) {
    w.u8(ValType.i32);
    w.u8(1);
    w.u8(Op.i32Const);
    w.s32(h.initialLength);
    w.u8(Op.end);
  }
};

const writeExports = (w: ByteWriter, ctx: ModuleContext, initFunc: number): void => {
  const info = ctx.info;
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
};

/** Every guest element segment becomes passive (active ones are applied by `!init`) or stays declarative. */
const writeElems = (w: ByteWriter, ctx: ModuleContext): void => {
  const elems = ctx.info.elems;
  w.u32(elems.length);
  elems.forEach((seg, i) => {
    w.u8(seg.mode === 'declarative' ? ELEM_DECLARATIVE_EXPRS : ELEM_PASSIVE_EXPRS);
    w.u8(seg.elemType);
    if (ctx.isComputedElem(i)) {
      w.u32(0); // `!init` sets its elements one by one; dropped after instantiation like any active segment
      return;
    }
    w.u32(seg.init.length);
    for (const e of seg.init) {
      writeConstExpr(w, e, ctx, true);
      w.u8(Op.end);
    }
  });
};

const writeDatas = (w: ByteWriter, ctx: ModuleContext): void => {
  const datas = ctx.info.datas;
  w.u32(datas.length);
  for (const seg of datas) {
    w.u8(DATA_PASSIVE);
    w.vecBytes(seg.bytes);
  }
};

/**
 * The code section's header (id, size, body count) and the offset map. The bodies follow the
 * header exactly as HostCode laid them out, so the module offset of a site is its HostCode
 * position plus `base`, where the payload's bodies start in the module.
 */
const writeCodeHeader = (out: ByteWriter, count: number, init: BodyRange): void => {
  out.u8(SectionId.code);
  out.u32(u32Size(count) + init.end);
  out.u32(count);
};

const buildOffsetMap = (
  ctx: ModuleContext, code: HostCode, bodies: readonly CompiledBody[], init: BodyRange, initFunc: number, base: number,
): OffsetMapEntry[] => {
  const sites = code.sites;
  const allSites = new Int32Array(2 * init.siteEnd);
  for (let i = 0; i < allSites.length; i += 2) {
    allSites[i] = sites[i]! + base;
    allSites[i + 1] = sites[i + 1]!;
  }
  const offsetMap: OffsetMapEntry[] = [];
  const add = (b: BodyRange, hostFunc: number, guestFunc: number): void => {
    if (b.siteEnd > b.siteStart) {
      offsetMap.push({ hostFunc, guestFunc, entries: allSites.subarray(2 * b.siteStart, 2 * b.siteEnd) });
    }
  };
  for (let k = 0; k < bodies.length; k++) add(bodies[k]!, ctx.hostDefinedFuncBase + k, bodies[k]!.guestFunc);
  add(init, initFunc, -1);
  return offsetMap;
};

/** Fails with a CompileError when a host index space or size would exceed the host engine's limits. */
const checkHostLimits = (ctx: ModuleContext, numBodies: number): void => {
  const info = ctx.info;
  const check = (what: string, count: number, max: number): void => {
    if (count > max) throw new CompileError(0, `implementation limit: host module needs ${count} ${what} (max ${max})`, 'invalid');
  };
  check('types', info.types.length + BUILTINS.length + 1 + ctx.extraTypes.length, HOST_LIMITS.maxTypes);
  check('functions', info.numImportedFuncs + ctx.builtins.length + numBodies * (ctx.metered ? 2 : 1) + 1, HOST_LIMITS.maxFunctions);
  check('globals', info.globals.length + ctx.numRuntimeGlobals + ctx.helperGlobals.length, HOST_LIMITS.maxGlobals);
  check('exports', info.exports.length + 2, HOST_LIMITS.maxExports);
};

/**
 * Assembles the host module. `bodies` are the defined guest functions in order (the inner functions
 * when metered), then their outer wrappers `outers` (metered only), then `init` (`!init`, guest
 * function -1 in the offset map); all lie back to back in `code`.
 */
export const assembleHostModule = (
  ctx: ModuleContext, code: HostCode, bodies: readonly CompiledBody[], outers: readonly BodyRange[], init: BodyRange,
  moduleName: string,
): HostModule => {
  const info = ctx.info;
  checkHostLimits(ctx, bodies.length);
  const initFunc = ctx.initFunc;
  const initType = info.types.length + BUILTINS.length;
  // the sections before the code, the code section's header, then the sections after it go into
  // two small writers; the bodies are copied once, straight from HostCode into the module
  const out = new ByteWriter(estimateHeadSize(ctx));
  out.bytes(WASM_HEADER);
  out.section(SectionId.type, (w) => writeTypes(w, info.types, ctx.extraTypes));
  out.section(SectionId.import, (w) => writeImports(w, ctx));
  out.section(SectionId.function, (w) => {
    w.u32(bodies.length + outers.length + 1);
    for (const b of bodies) w.u32(ctx.innerType(info.funcs[b.guestFunc]!));
    for (let k = 0; k < outers.length; k++) w.u32(info.funcs[info.numImportedFuncs + k]!);
    w.u32(initType);
  });
  if (info.globals.length - info.numImportedGlobals + ctx.helperGlobals.length > 0) {
    out.section(SectionId.global, (w) => writeGlobals(w, ctx));
  }
  out.section(SectionId.export, (w) => writeExports(w, ctx, initFunc));
  if (info.elems.length > 0) out.section(SectionId.element, (w) => writeElems(w, ctx));
  if (info.datas.length > 0) out.section(SectionId.dataCount, (w) => w.u32(info.datas.length));
  writeCodeHeader(out, bodies.length + outers.length + 1, init);
  const base = out.pos;
  const codeBytes = init.end;
  const tail = new ByteWriter(estimateTailSize(ctx));
  if (info.datas.length > 0) tail.section(SectionId.data, (w) => writeDatas(w, ctx));
  writeNameSection(tail, ctx, moduleName, initFunc);
  const total = base + codeBytes + tail.pos;
  if (total > HOST_LIMITS.maxModuleSize) {
    throw new CompileError(0, `implementation limit: host module of ${total} bytes (max ${HOST_LIMITS.maxModuleSize})`, 'invalid');
  }
  const bytes = new Uint8Array(total);
  bytes.set(out.view(), 0);
  bytes.set(code.buf.subarray(0, codeBytes), base);
  bytes.set(tail.view(), base + codeBytes);
  return { bytes, offsetMap: buildOffsetMap(ctx, code, bodies, init, initFunc, base) };
};
