/** Traps: every common trap code from guest code, messages, and backtraces naming guest functions. */
import { describe, expect, it } from 'vitest';
import { Func, Trap } from '../../../runtime/index.js';
import { trapMessage } from '../../../abi/trap-codes.js';
import type { TrapCodeName } from '../../../abi/trap-codes.js';
import { ValType } from '../../../abi/types.js';
import { compileWat, instantiateWith, setup } from './helpers.js';

const GUEST = `(module $guest
  (import "env" "host" (func $host))
  (memory 1)
  (table 3 funcref)
  (type $v (func))
  (func $inner (param i32) (result i32) local.get 0)
  (func $boom (export "unreachable") unreachable)
  (func $middle call $boom)
  (func $outer (export "outer") call $middle)
  (func $load (export "oob") (result i32) i32.const 65534 i32.load)
  (func (export "oobStore") (param i32) local.get 0 i32.const 1 i32.store offset=4)
  (func (export "div0") (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
  (func (export "rem0") (param i64) (result i64) i64.const 1 local.get 0 i64.rem_u)
  (func (export "overflow") (result i32) i32.const 0x80000000 i32.const -1 i32.div_s)
  (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
  (func (export "nullCall") i32.const 0 call_indirect (type $v))
  (func (export "tableOob") i32.const 7 call_indirect (type $v))
  (func (export "badSig") i32.const 1 call_indirect (type $v))
  (func $callsHost (export "callsHost") call $host)
  (elem (i32.const 1) $inner)
)`;

const catchTrap = (thunk: () => unknown): Trap => {
  try {
    thunk();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
};

describe('trap codes', () => {
  const s = setup();
  let hostBehaviour: () => void = () => {};
  const host = Func.fromJs(s.store, { params: [], results: [] }, () => hostBehaviour());
  const module = compileWat(s, GUEST);
  const inst = instantiateWith(s, GUEST, [host]);
  const call = (name: string, ...args: unknown[]) => () => inst.getFunc(name)!.call(...args);

  const cases: [string, unknown[], TrapCodeName][] = [
    ['unreachable', [], 'UnreachableCodeReached'],
    ['oob', [], 'MemoryOutOfBounds'],
    ['oobStore', [65532], 'MemoryOutOfBounds'],
    ['oobStore', [-1], 'MemoryOutOfBounds'],
    ['div0', [0], 'IntegerDivisionByZero'],
    ['rem0', [0n], 'IntegerDivisionByZero'],
    ['overflow', [], 'IntegerOverflow'],
    ['trunc', [NaN], 'BadConversionToInteger'],
    ['trunc', [3e9], 'IntegerOverflow'],
    ['nullCall', [], 'IndirectCallToNull'],
    ['tableOob', [], 'TableOutOfBounds'],
    ['badSig', [], 'BadSignature'],
  ];
  for (const [name, args, code] of cases) {
    it(`${name}(${args.join(', ')}) traps with ${code}`, () => {
      const t = catchTrap(call(name, ...args));
      expect(t.code).toBe(code);
      expect(t.message).toBe(trapMessage(code));
      expect(t).toBeInstanceOf(Error);
    });
  }

  it('the backtrace names guest functions, innermost first', () => {
    const t = catchTrap(call('outer'));
    const frames = t.backtrace.map((f) => [f.funcName, f.funcIndex]);
    expect(frames).toEqual([['boom', 2], ['middle', 3], ['outer', 4]]);
    for (const f of t.backtrace) {
      expect(f.moduleName).toBe('guest');
      if (f.guestOffset !== undefined) {
        expect(f.guestOffset).toBeGreaterThan(0);
        expect(f.guestOffset).toBeLessThan(module.artifact.guestSize);
      }
    }
    expect(t.toString()).toMatch(/^Trap: unreachable \(UnreachableCodeReached\)\n {4}at boom \[func 2\]/);
  });

  it('explicit-check traps also carry a backtrace', () => {
    const t = catchTrap(call('oob'));
    expect(t.backtrace[0]?.funcName).toBe('load');
  });

  it('a Trap thrown by a host function propagates unchanged with guest frames', () => {
    let thrown: Trap | undefined;
    hostBehaviour = () => { thrown = new Trap('Interrupt'); throw thrown; };
    try {
      const t = catchTrap(call('callsHost'));
      expect(t).toBe(thrown);
      expect(t.code).toBe('Interrupt');
      expect(t.backtrace.map((f) => f.funcName)).toEqual(['callsHost']);
    } finally {
      hostBehaviour = () => {};
    }
  });

  it('other host errors pass through untouched', () => {
    const err = new SyntaxError('from the host');
    hostBehaviour = () => { throw err; };
    try {
      expect(call('callsHost')).toThrow(err);
    } finally {
      hostBehaviour = () => {};
    }
  });

  it('the instance keeps working after traps', () => {
    expect(inst.getFunc('div0')!.call(1)).toBe(1);
    expect(Func.fromJs(s.store, { params: [ValType.i32], results: [ValType.i32] }, (x: number) => x + 1).call(1)).toBe(2);
  });
});
