import { wat } from './harness.js';
import { compile } from '../../../winch/index.js';
import { readFileSync } from 'node:fs';
const src = readFileSync('test/unit/codegen/control.test.ts', 'utf8');
const m = /const src = `(\(module[\s\S]*?)`;/.exec(src)!;
const b = wat(m[1]!);
console.log(WebAssembly.validate(b));
try { new WebAssembly.Module(b) } catch (e) { console.log(String(e)) }
try { compile(b) } catch (e) { console.log(String(e)); console.log(Buffer.from(b.slice(0x80, 0xa0)).toString('hex')) }
