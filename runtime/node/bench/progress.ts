/**
 * Progress of a benchmark run on stderr: a bar redrawn in place on a terminal, one line per guest
 * (and per failure) otherwise, so logs stay readable.
 */
import type { ProgressEvent } from '../../bench/orchestrate.js';

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** A progress reporter; `label` prefixes every line (e.g. the engine). */
export const progressReporter = (label: string, stream: NodeJS.WriteStream = process.stderr): { onProgress: (e: ProgressEvent) => void; done: () => void } => {
  const tty = stream.isTTY === true;
  let lastGuest = -1;
  let drawn = false;
  const onProgress = (e: ProgressEvent): void => {
    const frac = e.total > 0 ? Math.min(1, e.done / e.total) : 0;
    const eta = e.done > 0 ? (e.elapsedMs / e.done) * (e.total - e.done) : NaN;
    if (e.failure !== undefined) {
      if (drawn) stream.write('\r\x1b[K');
      // `unavailable`: the host engine cannot run the mode (reported n/a, not a failure)
      const tag = e.failure.startsWith('unavailable:') ? 'n/a' : 'FAIL';
      stream.write(`${label}${tag} ${e.guest} [${e.what}] ${e.failure.slice(0, 300)}\n`);
    }
    if (tty) {
      const width = 24;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const text = `${label}[${bar}] ${String(Math.round(frac * 100)).padStart(3)}% ${e.done}/${e.total}  ${e.guest}: ${e.what}  ${clock(e.elapsedMs)}${Number.isFinite(eta) ? `, ~${clock(eta)} left` : ''}`;
      stream.write(`\r\x1b[K${text.slice(0, (stream.columns ?? 120) - 1)}`);
      drawn = true;
    } else if (e.guestIndex !== lastGuest) {
      lastGuest = e.guestIndex;
      stream.write(`${label}${String(Math.round(frac * 100)).padStart(3)}% guest ${e.guestIndex + 1}/${e.guests} ${e.guest}  (${clock(e.elapsedMs)}${Number.isFinite(eta) ? `, ~${clock(eta)} left` : ''})\n`);
    }
  };
  return { onProgress, done: () => { if (drawn) stream.write('\r\x1b[K'); drawn = false; } };
};
