/**
 * The host module's `name` section: the host module name (how stack frames are mapped
 * back to the artifact) and function names (guest names, builtins, `!init`), each ending in
 * `#<host index>` (JavaScriptCore's stack frames show names only).
 */
import { HOST_BUILTIN_MODULE, hostExportName } from '../../abi/index.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { SectionId } from '../codegen/opcodes.js';
import { ByteWriter, u32Size } from './wasm-writer.js';

/** Subsection ids of the `name` custom section. */
const NameSubsection = { module: 0, function: 1 } as const;

const HASH = 0x23;
const DIGIT_0 = 0x30;

/** Decimal digits of a non-negative integer. */
const digitCount = (n: number): number => {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
};

/**
 * Writes the name `${s}#${index}` (length-prefixed UTF-8) without building the string: most
 * names are ASCII and go straight into the buffer, one code unit per byte (the length prefix
 * of an ASCII name is known up front); a non-ASCII one is rewritten through the encoder.
 */
const writeIndexedName = (w: ByteWriter, s: string, index: number): void => {
  const digits = digitCount(index);
  const len = s.length + 1 + digits;
  const start = w.pos;
  w.u32(len);
  w.ensure(len);
  const buf = w.buf;
  let p = w.pos;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      w.pos = start;
      w.name(`${s}#${index}`);
      return;
    }
    buf[p++] = c;
  }
  buf[p++] = HASH;
  let n = index;
  for (let k = p + digits - 1; k >= p; k--) {
    buf[k] = DIGIT_0 + (n % 10);
    n = Math.floor(n / 10);
  }
  w.pos = p + digits;
};

/** Appends the custom `name` section. */
export const writeNameSection = (out: ByteWriter, ctx: ModuleContext, moduleName: string, initFunc: number): void => {
  const info = ctx.info;
  const funcNames = info.funcNames;
  // every host function is named, in host index order: imports, builtins, (inner) defined
  // functions, outer wrappers (metered), `!init`
  const fn = new ByteWriter(256 + 16 * (initFunc + 1));
  fn.u32(initFunc + 1);
  const guestName = (f: number, h: number, suffix: string): void => {
    const n = funcNames.get(f);
    fn.u32(h);
    writeIndexedName(fn, n === undefined ? '' : suffix === '' ? n : n + suffix, h);
  };
  for (let f = 0; f < ctx.numImportedFuncs; f++) guestName(f, f, '');
  ctx.builtins.forEach((b, k) => {
    const h = ctx.numImportedFuncs + k;
    fn.u32(h);
    writeIndexedName(fn, `${HOST_BUILTIN_MODULE}.${b.name}`, h);
  });
  for (let f = ctx.numImportedFuncs; f < ctx.numFuncs; f++) guestName(f, ctx.hostCallee(f), '');
  if (ctx.metered) {
    for (let f = ctx.numImportedFuncs; f < ctx.numFuncs; f++) guestName(f, ctx.hostFunc(f), '.entry');
  }
  fn.u32(initFunc);
  writeIndexedName(fn, hostExportName.init, initFunc);

  const sub = new ByteWriter(64);
  sub.name(moduleName);
  const nameLen = 1 + 4; // the section name 'name'
  const size = nameLen + 1 + u32Size(sub.pos) + sub.pos + 1 + u32Size(fn.pos) + fn.pos;
  out.u8(SectionId.custom);
  out.u32(size);
  out.name('name');
  out.u8(NameSubsection.module);
  out.vecBytes(sub.view());
  out.u8(NameSubsection.function);
  out.vecBytes(fn.view());
};
