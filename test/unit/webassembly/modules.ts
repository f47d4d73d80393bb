/**
 * Test guests for the facade tests (MVP features only, so they run on any Windlass codegen).
 */
import { wat } from './wat.js';

/** Imports a logger, a global and nothing else; exports arithmetic, traps, memory, table, globals. */
export const KITCHEN_SINK = wat(`(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "base" (global $base i32))
  (memory (export "memory") 1 10)
  (table (export "table") 2 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (global (export "k") f64 (f64.const 1.5))
  (global (export "big") i64 (i64.const -5))
  (elem (i32.const 0) $add)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "half") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
  (func (export "plusBase") (param i32) (result i32) (i32.add (local.get 0) (global.get $base)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $crash (export "crash") unreachable)
  (func (export "deep") (call $crash))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "callLog") (param i32) (call $log (local.get 0)))
  (func (export "callTable") (param i32 i32 i32) (result i32)
    (call_indirect (param i32 i32) (result i32) (local.get 1) (local.get 2) (local.get 0)))
)`);

/** Default imports for KITCHEN_SINK. */
export const kitchenSinkImports = (log: (x: number) => void = () => {}): WebAssembly.Imports => ({
  env: { log, base: 100 },
});

/** Imports an `add` function and re-exports it, plus a caller of it. */
export const REEXPORTER = wat(`(module
  (import "a" "add" (func $add (param i32 i32) (result i32)))
  (export "add" (func $add))
  (func (export "callAdd") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
)`);

/** Imports a memory, a mutable global and a table from JS. */
export const IMPORTER = wat(`(module
  (import "js" "mem" (memory 1 4))
  (import "js" "g" (global $g (mut i32)))
  (import "js" "g64" (global $g64 i64))
  (import "js" "tbl" (table 1 funcref))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "getG") (result i32) (global.get $g))
  (func (export "setG") (param i32) (global.set $g (local.get 0)))
  (func (export "getG64") (result i64) (global.get $g64))
  (func (export "size") (result i32) (memory.size))
  (func (export "call0") (param i32 i32) (result i32)
    (call_indirect (param i32 i32) (result i32) (local.get 0) (local.get 1) (i32.const 0)))
)`);

/** Calls a JS import that may throw. */
export const CALLS_OUT = wat(`(module
  (import "env" "cb" (func $cb))
  (func (export "run") (call $cb))
)`);

/** Passes function references through a guest function and a JS import (reference types). */
export const FUNCREFS = wat(`(module
  (import "env" "pick" (func $pick (param funcref funcref) (result funcref)))
  (table $t 2 funcref)
  (elem (i32.const 0) $one $two)
  (func $one (export "one") (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func (export "id") (param funcref) (result funcref) (local.get 0))
  (func (export "both") (result funcref funcref) (table.get $t (i32.const 0)) (table.get $t (i32.const 1)))
  (func (export "viaJs") (result i32)
    (table.set $t (i32.const 1) (call $pick (table.get $t (i32.const 0)) (table.get $t (i32.const 1))))
    (call_indirect (result i32) (i32.const 1)))
)`);
