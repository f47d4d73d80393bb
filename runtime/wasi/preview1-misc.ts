/**
 * Preview1 functions outside the file system: args, environ, clocks, random, poll_oneoff,
 * proc_exit/proc_raise, sched_yield, and the socket calls (not supported: `notsup`).
 */
import { ClockId, Errno, EventType, Layout, SUBCLOCK_ABSTIME } from './constants.js';
import { WasiExit } from './context.js';
import type { WasiContext } from './context.js';
import { WasiFsError } from './fs.js';
import type { GuestMemory } from './guest-memory.js';

const encoder = new TextEncoder();

/** Writes NUL-terminated `strings` to `buf` and their pointers to `ptrs` (args_get/environ_get). */
const writeStrings = (m: GuestMemory, strings: readonly string[], ptrs: number, buf: number): void => {
  let at = buf >>> 0;
  strings.forEach((s, i) => {
    const bytes = encoder.encode(s);
    m.setU32(ptrs + i * 4, at);
    m.bytes(at, bytes.length + 1).set(bytes);
    m.setU8(at + bytes.length, 0);
    at += bytes.length + 1;
  });
};

const sizesOf = (strings: readonly string[]): number =>
  strings.reduce((n, s) => n + encoder.encode(s).length + 1, 0);

/** Resolution reported for every clock (1 µs). */
const CLOCK_RESOLUTION_NS = 1000n;

const clockNow = (ctx: WasiContext, id: number): bigint => {
  switch (id) {
    case ClockId.realtime: return ctx.clock.realtimeNs();
    case ClockId.monotonic:
    case ClockId.processCputime:
    case ClockId.threadCputime: return ctx.clock.monotonicNs();
    default: throw new WasiFsError(Errno.inval, `unknown clock ${id}`);
  }
};

/** Fills `dst` in chunks of at most 64 KiB (the Web Crypto limit per call). */
export const fillRandom = (dst: Uint8Array): void => {
  for (let i = 0; i < dst.length; i += 65536) {
    const chunk = new Uint8Array(Math.min(65536, dst.length - i));
    globalThis.crypto.getRandomValues(chunk);
    dst.set(chunk, i);
  }
};

/** `poll_oneoff`: fd subscriptions are always ready; clock-only polls sleep until the earliest timeout. */
const pollOneoff = (ctx: WasiContext, inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number => {
  const m = ctx.memory();
  if (nsubs === 0) return Errno.inval;
  const S = Layout.subscription;
  const E = Layout.event;
  m.check(inPtr, nsubs * S.size);
  const events: { userdata: bigint; error: number; type: number; nbytes: bigint }[] = [];
  let earliest: { userdata: bigint; wait: bigint } | undefined;
  for (let i = 0; i < nsubs; i++) {
    const s = inPtr + i * S.size;
    const userdata = m.u64(s + S.userdata);
    const tag = m.u8.at((s + S.tag) >>> 0)!;
    if (tag === EventType.clock) {
      const id = m.u32(s + S.clockId);
      const timeout = m.u64(s + S.timeout);
      const flags = m.view.getUint16((s + S.flags) >>> 0, true);
      let wait: bigint;
      try {
        wait = (flags & SUBCLOCK_ABSTIME) !== 0 ? timeout - clockNow(ctx, id) : timeout;
      } catch (e) {
        if (!(e instanceof WasiFsError)) throw e;
        events.push({ userdata, error: e.errno, type: tag, nbytes: 0n });
        continue;
      }
      if (earliest === undefined || wait < earliest.wait) earliest = { userdata, wait };
    } else if (tag === EventType.fdRead || tag === EventType.fdWrite) {
      let error: number = Errno.success;
      try { ctx.fds.get(m.u32(s + S.fd)); } catch { error = Errno.badf; }
      events.push({ userdata, error, type: tag, nbytes: 0n });
    } else {
      return Errno.inval;
    }
  }
  if (events.length === 0 && earliest !== undefined) {
    if (earliest.wait > 0n) ctx.sleep(earliest.wait);
    events.push({ userdata: earliest.userdata, error: Errno.success, type: EventType.clock, nbytes: 0n });
  }
  m.check(outPtr, events.length * E.size);
  events.forEach((ev, i) => {
    const o = outPtr + i * E.size;
    m.bytes(o, E.size).fill(0);
    m.setU64(o + E.userdata, ev.userdata);
    m.setU16(o + E.error, ev.error);
    m.setU8(o + E.type, ev.type);
    m.setU64(o + E.nbytes, ev.nbytes);
  });
  m.setU32(neventsPtr, events.length);
  return Errno.success;
};

/** The non-file-system functions of `wasi_snapshot_preview1`, bound to `ctx`. */
export const miscFunctions = (ctx: WasiContext) => ({
  args_sizes_get: (argcPtr: number, bufSizePtr: number): number => {
    const m = ctx.memory();
    m.setU32(argcPtr, ctx.args.length);
    m.setU32(bufSizePtr, sizesOf(ctx.args));
    return Errno.success;
  },
  args_get: (argvPtr: number, bufPtr: number): number => {
    writeStrings(ctx.memory(), ctx.args, argvPtr, bufPtr);
    return Errno.success;
  },
  environ_sizes_get: (countPtr: number, bufSizePtr: number): number => {
    const m = ctx.memory();
    m.setU32(countPtr, ctx.env.length);
    m.setU32(bufSizePtr, sizesOf(ctx.env));
    return Errno.success;
  },
  environ_get: (envPtr: number, bufPtr: number): number => {
    writeStrings(ctx.memory(), ctx.env, envPtr, bufPtr);
    return Errno.success;
  },
  clock_res_get: (id: number, resPtr: number): number => {
    clockNow(ctx, id);
    ctx.memory().setU64(resPtr, CLOCK_RESOLUTION_NS);
    return Errno.success;
  },
  clock_time_get: (id: number, _precision: bigint, timePtr: number): number => {
    ctx.memory().setU64(timePtr, clockNow(ctx, id));
    return Errno.success;
  },
  random_get: (buf: number, len: number): number => {
    ctx.random(ctx.memory().bytes(buf, len));
    return Errno.success;
  },
  poll_oneoff: (inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number =>
    pollOneoff(ctx, inPtr, outPtr, nsubs >>> 0, neventsPtr),
  proc_exit: (code: number): void => {
    throw new WasiExit(code >>> 0);
  },
  proc_raise: (_sig: number): number => Errno.notsup,
  sched_yield: (): number => Errno.success,
  sock_accept: (_fd: number, _flags: number, _out: number): number => Errno.notsup,
  sock_recv: (_fd: number, _ri: number, _rl: number, _rf: number, _ro: number, _rof: number): number => Errno.notsup,
  sock_send: (_fd: number, _si: number, _sl: number, _sf: number, _so: number): number => Errno.notsup,
  sock_shutdown: (_fd: number, _how: number): number => Errno.notsup,
});
