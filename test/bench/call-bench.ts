// Call overhead between host and guest (the design notes' typed nop benchmarks): host-to-wasm
// and wasm-to-host calls of nops with 0, 1, 4 and 16 arguments of mixed types, natively on the
// host engine and through Windlass (TypedFunc / Func.wrap fast paths and the dynamic array-call
// paths Func.call / Func.new), in ns per call, interleaved rounds, median.
import wabtInit from 'wabt';
import { Engine, Func, Linker, Module, Store } from '../../runtime/index.js';
import type { ValTypeName } from '../../runtime/index.js';
import { fmt, median } from './stats.js';
import { printTable } from './table.js';

/** Arities and their mixed parameter types (i32, i64, f32, f64 repeating). */
const ARITIES = [0, 1, 4, 16] as const;
const MIX: readonly ValTypeName[] = ['i32', 'i64', 'f32', 'f64'];
const paramsOf = (n: number): ValTypeName[] => Array.from({ length: n }, (_, i) => MIX[i % 4]!);
const resultsOf = (n: number): ValTypeName[] => (n === 0 ? [] : ['i32']);
const ARG_TEXT: Record<ValTypeName, string> = { i32: '7', i64: '7n', f32: '1.5', f64: '2.25', v128: '', funcref: 'null', externref: 'null' };
const CONST_WAT: Record<string, string> = { i32: '(i32.const 7)', i64: '(i64.const 7)', f32: '(f32.const 1.5)', f64: '(f64.const 2.25)' };

const guestWat = (): string => {
  const parts: string[] = [];
  for (const n of ARITIES) {
    const ps = paramsOf(n);
    const sig = `${ps.length ? `(param ${ps.join(' ')})` : ''} ${n ? '(result i32)' : ''}`;
    parts.push(`(import "h" "nop${n}" (func $h${n} ${sig}))`);
  }
  for (const n of ARITIES) {
    const ps = paramsOf(n);
    const sig = `${ps.length ? `(param ${ps.join(' ')})` : ''} ${n ? '(result i32)' : ''}`;
    parts.push(`(func (export "nop${n}") ${sig} ${n ? '(local.get 0)' : ''})`);
    const call = `(call $h${n} ${ps.map((t) => CONST_WAT[t]).join(' ')})`;
    parts.push(`(func (export "call${n}") (param $k i32)
      (loop $l ${n ? `(drop ${call})` : call}
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))`);
  }
  return `(module ${parts.join('\n')})`;
};

type Loop = (fn: unknown, n: number) => void;

/**
 * A fresh loop `for (i < n) fn(args of arity n)`: one function literal per use, so every
 * variant gets its own call-site feedback (no polymorphic call site shared between variants).
 */
const makeLoop = (arity: number): Loop => {
  const args = paramsOf(arity).map((t) => ARG_TEXT[t]).join(', ');
  return new Function('fn', 'n', `for (let i = 0; i < n; i++) fn(${args});`) as Loop;
};

const hostNop = (n: number): ((...a: unknown[]) => unknown) => (n === 0 ? () => {} : (a: unknown) => a);

export interface CallBenchRow {
  readonly direction: 'host-to-wasm' | 'wasm-to-host';
  readonly args: number;
  readonly nativeNs: number;
  /** TypedFunc (host-to-wasm) or Func.wrap (wasm-to-host). */
  readonly typedNs: number;
  /** Func.call (host-to-wasm) or Func.new (wasm-to-host): the array-call path. */
  readonly dynamicNs: number;
  readonly typedRatio: number;
  readonly dynamicRatio: number;
}

export interface CallBenchOptions {
  /** Calls per timed sample. */
  readonly calls: number;
  readonly rounds: number;
}

/** Median ns per call of each variant, sampled in rotating order. */
const measure = (variants: readonly (() => void)[], calls: number, rounds: number): number[] => {
  const samples: number[][] = variants.map(() => []);
  for (const v of variants) v(); // warm up
  for (let r = 0; r < rounds; r++) {
    for (let s = 0; s < variants.length; s++) {
      const j = (r + s) % variants.length;
      const t0 = performance.now();
      variants[j]!();
      samples[j]!.push(((performance.now() - t0) * 1e6) / calls);
    }
  }
  return samples.map(median);
};

