import { readFileSync } from 'node:fs';
import { decodeModule } from '../../../winch/index.js';
import { FunctionCompiler } from '../../../winch/codegen/function-compiler.js';
import { ModuleContext } from '../../../winch/codegen/module-context.js';
import { DEFAULT_TUNABLES } from '../../../abi/index.js';
import { assembleHostModule } from '../../../winch/emit/host-module.js';
import { buildInitBody } from '../../../winch/emit/init-function.js';
const b = new Uint8Array(readFileSync(process.argv[2]!));
const info = decodeModule(b);
let codeBytes = 0; for (const x of info.bodies) codeBytes += x.end - x.offset;
console.log('funcs', info.bodies.length, 'code bytes', codeBytes);
const ts: number[][] = [];
for (let it = 0; it < 40; it++) {
  const t0 = performance.now();
  const ctx = new ModuleContext(info, DEFAULT_TUNABLES);
  const fc = new FunctionCompiler(ctx);
  const bodies = [];
  for (let f = info.numImportedFuncs; f < info.funcs.length; f++) bodies.push(fc.compile(f));
  const t1 = performance.now();
  const init = buildInitBody(ctx, fc.code);
  assembleHostModule(ctx, fc.code, bodies, init, 'x');
  const t2 = performance.now();
  ts.push([t1 - t0, t2 - t1]);
}
ts.sort((a, b) => a[0]! - b[0]!);
console.log('codegen', ts[20]![0]!.toFixed(2), 'ms', (codeBytes / 1e3 / ts[20]![0]!).toFixed(1), 'MB/s code; assemble', ts[20]![1]!.toFixed(2));
