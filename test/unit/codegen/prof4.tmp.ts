import { readFileSync } from 'node:fs';
import { decodeModule } from '../../../winch/index.js';
import { FunctionCompiler } from '../../../winch/codegen/function-compiler.js';
import { ModuleContext } from '../../../winch/codegen/module-context.js';
import { DEFAULT_TUNABLES } from '../../../abi/index.js';
import { assembleHostModule } from '../../../winch/emit/host-module.js';
import { buildInitBody } from '../../../winch/emit/init-function.js';
const b = new Uint8Array(readFileSync(process.argv[2]!));
const info = decodeModule(b);
console.log('elems', info.elems.length, info.elems.reduce((n, e) => n + e.init.length, 0), 'datas', info.datas.length, info.datas.reduce((n, e) => n + e.bytes.length, 0), 'globals', info.globals.length, 'names', info.funcNames.size);
const ctx = new ModuleContext(info, DEFAULT_TUNABLES);
const fc = new FunctionCompiler(ctx);
const bodies = [];
for (let f = info.numImportedFuncs; f < info.funcs.length; f++) bodies.push(fc.compile(f));
for (let i = 0; i < 30; i++) { const t0 = performance.now(); const init = buildInitBody(ctx, fc.code); const t1 = performance.now(); assembleHostModule(ctx, fc.code, bodies, init, 'x'); if (i > 25) console.log((t1 - t0).toFixed(2), (performance.now() - t1).toFixed(2)); }
