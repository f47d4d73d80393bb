import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExternKind, HOST_BUILTIN_MODULE, HOST_GUEST_IMPORT_MODULE, hostExportName, hostImportName, TRAP_CODES, trapCodeName } from '../../../abi/index.js';
import { compile, CompileError, UnsupportedError } from '../../../winch/index.js';
import { TestTrap } from './harness.js';

type Ext = { kind: number; value: unknown; bound?: WebAssembly.Global; max?: number };
type Inst = Map<string, Ext>;

const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
const f64 = (bits: bigint) => new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
const hostRefs = new Map<string, object>();
const hostRef = (n: string) => { if (!hostRefs.has(n)) hostRefs.set(n, { ref: n }); return hostRefs.get(n)!; };

const makeSpectest = (): Inst => {
const spectest: Inst = new Map();
const smem = new WebAssembly.Memory({ initial: 1, maximum: 2 });
spectest.set('memory', { kind: 2, value: smem, bound: new WebAssembly.Global({ value: 'i64', mutable: true }, 65536n), max: 2 });
spectest.set('table', { kind: 1, value: new WebAssembly.Table({ element: 'anyfunc', initial: 10, maximum: 20 }) });
for (const [n, t, v] of [['global_i32', 'i32', 666], ['global_i64', 'i64', 666n], ['global_f32', 'f32', f32(0x4426A666)], ['global_f64', 'f64', 666.6]] as const)
  spectest.set(n, { kind: 3, value: new WebAssembly.Global({ value: t }, v as never) });
for (const n of ['print', 'print_i32', 'print_i64', 'print_f32', 'print_f64', 'print_i32_f32', 'print_f64_f64']) spectest.set(n, { kind: 0, value: () => {} });
return spectest; };

const arg = (a: { type: string; value: string }): unknown => {
  switch (a.type) {
    case 'i32': return Number(a.value) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt(a.value));
    case 'f32': return f32(Number(a.value));
    case 'f64': return f64(BigInt(a.value));
    case 'externref': return a.value === 'null' ? null : hostRef(a.value);
    case 'funcref': return null;
  }
  throw new Error('arg ' + a.type);
};
const match = (e: { type: string; value?: string }, r: unknown): boolean => {
  switch (e.type) {
    case 'i32': return ((r as number) >>> 0) === Number(e.value);
    case 'i64': return BigInt.asUintN(64, r as bigint) === BigInt(e.value!);
    case 'f32': if (e.value!.startsWith('nan')) return Number.isNaN(r); { const x = f32(Number(e.value)); return Number.isNaN(x) ? Number.isNaN(r) : Object.is(x, r); }
    case 'f64': if (e.value!.startsWith('nan')) return Number.isNaN(r); { const x = f64(BigInt(e.value!)); return Number.isNaN(x) ? Number.isNaN(r) : Object.is(x, r); }
    case 'externref': return e.value === undefined ? r !== null : e.value === 'null' ? r === null : r === hostRef(e.value);
    case 'funcref': return e.value === undefined ? r !== null : r === null;
    case 'ref': return r === null;
  }
  return false;
};

function instantiate(bytes: Uint8Array, registry: Map<string, Inst>): Inst {
  const a = compile(bytes);
  const g = a.guest;
  const wl: Record<string, unknown> = {};
  const gi: Record<string, unknown> = {};
  const memories: WebAssembly.Memory[] = [], bounds: WebAssembly.Global[] = [], tables: WebAssembly.Table[] = [];
  let fi = 0, gl = 0;
  for (const im of g.imports) {
    const ext = registry.get(im.module)?.get(im.name);
    if (!ext || ext.kind !== im.desc.kind) throw new Error('unlinkable');
    if (im.desc.kind === ExternKind.func) gi[hostImportName.func(fi++)] = ext.value;
    else if (im.desc.kind === ExternKind.global) gi[hostImportName.global(gl++)] = ext.value;
    else if (im.desc.kind === ExternKind.memory) { memories.push(ext.value as WebAssembly.Memory); bounds.push(ext.bound!); }
    else tables.push(ext.value as WebAssembly.Table);
  }
  const maxes: number[] = g.memories.map((m) => m.limits.max ?? 65536);
  for (let i = memories.length; i < g.memories.length; i++) {
    const m = g.memories[i]!;
    memories.push(new WebAssembly.Memory({ initial: m.limits.min }));
    bounds.push(new WebAssembly.Global({ value: 'i64', mutable: true }, BigInt(m.limits.min * 65536)));
  }
  for (let i = tables.length; i < g.tables.length; i++) {
    const t = g.tables[i]!;
    tables.push(new WebAssembly.Table({ element: t.elemType === 0x70 ? 'anyfunc' : 'externref', initial: t.limits.min, ...(t.limits.max !== undefined ? { maximum: t.limits.max } : {}) } as WebAssembly.TableDescriptor, null));
  }
  wl.trap = (code: number) => { throw new TestTrap(code); };
  wl.memory_grow = (m: number, delta: number) => {
    const b = bounds[m]!; const old = Number(b.value) / 65536; const d = delta >>> 0;
    if (old + d > maxes[m]!) return -1;
    try { memories[m]!.grow(d); } catch { return -1; }
    b.value = BigInt((old + d) * 65536); return old;
  };
  memories.forEach((m, i) => { wl[hostImportName.memory(i)] = m; wl[hostImportName.memoryBound(i)] = bounds[i]; });
  tables.forEach((t, i) => { wl[hostImportName.table(i)] = t; });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(a.hostBytes), { [HOST_BUILTIN_MODULE]: wl, [HOST_GUEST_IMPORT_MODULE]: gi } as WebAssembly.Imports);
  const ex = inst.exports as Record<string, unknown>;
  const out: Inst = new Map();
  for (const e of g.exports) {
    if (e.kind === 0) out.set(e.name, { kind: 0, value: ex[hostExportName.func(e.index)] });
    else if (e.kind === 1) out.set(e.name, { kind: 1, value: tables[e.index] });
    else if (e.kind === 2) out.set(e.name, { kind: 2, value: memories[e.index], bound: bounds[e.index], max: maxes[e.index] });
    else out.set(e.name, { kind: 3, value: e.index < g.numImportedGlobals ? gi[hostImportName.global(e.index)] : ex[hostExportName.global(e.index)] });
  }
  (ex[hostExportName.init] as () => void)();
  if (g.start !== null) (ex[hostExportName.func(g.start)] as () => void)();
  return out;
}

