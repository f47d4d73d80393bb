/**
 * decodeModule: one pass over a guest binary producing ModuleInfo, with every
 * module-level validation rule (function bodies stay byte ranges for codegen).
 */
import { BUILTINS, ExternKind, ValType, externKindName, valTypeName, type Export, type ImportDesc } from '../../abi/index.js';
import { CompileError } from '../compile-error.js';
import { readConstExpr, readFuncIndexElem } from './const-expr.js';
import { DecodeContext } from './decode-context.js';
import { IMPL_LIMITS } from './limits.js';
import type { ConstExpr, DataSegment, ElemMode, ModuleInfo } from './module-info.js';
import { readNameSection } from './name-section.js';
import { BinaryReader, DecodeMsg } from './reader.js';
import {
  UNSUPPORTED_VALTYPE, readGlobalType, readMemoryType, readRefType, readTableType, readTagType, readTypeEntry,
} from './value-types.js';

/** Section ids of the binary format. */
export const SectionId = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7,
  start: 8, element: 9, code: 10, data: 11, dataCount: 12, tag: 13,
} as const;

/** Required order of non-custom sections, indexed by id (tag sits between memory and global). */
const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

const MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;
const VERSION = [0x01, 0x00, 0x00, 0x00] as const;

/**
 * Decodes and validates the module-level structure of a guest binary.
 * Throws `CompileError` (kind 'malformed' or 'invalid') or `UnsupportedError`.
 * Malformed input wins over validation errors, which are reported after the whole
 * binary has decoded (function bodies are validated later, by codegen).
 */
export function decodeModule(bytes: Uint8Array): ModuleInfo {
  if (bytes.length > IMPL_LIMITS.moduleBytes) {
    throw new CompileError(0, `module too large: ${bytes.length} bytes (implementation limit ${IMPL_LIMITS.moduleBytes})`, 'invalid');
  }
  const info: ModuleInfo = {
    bytes, types: [], imports: [], funcs: [], numImportedFuncs: 0, tables: [], numImportedTables: 0,
    memories: [], numImportedMemories: 0, globals: [], numImportedGlobals: 0, globalInits: [], exports: [],
    start: null, elems: [], datas: [], dataCount: null, bodies: [], customSections: [], moduleName: undefined,
    funcNames: new Map(), declaredFuncRefs: new Set(),
  };
  const r = new BinaryReader(bytes);
  const cx = new DecodeContext(r, info);

  const magic = r.bytes(4);
  if (MAGIC.some((b, i) => magic[i] !== b)) r.fail('magic header not detected', 0);
  const version = r.bytes(4);
  if (VERSION.some((b, i) => version[i] !== b)) r.fail('unknown binary version', 4);

  let lastRank = 0;
  while (!r.eof) {
    const idAt = r.pos;
    const id = r.u8();
    const rank = SECTION_RANK[id];
    if (rank === undefined) r.fail('malformed section id', idAt);
    if (id !== SectionId.custom) {
      if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
      lastRank = rank;
    }
    const size = r.len32();
    const start = r.pos;
    decodeSection(cx, id, size);
    if (r.pos !== start + size) r.fail('section size mismatch', start);
  }

  const end = bytes.length;
  if (info.bodies.length !== info.funcs.length - info.numImportedFuncs) {
    r.fail('function and code section have inconsistent lengths', end);
  }
  if (info.dataCount !== null && info.dataCount !== info.datas.length) {
    r.fail('data count and data section have inconsistent lengths', end);
  }
  const hostImports = info.imports.length - info.numImportedTables - info.numImportedMemories +
    BUILTINS.length + info.tables.length + 2 * info.memories.length;
  cx.checkLimit(end, 'imports', hostImports, 'imports (host module: guest imports, builtins, memories, bounds, tables)');
  if (cx.pending) throw cx.pending;
  return info;
}

function decodeSection(cx: DecodeContext, id: number, size: number): void {
  switch (id) {
    case SectionId.custom: return decodeCustom(cx, size);
    case SectionId.type: return decodeTypes(cx);
    case SectionId.import: return decodeImports(cx);
    case SectionId.function: return decodeFunctions(cx);
    case SectionId.table: return decodeTables(cx);
    case SectionId.memory: return vec(cx, () => addMemory(cx, readMemoryType(cx)));
    case SectionId.tag: return vec(cx, () => readTagType(cx));
    case SectionId.global: return decodeGlobals(cx);
    case SectionId.export: return decodeExports(cx);
    case SectionId.start: return decodeStart(cx);
    case SectionId.element: return decodeElems(cx);
    case SectionId.dataCount: cx.info.dataCount = cx.r.u32(); return;
    case SectionId.code: return decodeCode(cx);
    case SectionId.data: return decodeDatas(cx);
  }
}

