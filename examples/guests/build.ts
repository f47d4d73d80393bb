// Rebuilds every examples/guests/*.wasm from its .wat with the wabt npm package
// (with debug names). Run: npx tsx examples/guests/build.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = dirname(fileURLToPath(import.meta.url));
const wabt = await wabtInit();
const features = { bulk_memory: true, sign_extension: true, sat_float_to_int: true, multi_value: true, simd: true };

for (const name of readdirSync(dir).filter((f) => f.endsWith('.wat')).sort()) {
  const text = readFileSync(join(dir, name), 'utf8');
  const mod = wabt.parseWat(name, text, features);
  try {
    mod.validate();
    const out = new Uint8Array(mod.toBinary({ write_debug_names: true }).buffer);
    const target = name.replace(/\.wat$/, '.wasm');
    writeFileSync(join(dir, target), out);
    console.log(`${target}: ${out.length} bytes`);
  } finally {
    mod.destroy();
  }
}
