/**
 * Outer wrappers of metered functions: one per defined guest function, with the guest signature,
 * passing the store's fuel counter and depth budget (globals) to the inner function as extra
 * params and storing the returned fuel counter back (see ModuleContext.metered).
 */
import { ValType } from '../../abi/index.js';
import type { BodyRange, HostCode } from '../codegen/host-code.js';
import type { ModuleContext } from '../codegen/module-context.js';
import { ByteWriter } from './wasm-writer.js';

/** Appends the outer wrapper bodies (in defined-function order) to `code`; none when not metered. */
export const buildOuterWrappers = (ctx: ModuleContext, code: HostCode): BodyRange[] => {
  if (!ctx.metered) return [];
  const out: BodyRange[] = [];
  const header = new ByteWriter(16);
  for (let k = 0; k < ctx.numDefinedFuncs; k++) {
    const f = ctx.numImportedFuncs + k;
    const params = ctx.types[ctx.info.funcs[f]!]!.params.length;
    const body = ctx.info.bodies[k]!;
    code.guestOffset = body.offset;
    code.beginBody();
    for (let i = 0; i < params; i++) code.localGet(i);
    if (ctx.fuel) code.globalGet(ctx.fuelGlobal);
    if (ctx.depthChecks) {
      // the inner function's frames may leave the global lower (set before their host calls)
      code.globalGet(ctx.depthGlobal);
      code.localTee(params);
    }
    code.call(ctx.hostCallee(f));
    if (ctx.fuel) code.globalSet(ctx.fuelGlobal);
    if (ctx.depthChecks) {
      code.localGet(params);
      code.globalSet(ctx.depthGlobal);
    }
    code.end();
    header.reset();
    if (ctx.depthChecks) {
      header.u32(1);
      header.u32(1);
      header.u8(ValType.i32);
    } else {
      header.u32(0);
    }
    out.push(code.endBody(header));
  }
  return out;
};
