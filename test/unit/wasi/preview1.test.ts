/**
 * WASI preview1 edge cases, called from a guest that forwards to the imports: pointer checks
 * against the guest-visible size (not the host buffer), the sandbox, bad descriptors,
 * proc_exit, readdir cookies and truncation, poll_oneoff, seek errors.
 */
import { describe, expect, it } from 'vitest';
import { Func, Memory } from '../../../runtime/index.js';
import { Errno, MemoryFileSystem, WASI_SIGNATURES, Wasi, collectOutput } from '../../../runtime/wasi/index.js';
import type { WasiOptions } from '../../../runtime/wasi/index.js';
import { instantiateWat, setup } from '../runtime/helpers.js';

const TYPE_NAMES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64' };

/** A guest importing every WASI function and exporting `call_<name>` wrappers that forward to it. */
const forwarderWat = (): string => {
  const imports: string[] = [];
  const wrappers: string[] = [];
  for (const [name, t] of Object.entries(WASI_SIGNATURES)) {
    const params = t.params.map((p) => TYPE_NAMES[p]).join(' ');
    const results = t.results.map((p) => TYPE_NAMES[p]).join(' ');
    const sig = `(param ${params}) ${results ? `(result ${results})` : ''}`;
    imports.push(`(import "wasi_snapshot_preview1" "${name}" (func $${name} ${sig}))`);
    const gets = t.params.map((_, i) => `(local.get ${i})`).join(' ');
    wrappers.push(`(func (export "call_${name}") ${sig} (call $${name} ${gets}))`);
  }
  return `(module ${imports.join('\n')} (memory (export "memory") 1) ${wrappers.join('\n')}
    (func (export "_start") (call $proc_exit (i32.const 42))))`;
};

const WAT = forwarderWat();

/** A WASI context and the forwarding guest, instantiated with `tunables`. */
const start = (options: WasiOptions, tunables = {}) => {
  const s = setup(tunables);
  const wasi = new Wasi(options);
  s.linker.defineWasi(s.store, wasi);
  const instance = instantiateWat(s, WAT);
  const memory = instance.getMemory('memory')!;
  wasi.bindMemory(() => memory.bytes());
  const call = (name: string, ...args: (number | bigint)[]): number => (instance.getFunc(`call_${name}`) as Func).call(...args) as number;
  const putString = (at: number, s: string): number => {
    const b = new TextEncoder().encode(s);
    memory.write(at, b);
    return b.length;
  };
  return { wasi, instance, memory, call, putString };
};

const dv = (m: Memory): DataView => m.dataView();