export const runCallBench = async (o: CallBenchOptions): Promise<CallBenchRow[]> => {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('calls.wat', guestWat());
  const bytes = new Uint8Array(parsed.toBinary({}).buffer);
  parsed.destroy();
  const engine = new Engine();
  const module = Module.fromBytes(engine, bytes);

  const nativeImports = { h: Object.fromEntries(ARITIES.map((n) => [`nop${n}`, hostNop(n)])) };
  const native = (await WebAssembly.instantiate(bytes, nativeImports)).instance.exports as Record<string, (...a: unknown[]) => unknown>;

  const instantiate = (kind: 'wrap' | 'new') => {
    const store = new Store(engine);
    const linker = new Linker(engine);
    for (const n of ARITIES) {
      const sig = { params: paramsOf(n), results: resultsOf(n) };
      const f = kind === 'wrap'
        ? Func.wrap(store, sig, hostNop(n) as never)
        : Func.new(store, sig, (args: unknown[]) => (n === 0 ? [] : [args[0]]) as never);
      linker.define('h', `nop${n}`, f);
    }
    return linker.instantiate(store, module);
  };
  const typedInst = instantiate('wrap');
  const dynInst = instantiate('new');

  // Two phases: native vs the typed paths first, then native vs the dynamic paths. Interleaving
  // all three measurably slows V8's inlined JS-to-wasm calls into the same host module (typed
  // 2-10x slower while the array-call path runs beside it), which would misreport the fast path.
  const cases = ARITIES.map((n) => {
    const params = paramsOf(n);
    const results = resultsOf(n);
    return {
      n,
      nativeNop: native[`nop${n}`]!,
      nativeLoop: native[`call${n}`]!,
      typed: typedInst.getFunc(`nop${n}`)!.typed(params, results).call,
      dynamic: dynInst.getFunc(`nop${n}`)!,
      viaWrap: typedInst.getFunc(`call${n}`)!.typed(['i32'], []),
      viaNew: dynInst.getFunc(`call${n}`)!.typed(['i32'], []),
    };
  });
  const typedPhase = cases.map((c) => {
    const [l1, l2] = [makeLoop(c.n), makeLoop(c.n)];
    return {
      h2w: measure([() => l1(c.nativeNop, o.calls), () => l2(c.typed, o.calls)], o.calls, o.rounds),
      w2h: measure([() => c.nativeLoop(o.calls), () => c.viaWrap.call(o.calls)], o.calls, o.rounds),
    };
  });
  const dynamicPhase = cases.map((c) => {
    const [l1, l2] = [makeLoop(c.n), makeLoop(c.n)];
    const dynamicCall = (...a: unknown[]): unknown => c.dynamic.call(...a);
    return {
      h2w: measure([() => l1(c.nativeNop, o.calls), () => l2(dynamicCall, o.calls)], o.calls, o.rounds),
      w2h: measure([() => c.nativeLoop(o.calls), () => c.viaNew.call(o.calls)], o.calls, o.rounds),
    };
  });
  const rows: CallBenchRow[] = [];
  cases.forEach((c, k) => {
    for (const direction of ['host-to-wasm', 'wasm-to-host'] as const) {
      const key = direction === 'host-to-wasm' ? 'h2w' : 'w2h';
      const [nativeNs, typedNs] = typedPhase[k]![key] as [number, number];
      const [nativeNs2, dynamicNs] = dynamicPhase[k]![key] as [number, number];
      rows.push({ direction, args: c.n, nativeNs, typedNs, dynamicNs, typedRatio: typedNs / nativeNs, dynamicRatio: dynamicNs / nativeNs2 });
    }
  });
  rows.sort((a, b) => (a.direction === b.direction ? a.args - b.args : a.direction < b.direction ? -1 : 1));
  printTable(
    'Call overhead: typed nop, ns per call (native host WebAssembly vs Windlass)',
    ['direction', 'args', 'native ns', 'typed ns', 'typed ratio', 'dynamic ns', 'dynamic ratio'],
    rows.map((r) => [r.direction, String(r.args), fmt(r.nativeNs, 1), fmt(r.typedNs, 1), `${fmt(r.typedRatio)}x`,
      fmt(r.dynamicNs, 1), `${fmt(r.dynamicRatio)}x`]),
    [
      'args: 0, 1, 4, 16 parameters of mixed types (i32, i64, f32, f64 repeating); 1+ args also return an i32.',
      'typed: host-to-wasm TypedFunc.call (direct host call), wasm-to-host Func.wrap (the JS function as host import).',
      'dynamic: host-to-wasm Func.call, wasm-to-host Func.new: the array-call path (ValRaw slots in host memory).',
      'Measured in two phases (native vs typed, then native vs dynamic; each ratio against its own native run):',
      'interleaved, the array-call path slows V8\'s inlined JS-to-wasm calls into the same host module.',
      `${o.calls} calls per sample, ${o.rounds} rounds, median; the target is typed ratio <= 1.5x.`,
    ],
  );
  return rows;
};
