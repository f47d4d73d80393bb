import { readFileSync } from 'node:fs';
import { decodeModule } from '../../../winch/index.js';
import { FunctionCompiler } from '../../../winch/codegen/function-compiler.js';
import { ModuleContext } from '../../../winch/codegen/module-context.js';
import { DEFAULT_TUNABLES } from '../../../abi/index.js';
const b = new Uint8Array(readFileSync(process.argv[2]!));
const info = decodeModule(b);
for (let it = 0; it < 80; it++) {
  const ctx = new ModuleContext(info, DEFAULT_TUNABLES);
  const fc = new FunctionCompiler(ctx);
  for (let f = info.numImportedFuncs; f < info.funcs.length; f++) fc.compile(f);
}
