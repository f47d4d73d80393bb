import { sweep } from '/work/main/test/unit/codegen/corpus.js';
const r = sweep(['core', 'bulk-memory']);
const m = new Map<string, string[]>();
for (const f of r.failures) { const k = f.detail.replace(/^unsupported instead of "([^"]*)": /, '$2|$1'); const key = f.detail.split(': ').slice(-1)[0]!; m.set(key, [...(m.get(key) ?? []), `${f.file}(${/"([^"]*)"/.exec(f.detail)?.[1]})`]); void k; }
for (const [k, v] of m) console.log(k, v.length, v.slice(0, 8).join(' '));