function decodeTypes(cx: DecodeContext): void {
  const at = cx.r.pos;
  const n = cx.r.len32();
  cx.checkLimit(at, 'types', n); // each entry defines at least one type
  for (let i = 0; i < n; i++) readTypeEntry(cx);
}

/** Reads a vector length (bounded by the bytes left) and calls `item` that many times. */
function vec(cx: DecodeContext, item: (i: number) => void): void {
  const n = cx.r.len32();
  for (let i = 0; i < n; i++) item(i);
}

function decodeCustom(cx: DecodeContext, size: number): void {
  const r = cx.r;
  const start = r.pos;
  const name = r.name();
  const used = r.pos - start;
  if (used > size) r.failEnd();
  const bytes = r.bytes(size - used);
  cx.info.customSections.push({ name, bytes });
  if (name === 'name') {
    const names = readNameSection(bytes);
    if (names.moduleName !== undefined) cx.info.moduleName = names.moduleName;
    if (names.funcNames) for (const [i, n] of names.funcNames) cx.info.funcNames.set(i, n);
  }
}

function addMemory(cx: DecodeContext, type: ModuleInfo['memories'][number]): void {
  const info = cx.info;
  if (info.memories.length === 1) cx.unsupported(cx.r.pos, 'multiple memories');
  info.memories.push(type);
}

function checkTypeIndex(cx: DecodeContext, at: number, index: number): void {
  if (index >= cx.info.types.length) cx.invalid(at, `unknown type ${index}`);
}

function decodeImports(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'imports', n);
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case ExternKind.func: {
        const tat = r.pos;
        const typeIndex = r.u32();
        checkTypeIndex(cx, tat, typeIndex);
        cx.checkLimit(tat, 'funcs', info.funcs.length + 1 + BUILTINS.length, 'functions');
        info.funcs.push(typeIndex);
        info.numImportedFuncs++;
        desc = { kind, typeIndex };
        break;
      }
      case ExternKind.table: {
        const type = readTableType(cx);
        cx.checkLimit(kindAt, 'tables', info.tables.length + 1);
        info.tables.push(type);
        info.numImportedTables++;
        desc = { kind, type };
        break;
      }
      case ExternKind.memory: {
        const type = readMemoryType(cx);
        addMemory(cx, type);
        info.numImportedMemories++;
        desc = { kind, type };
        break;
      }
      case ExternKind.global: {
        const type = readGlobalType(cx);
        cx.checkLimit(kindAt, 'globals', info.globals.length + 1);
        info.globals.push(type);
        info.numImportedGlobals++;
        desc = { kind, type };
        break;
      }
      case 4: // tag
        readTagType(cx);
        continue;
      default:
        return r.fail('malformed import kind', kindAt);
    }
    info.imports.push({ module, name, desc });
  }
}

function decodeFunctions(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'funcs', info.funcs.length + n + BUILTINS.length, 'functions');
  for (let i = 0; i < n; i++) {
    const tat = r.pos;
    const typeIndex = r.u32();
    checkTypeIndex(cx, tat, typeIndex);
    info.funcs.push(typeIndex);
  }
}

function decodeTables(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'tables', info.tables.length + n);
  for (let i = 0; i < n; i++) {
    const tat = r.pos;
    if (r.peek() === 0x40) {
      // Table with an explicit initializer (typed function references).
      r.pos++;
      if (r.u8() !== 0) r.fail('zero byte expected', r.pos - 1);
      const type = readTableType(cx);
      const init = readConstExpr(cx, type.elemType, info.numImportedGlobals);
      const isNull = init.ops.length === 1 && init.ops[0]!.op === 'ref.null';
      if (!isNull) cx.unsupported(tat, 'table initializer expressions');
      info.tables.push(type);
    } else {
      info.tables.push(readTableType(cx));
    }
  }
}

function decodeGlobals(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'globals', info.globals.length + n);
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(cx);
    // An initializer may read imported globals and earlier immutable defined ones.
    const init = readConstExpr(cx, type.type, info.globals.length);
    info.globals.push(type);
    info.globalInits.push(init);
  }
}

