import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../winch/index.js';
const root = '/work/shared/benchmarks/sightglass';
for (const d of readdirSync(root)) {
  const dir = join(root, d);
  if (!statSync(dir).isDirectory()) continue;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.wasm'))) {
    const b = new Uint8Array(readFileSync(join(dir, f)));
    try {
      let a = compile(b);
      const t0 = performance.now();
      const N = 5;
      for (let i = 0; i < N; i++) a = compile(b);
      const ms = (performance.now() - t0) / N;
      console.log(d, f, b.length, `${ms.toFixed(1)}ms`, `${(b.length / 1e6 / (ms / 1000)).toFixed(1)} MB/s`, 'valid', WebAssembly.validate(a.hostBytes), 'ratio', (a.hostBytes.length / b.length).toFixed(2));
    } catch (e) { console.log(d, f, b.length, String(e).slice(0, 150)); }
  }
}