const trapName = (text: string) => text.startsWith('undefined element') ? 'TableOutOfBounds' : TRAP_CODES.find((c) => text.startsWith(c.message))?.name;
let pass = 0, fail = 0, skipped = 0;
const fails: string[] = [];
const dirs = process.argv.slice(2);
for (const d of dirs.length ? dirs : ['core', 'bulk-memory']) {
  const dir = join('/work/shared/spectest', d);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const cmds = JSON.parse(readFileSync(join(dir, f), 'utf8')).commands as any[];
    const registry = new Map<string, Inst>([['spectest', makeSpectest()]]);
    const named = new Map<string, Inst>();
    let cur: Inst | null = null;
    let curOk = false;
    for (const c of cmds) {
      const where = `${d}/${f}:${c.line}`;
      try {
        if (c.type === 'module') {
          if (c.definition) continue;
          curOk = false; cur = null;
          try { cur = instantiate(new Uint8Array(readFileSync(join(dir, c.filename))), registry); curOk = true; if (c.name) named.set(c.name, cur); }
          catch (e) { if (e instanceof UnsupportedError) { skipped++; continue; } throw e; }
        } else if (c.type === 'register') {
          const i = c.name ? named.get(c.name) : cur; if (i) registry.set(c.as, i);
        } else if (c.type === 'assert_return' || c.type === 'action' || c.type === 'assert_trap' || c.type === 'assert_exhaustion') {
          const inst = c.action.module ? named.get(c.action.module) : (curOk ? cur : null);
          if (!inst) { skipped++; continue; }
          const ext = inst.get(c.action.field)!;
          let result: unknown, err: unknown = null;
          try {
            if (c.action.type === 'get') result = (ext.value as WebAssembly.Global).value;
            else result = (ext.value as (...a: unknown[]) => unknown)(...c.action.args.map(arg));
          } catch (e) { err = e; }
          if (c.type === 'assert_return') {
            if (err) throw new Error(`unexpected ${String(err)}`);
            const rs = c.expected.length === 1 ? [result] : (result as unknown[] ?? []);
            if (c.either) { if (!c.either.some((e: any) => match(e, result))) throw new Error('either mismatch'); }
            else c.expected.forEach((e: any, i: number) => { if (!match(e, rs[i])) throw new Error(`result ${i}: expected ${JSON.stringify(e)} got ${String(rs[i])}`); });
          } else if (c.type === 'assert_trap') {
            if (!err) throw new Error(`expected trap ${c.text}`);
            const want = trapName(c.text);
            if (err instanceof TestTrap) { if (trapCodeName(err.code) !== want) throw new Error(`trap ${trapCodeName(err.code)} expected ${c.text}`); }
            else if (!(err instanceof WebAssembly.RuntimeError)) throw new Error(`non-trap ${String(err)}`);
            else if (want !== 'BadSignature' && want !== 'StackOverflow') throw new Error(`host trap ${String(err)} for ${c.text}`);
          } else if (c.type === 'assert_exhaustion') {
            if (!(err instanceof RangeError)) throw new Error(`expected exhaustion got ${String(err)}`);
          } else if (err) throw err;
        } else if (c.type === 'assert_uninstantiable') {
          try { instantiate(new Uint8Array(readFileSync(join(dir, c.filename))), registry); throw new Error('instantiated'); }
          catch (e) { if (!(e instanceof TestTrap) && !(e instanceof WebAssembly.RuntimeError)) { if (e instanceof UnsupportedError) { skipped++; continue; } throw e; } }
        } else { continue; }
        pass++;
      } catch (e) {
        fail++;
        fails.push(`${where} ${c.type} ${c.action?.field ?? ''}: ${(e as Error).message}`);
      }
    }
  }
}
console.log({ pass, fail, skipped });
console.log(fails.slice(0, 80).join('\n'));