describe('WASI preview1 through a Windlass guest', () => {
  it('fd_write checks iovecs against the guest-visible size, not the larger host buffer', () => {
    const out = collectOutput();
    const g = start({ stdout: out }, { canaryPages: 1 });
    expect(g.memory.buffer.byteLength).toBe(2 * 65536); // one canary page after the guest's
    g.memory.write(100, new TextEncoder().encode('hi'));
    dv(g.memory).setUint32(0, 100, true);
    dv(g.memory).setUint32(4, 2, true);
    expect(g.call('fd_write', 1, 0, 1, 8)).toBe(Errno.success);
    expect(dv(g.memory).getUint32(8, true)).toBe(2);
    dv(g.memory).setUint32(0, 65535, true); // 2 bytes from the last guest byte into the canary
    expect(g.call('fd_write', 1, 0, 1, 8)).toBe(Errno.fault);
    expect(g.call('fd_write', 1, 65532, 1, 8)).toBe(Errno.fault); // the iovec itself straddles the end
    dv(g.memory).setUint32(0, 100, true);
    expect(g.call('fd_write', 1, 0, 1, 65536)).toBe(Errno.fault); // result pointer past the end
    expect(out.text()).toBe('hi'); // a call failing with fault wrote nothing
  });

  it('args and environ: sizes, pointers and NUL-terminated strings', () => {
    const g = start({ args: ['prog', 'ä'], env: { K: 'v' } });
    expect(g.call('args_sizes_get', 0, 4)).toBe(Errno.success);
    expect([dv(g.memory).getUint32(0, true), dv(g.memory).getUint32(4, true)]).toEqual([2, 5 + 3]);
    expect(g.call('args_get', 16, 64)).toBe(Errno.success);
    const p1 = dv(g.memory).getUint32(20, true);
    expect(dv(g.memory).getUint32(16, true)).toBe(64);
    expect(p1).toBe(69);
    expect(new TextDecoder().decode(g.memory.read(p1, 2))).toBe('ä');
    expect(g.memory.read(p1 + 2, 1)[0]).toBe(0);
    expect(g.call('environ_sizes_get', 0, 4)).toBe(Errno.success);
    expect([dv(g.memory).getUint32(0, true), dv(g.memory).getUint32(4, true)]).toEqual([1, 4]);
  });

  it('paths may not leave their preopened directory', () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'x', sub: { 'b.txt': 'y' } });
    const g = start({ preopens: { '/d': fs } });
    const open = (path: string): number => g.call('path_open', 3, 0, 1000, g.putString(1000, path), 0, 2n, 0n, 0, 0);
    expect(open('a.txt')).toBe(Errno.success);
    expect(open('sub/../a.txt')).toBe(Errno.success);
    expect(open('sub/b.txt')).toBe(Errno.success);
    expect(open('../a.txt')).toBe(Errno.notcapable);
    expect(open('sub/../../a.txt')).toBe(Errno.notcapable);
    expect(open('/a.txt')).toBe(Errno.notcapable);
    expect(open('missing.txt')).toBe(Errno.noent);
    expect(open('a.txt/x')).toBe(Errno.notdir);
  });

  it('descriptors: prestat of preopens only, bad descriptors, seek errors', () => {
    const g = start({ preopens: { '/d': new MemoryFileSystem({ f: 'data' }) } });
    expect(g.call('fd_prestat_get', 3, 0)).toBe(Errno.success);
    expect(dv(g.memory).getUint32(4, true)).toBe(2);
    expect(g.call('fd_prestat_dir_name', 3, 16, 1)).toBe(Errno.nametoolong);
    expect(g.call('fd_prestat_dir_name', 3, 16, 2)).toBe(Errno.success);
    expect(new TextDecoder().decode(g.memory.read(16, 2))).toBe('/d');
    expect(g.call('fd_prestat_get', 4, 0)).toBe(Errno.badf);
    expect(g.call('fd_prestat_get', 1, 0)).toBe(Errno.badf);
    expect(g.call('fd_close', 77)).toBe(Errno.badf);
    expect(g.call('fd_seek', 1, 0n, 0, 0)).toBe(Errno.spipe);
    expect(g.call('path_open', 3, 0, 1000, g.putString(1000, 'f'), 0, 2n, 0n, 0, 0)).toBe(Errno.success);
    const fd = dv(g.memory).getUint32(0, true);
    expect(g.call('fd_seek', fd, -1n, 0, 8)).toBe(Errno.inval);
    expect(g.call('fd_seek', fd, -1n, 2, 8)).toBe(Errno.success);
    expect(dv(g.memory).getBigUint64(8, true)).toBe(3n);
    expect(g.call('fd_seek', fd, 0n, 9, 8)).toBe(Errno.inval);
    expect(g.call('fd_write', fd, 0, 0, 8)).toBe(Errno.badf); // opened without the write right
    expect(g.call('fd_close', fd)).toBe(Errno.success);
    expect(g.call('fd_close', fd)).toBe(Errno.badf);
  });

  it('fd_readdir: entries in order, the last one truncated to the buffer, resumed at a cookie', () => {
    const names = ['alpha', 'b', 'charlie-with-a-long-name', 'd'];
    const fs = new MemoryFileSystem(Object.fromEntries(names.map((n) => [n, n])));
    const g = start({ preopens: { '.': fs } });
    const v = (): DataView => dv(g.memory);
    // Read like wasi-libc: keep the complete entries, resume at the last one's d_next, and grow
    // the buffer when not even one entry fits.
    const seen: string[] = [];
    let cookie = 0n;
    let size = 40;
    for (let calls = 0; calls < 20; calls++) {
      expect(g.call('fd_readdir', 3, 256, size, cookie, 0)).toBe(Errno.success);
      const used = v().getUint32(0, true);
      let at = 0;
      let complete = 0;
      while (at + 24 <= used) {
        const namlen = v().getUint32(256 + at + 16, true);
        if (at + 24 + namlen > used) break;
        seen.push(new TextDecoder().decode(g.memory.read(256 + at + 24, namlen)));
        cookie = v().getBigUint64(256 + at, true);
        at += 24 + namlen;
        complete++;
      }
      if (used < size) break; // the listing is complete
      if (complete === 0) size *= 2;
    }
    expect(seen).toEqual(names);
    expect(size).toBe(80); // 'charlie-with-a-long-name' (24 + 24 bytes) did not fit in 40
    expect(g.call('fd_readdir', 3, 256, 4096, 0n, 0)).toBe(Errno.success);
    expect(v().getUint32(0, true)).toBe(names.reduce((n, x) => n + 24 + x.length, 0));
    expect(g.call('fd_readdir', 3, 256, 4096, BigInt(names.length), 0)).toBe(Errno.success);
    expect(v().getUint32(0, true)).toBe(0);
  });

  it('poll_oneoff sleeps for a lone clock subscription and reports its userdata', () => {
    const slept: bigint[] = [];
    const g = start({ sleep: (ns) => { slept.push(ns); } });
    const v = dv(g.memory);
    v.setBigUint64(0, 0xabcdn, true); // userdata
    v.setUint8(8, 0); // clock
    v.setUint32(16, 1, true); // monotonic
    v.setBigUint64(24, 5_000_000n, true); // 5 ms, relative
    v.setUint16(40, 0, true);
    expect(g.call('poll_oneoff', 0, 100, 1, 200)).toBe(Errno.success);
    expect(slept).toEqual([5_000_000n]);
    expect(v.getUint32(200, true)).toBe(1);
    expect(v.getBigUint64(100, true)).toBe(0xabcdn);
    expect(v.getUint8(110)).toBe(0);
    expect(g.call('poll_oneoff', 0, 100, 0, 200)).toBe(Errno.inval);
  });

  it('proc_exit ends _start with its code; clocks and random_get write guest memory', () => {
    const g = start({ random: (d) => d.fill(7), clock: { realtimeNs: () => 123n, monotonicNs: () => 456n } });
    expect(g.call('random_get', 10, 4)).toBe(Errno.success);
    expect([...g.memory.read(9, 6)]).toEqual([0, 7, 7, 7, 7, 0]);
    expect(g.call('clock_time_get', 0, 0n, 16)).toBe(Errno.success);
    expect(dv(g.memory).getBigUint64(16, true)).toBe(123n);
    expect(g.call('clock_time_get', 1, 0n, 16)).toBe(Errno.success);
    expect(dv(g.memory).getBigUint64(16, true)).toBe(456n);
    expect(g.call('clock_time_get', 9, 0n, 16)).toBe(Errno.inval);
    expect(g.wasi.start(g.instance)).toBe(42);
  });

  it('a WASI call before the memory is bound throws a clear error', () => {
    const s = setup();
    const wasi = new Wasi();
    s.linker.defineWasi(s.store, wasi);
    const instance = instantiateWat(s, WAT);
    expect(() => (instance.getFunc('call_args_sizes_get') as Func).call(0, 4)).toThrow(/memory is not bound/);
  });
});