function decodeExports(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'exports', n);
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    const nameAt = r.pos;
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    if (kind > 4) r.fail('malformed export kind', kindAt);
    const index = r.u32();
    if (kind === 4) {
      cx.unsupported(kindAt, 'exception handling (tags)');
      continue;
    }
    const count = kind === ExternKind.func ? info.funcs.length
      : kind === ExternKind.table ? info.tables.length
      : kind === ExternKind.memory ? info.memories.length
      : info.globals.length;
    if (index >= count) cx.invalid(kindAt, `unknown ${externKindName(kind as Export['kind'])} ${index}`);
    else if (kind === ExternKind.func) info.declaredFuncRefs.add(index);
    if (names.has(name)) cx.invalid(nameAt, `duplicate export name "${name}"`);
    names.add(name);
    info.exports.push({ name, kind: kind as Export['kind'], index });
  }
}

function decodeStart(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const index = r.u32();
  info.start = index;
  if (index >= info.funcs.length) {
    cx.invalid(at, `unknown function ${index}`);
    return;
  }
  const type = info.types[info.funcs[index]!];
  if (type && (type.params.length !== 0 || type.results.length !== 0)) {
    cx.invalid(at, 'start function must not have parameters or results');
  }
}

function decodeElems(cx: DecodeContext): void {
  const { r, info } = cx;
  vec(cx, () => {
    const at = r.pos;
    const flags = r.u32();
    if (flags > 7) r.fail('malformed elements segment kind', at);
    // bit 0: passive/declarative; bit 1: explicit table index (active) or declarative; bit 2: expressions.
    const mode: ElemMode = flags & 1 ? (flags & 2 ? 'declarative' : 'passive') : 'active';
    let table = 0;
    let offset: ConstExpr | null = null;
    if (mode === 'active') {
      const tat = r.pos;
      if (flags & 2) table = r.u32();
      if (table >= info.tables.length) cx.invalid(tat, `unknown table ${table}`);
      offset = readConstExpr(cx, ValType.i32, info.globals.length);
    }
    const exprs = (flags & 4) !== 0;
    let elemType: number = ValType.funcref;
    if (flags & 3) {
      const kat = r.pos;
      if (exprs) elemType = readRefType(cx);
      else if (r.u8() !== 0) r.fail('malformed element kind', kat);
    }
    const nat = r.pos;
    const n = r.len32();
    cx.checkLimit(nat, 'elemSegmentEntries', n, 'elements in a segment');
    const init: ConstExpr[] = [];
    for (let i = 0; i < n; i++) {
      init.push(exprs ? readConstExpr(cx, elemType, info.globals.length) : readFuncIndexElem(cx));
    }
    if (mode === 'active' && table < info.tables.length) {
      const tableType = info.tables[table]!.elemType;
      if (elemType !== tableType && elemType !== UNSUPPORTED_VALTYPE && tableType !== UNSUPPORTED_VALTYPE) {
        cx.invalid(at, `type mismatch: element segment's type ${valTypeName(elemType)} does not match table's element type ${valTypeName(tableType)}`);
      }
    }
    info.elems.push({ mode, table, offset, elemType, init });
  });
}

function decodeCode(cx: DecodeContext): void {
  const { r, info } = cx;
  vec(cx, () => {
    const at = r.pos;
    const size = r.len32();
    cx.checkLimit(at, 'funcBodyBytes', size, 'bytes in a function body');
    const offset = r.pos;
    r.skip(size);
    info.bodies.push({ offset, end: offset + size });
  });
}

function decodeDatas(cx: DecodeContext): void {
  const { r, info } = cx;
  const at = r.pos;
  const n = r.len32();
  cx.checkLimit(at, 'dataSegments', n, 'data segments');
  for (let i = 0; i < n; i++) {
    const fat = r.pos;
    const flags = r.u32();
    if (flags > 2) r.fail('malformed data segment kind', fat);
    let segment: DataSegment;
    if (flags === 1) {
      segment = { mode: 'passive', memory: 0, offset: null, bytes: r.bytes(r.len32()) };
    } else {
      const mat = r.pos;
      const memory = flags === 2 ? r.u32() : 0;
      if (memory >= info.memories.length) cx.invalid(mat, `unknown memory ${memory}`);
      const offset = readConstExpr(cx, ValType.i32, info.globals.length);
      segment = { mode: 'active', memory, offset, bytes: r.bytes(r.len32()) };
    }
    info.datas.push(segment);
  }
}
