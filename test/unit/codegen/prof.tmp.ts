import { readFileSync } from 'node:fs';
import { compile, decodeModule } from '../../../winch/index.js';
import { hostModuleNameFor } from '../../../winch/emit/module-name.js';
import { DEFAULT_TUNABLES } from '../../../abi/index.js';
for (const f of process.argv.slice(2)) {
const b = new Uint8Array(readFileSync(f));
const med = (fn: () => void) => { const ts: number[] = []; for (let i = 0; i < 25; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); } ts.sort((a, b) => a - b); return ts[12]!; };
const d = med(() => decodeModule(b)); const h = med(() => hostModuleNameFor(b, DEFAULT_TUNABLES)); const c = med(() => compile(b));
console.log(f.split('/').slice(-2).join('/'), b.length, 'decode', d.toFixed(2), 'hash', h.toFixed(2), 'compile', c.toFixed(2), (b.length / 1e3 / c).toFixed(1), 'MB/s');
}
