/**
 * The host-code buffer is reused from one compile to the next: stale bytes of an earlier,
 * larger module must never leak into a later module, and a failed compile must not poison it.
 */
import { describe, expect, it } from 'vitest';
import { CompileError, compile } from '../../../winch/index.js';
import { MAX_SPARE_BYTES, releaseCodeBuffers, takeCodeBuffers } from '../../../winch/codegen/code-buffers.js';
import { wat } from './harness.js';

const big = wat(`(module (memory 1)
  ${Array.from({ length: 200 }, (_, i) => `(func (export "f${i}") (param i32) (result i32)
    (i32.add (i32.load offset=${i} (local.get 0)) (i32.const ${i * 1000})))`).join('\n')})`);
const small = wat('(module (func (export "g") (result i32) (i32.const 7)))');

describe('reused code buffers', () => {
  it('gives byte-identical output whatever was compiled before', () => {
    const first = compile(small).hostBytes;
    compile(big);
    expect(compile(small).hostBytes).toEqual(first);
    const bigFirst = compile(big).hostBytes;
    compile(small);
    expect(compile(big).hostBytes).toEqual(bigFirst);
    expect(WebAssembly.validate(bigFirst)).toBe(true);
  });

  it('keeps working after a compile that failed half way', () => {
    const first = compile(small).hostBytes;
    const bytes = wat('(module (func (result i32) (i32.const 1)) (func (result i32) (i32.const 1)))');
    // corrupt the second body's constant opcode (i32.const → i64.const): a type mismatch mid-module
    const at = bytes.lastIndexOf(0x41);
    bytes[at] = 0x42;
    expect(() => compile(bytes)).toThrow(CompileError);
    expect(compile(small).hostBytes).toEqual(first);
  });

  it('keeps one spare of at most MAX_SPARE_BYTES for the next compile', () => {
    const small = takeCodeBuffers(1000);
    releaseCodeBuffers(small);
    expect(takeCodeBuffers(500).buf).toBe(small.buf);
    expect(takeCodeBuffers(500).buf).not.toBe(small.buf); // taken: no second spare
    const huge = { buf: new Uint8Array(MAX_SPARE_BYTES + 1), sites: new Int32Array(16) };
    releaseCodeBuffers(huge);
    expect(takeCodeBuffers(100).buf).not.toBe(huge.buf);
    const bigger = takeCodeBuffers(4096);
    releaseCodeBuffers(small);
    expect(takeCodeBuffers(2000).buf.length).toBeGreaterThanOrEqual(2000); // the spare is too small: a new one
    expect(bigger.buf.length).toBe(4096);
  });
});
