/**
 * The host module's `name` section: the host module name (how stack frames are mapped
 * back to the artifact) and function names (guest names, builtins, `!init`), each ending in
 * `#<host index>` (JavaScriptCore's stack frames show names only).
 */
import { HOST_BUILTIN_MODULE, hostExportName } from '../../abi/index.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { SectionId } from '../codegen/opcodes.js';
import { ByteWriter } from './wasm-writer.js';

/** Subsection ids of the `name` custom section. */
const NameSubsection = { module: 0, function: 1 } as const;

/** Appends the custom `name` section. */
export const writeNameSection = (out: ByteWriter, ctx: ModuleContext, moduleName: string, initFunc: number): void => {
  const info = ctx.info;
  const names: [number, string][] = [];
  for (let f = 0; f < ctx.numImportedFuncs; f++) {
    const n = info.funcNames.get(f);
    if (n !== undefined) names.push([f, n]);
  }
  ctx.builtins.forEach((b, k) => names.push([ctx.numImportedFuncs + k, `${HOST_BUILTIN_MODULE}.${b.name}`]));
  for (let f = ctx.numImportedFuncs; f < ctx.numFuncs; f++) {
    const n = info.funcNames.get(f);
    if (n !== undefined) names.push([ctx.hostCallee(f), n]);
  }
  if (ctx.metered) {
    for (let f = ctx.numImportedFuncs; f < ctx.numFuncs; f++) {
      const n = info.funcNames.get(f);
      if (n !== undefined) names.push([ctx.hostFunc(f), `${n}.entry`]);
    }
  }
  names.push([initFunc, hostExportName.init]);
  // `#<index>` lets a backtrace on JavaScriptCore (which prints names, not indices) find the function
  for (const entry of names) entry[1] = `${entry[1]}#${entry[0]}`;
  const named = new Set(names.map(([i]) => i));
  for (let f = 0; f <= initFunc; f++) if (!named.has(f)) names.push([f, `#${f}`]);
  names.sort((a, b) => a[0] - b[0]);

  const body = new ByteWriter(256);
  body.name('name');
  const sub = new ByteWriter(64);
  sub.name(moduleName);
  body.u8(NameSubsection.module);
  body.vecBytes(sub.view());
  const fn = new ByteWriter(256);
  fn.u32(names.length);
  for (const [i, n] of names) {
    fn.u32(i);
    fn.name(n);
  }
  body.u8(NameSubsection.function);
  body.vecBytes(fn.view());
  out.u8(SectionId.custom);
  out.vecBytes(body.view());
};
