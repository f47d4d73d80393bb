import { sweep } from '/work/main/test/unit/codegen/corpus.js';
const r = sweep(process.argv.slice(2).length ? process.argv.slice(2) : ['core', 'bulk-memory']);
for (const f of r.failures.filter(f => !f.detail.startsWith('unsupported'))) console.log(f.file, f.line, f.type, f.detail);
console.log(r.textDiffers.join('\n'));
