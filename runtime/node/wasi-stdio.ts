/**
 * WASI stdio streams on the Node process's own file descriptors (0, 1, 2), synchronous,
 * retrying while a non-blocking pipe is full or empty.
 */
import { readSync, writeSync } from 'node:fs';
import type { WasiStream } from '../wasi/index.js';

const isRetryable = (e: unknown): boolean => (e as { code?: unknown }).code === 'EAGAIN';

/** A stream reading host descriptor `fd` (0 for the process's stdin). */
export const hostInputStream = (fd: number): WasiStream => ({
  read: (dst) => {
    for (;;) {
      try {
        return readSync(fd, dst, 0, dst.length, null);
      } catch (e) {
        if ((e as { code?: unknown }).code === 'EOF') return 0;
        if (!isRetryable(e)) throw e;
      }
    }
  },
});

/** A stream writing to host descriptor `fd` (1 or 2), all bytes of every write. */
export const hostOutputStream = (fd: number): WasiStream => ({
  write: (src) => {
    let at = 0;
    while (at < src.length) {
      try {
        at += writeSync(fd, src, at, src.length - at);
      } catch (e) {
        if (!isRetryable(e)) throw e;
      }
    }
  },
});
