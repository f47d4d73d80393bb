/**
 * Fuel consumed by small guests, run as start functions: the expected counts are Wasmtime's for
 * the same modules (its tests/all/fuel.wast, classic per-operator model plus per-byte/element
 * bulk costs), so Windlass meters exactly like Wasmtime's default cost table.
 */
import { describe, expect, it } from 'vitest';
import { Engine, Instance, Module, Store, Trap } from '../../../runtime/index.js';
import { wat } from '../runtime/helpers.js';

const START_FUEL = 1_000_000n;

/** Fuel consumed by instantiating `text` (its start function runs; it may trap) with plenty of fuel. */
const fuelConsumed = (text: string): bigint => {
  const engine = new Engine({ fuel: true });
  const store = new Store(engine, { fuel: START_FUEL });
  try {
    new Instance(store, Module.fromBytes(engine, wat(text)), []);
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
  }
  return START_FUEL - store.getFuel();
};

const start = (body: string, extra = ''): string => `(module ${extra} (func $f ${body}) (start $f))`;
const elems20 = '$f '.repeat(20);
const elems200 = '$f '.repeat(200);
const data = (n: number): string => `(data $d "${'a'.repeat(n)}")`;

const CASES: readonly (readonly [bigint, string, string])[] = [
  [0n, 'no code', '(module)'],
  [1n, 'empty function', start('')],
  [2n, 'const + drop', start('i32.const 0 drop')],
  [1n, 'empty block', start('block end')],
  [1n, 'unreachable', start('unreachable')],
  [7n, 'code before unreachable', start('i32.const 0 i32.const 0 i32.const 0 i32.const 0 i32.const 0 i32.const 0 unreachable')],
  [1n, 'return skips the rest', start('return i32.const 0 i32.const 0 unreachable')],
  [3n, 'if not taken', start('i32.const 0 if call $f end')],
  [4n, 'if taken', start('i32.const 1 if i32.const 0 drop end')],
  [4n, 'then arm of if/else', start('i32.const 1 if i32.const 0 drop else call $f end')],
  [4n, 'else arm of if/else', start('i32.const 0 if call $f else i32.const 0 drop end')],
  [3n, 'br_if taken', start('block i32.const 1 br_if 0 i32.const 0 drop end')],
  [4n, 'br_if not taken', start('block i32.const 0 br_if 0 i32.const 0 drop end')],
  [2n, 'code before unreachable (1)', start('i32.const 0 unreachable')],
  [2n, 'code before return', start('i32.const 0 return')],
  [3n, 'call', '(module (func $f call $other) (func $other) (start $f))'],
  [5n, 'call with an argument', '(module (func $f i32.const 0 call $other i32.const 0 drop) (func $other (param i32)) (start $f))'],
  [4n, 'call with a result', '(module (func $f call $other drop) (func $other (result i32) i32.const 0) (start $f))'],
  [4n, 'call_indirect', '(module (func $f i32.const 0 call_indirect) (func $other) (table funcref (elem $other)) (start $f))'],
  [1n, 'empty loop', start('loop end')],
  [53n, '10 loop iterations', start('(local i32) i32.const 10 local.set 0 loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0 end')],
  [105n, 'memory.copy of 100 bytes', start('i32.const 0 i32.const 0 i32.const 100 memory.copy', '(memory 1)')],
  [105n, 'memory.fill of 100 bytes', start('i32.const 0 i32.const 0 i32.const 100 memory.fill', '(memory 1)')],
  [25n, 'memory.init of 20 bytes', start('i32.const 0 i32.const 0 i32.const 20 memory.init $d', `(memory 1) ${data(59)}`)],
  [105n, 'table.copy of 100 elements', start('i32.const 0 i32.const 0 i32.const 100 table.copy', '(table 100 funcref)')],
  [105n, 'table.fill of 100 elements', start('i32.const 0 ref.null func i32.const 100 table.fill', '(table 100 funcref)')],
  [104n, 'table.grow by 100', start('ref.null func i32.const 100 table.grow drop', '(table 0 funcref)')],
  [25n, 'table.init of 20 elements', start('i32.const 0 i32.const 0 i32.const 20 table.init $e', `(table 20 funcref) (elem $e func ${elems20})`)],
  [205n, 'memory.copy of 200 bytes (checked)', start('i32.const 0 i32.const 0 i32.const 200 memory.copy', '(memory 1)')],
  [205n, 'memory.fill of 200 bytes (checked)', start('i32.const 0 i32.const 0 i32.const 200 memory.fill', '(memory 1)')],
  [205n, 'memory.init of 200 bytes (checked)', start('i32.const 0 i32.const 0 i32.const 200 memory.init $d', `(memory 1) ${data(200)}`)],
  [205n, 'table.copy of 200 elements (checked)', start('i32.const 0 i32.const 0 i32.const 200 table.copy', '(table 200 funcref)')],
  [205n, 'table.fill of 200 elements (checked)', start('i32.const 0 ref.null func i32.const 200 table.fill', '(table 200 funcref)')],
  [204n, 'table.grow by 200 (checked)', start('ref.null func i32.const 200 table.grow drop', '(table 0 funcref)')],
  [205n, 'table.init of 200 elements (checked)', start('i32.const 0 i32.const 0 i32.const 200 table.init $e', `(table 200 funcref) (elem $e func ${elems200})`)],
];

describe('fuel costs (Wasmtime default cost table)', () => {
  for (const [expected, name, text] of CASES) {
    it(`${name}: ${expected}`, () => {
      expect(fuelConsumed(text)).toBe(expected);
    });
  }

  it('charges a run-time length like a constant one', () => {
    const text = (len: string) => `(module (memory 1) (global $n (mut i32) (i32.const 300))
      (func $f i32.const 0 i32.const 0 ${len} memory.fill) (start $f))`;
    expect(fuelConsumed(text('global.get $n'))).toBe(fuelConsumed(text('i32.const 300')));
  });

  it('charges a failed table.grow for the requested delta', () => {
    expect(fuelConsumed(start('ref.null func i32.const 50 table.grow drop', '(table 0 1 funcref)'))).toBe(54n);
  });
});
