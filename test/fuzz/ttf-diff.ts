// Differential runs of binaryen -ttf modules: the host engine's own WebAssembly against Windlass's
// facade in several configurations; a mismatch is described, and saved as a regression input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebAssembly } from '../../runtime/webassembly/index.js';
import type { Tunables } from '../../abi/tunables.js';
import { REGRESSIONS_DIR } from './corpus.js';
import { runTtf, type Transcript } from './ttf-run.js';

/** A Windlass configuration the differential runs. */
export interface Variant {
  readonly name: string;
  readonly tunables: Partial<Tunables>;
  /** Fuel for the facade's store (turns fuel metering on). */
  readonly fuel?: bigint;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'checks', tunables: {} },
  { name: 'canary', tunables: { canaryPages: 2 } },
  { name: 'fuel+depth', tunables: { callDepthChecks: true }, fuel: (1n << 64n) - 1n },
];

/** Whether native trap kind text (`trap A|B`) admits Windlass's (`trap C`). */
const sameOutcome = (native: string, windlass: string): boolean => {
  if (native === windlass) return true;
  if (!native.startsWith('trap ') || !windlass.startsWith('trap ')) return false;
  return native.slice(5).split('|').includes(windlass.slice(5));
};

/** Null when the transcripts agree (up to a stack overflow), else the first difference. */
export const compareTranscripts = (n: Transcript, w: Transcript): string | null => {
  if (!sameOutcome(n.instantiate, w.instantiate)) return `instantiation: native ${n.instantiate}, Windlass ${w.instantiate}`;
  const len = Math.min(n.calls.length, w.calls.length);
  for (let i = 0; i < len; i++) {
    const a = n.calls[i]!;
    const b = w.calls[i]!;
    const last = (n.overflow && i === n.calls.length - 1) || (w.overflow && i === w.calls.length - 1);
    if (last) return null; // a stack overflow: depths (and so side effects) legitimately differ
    if (!sameOutcome(a.outcome, b.outcome)) return `${a.name}: native ${a.outcome}, Windlass ${b.outcome}`;
    if (a.log.join(';') !== b.log.join(';')) return `${a.name}: log native [${a.log.join('; ')}], Windlass [${b.log.join('; ')}]`;
    if (a.state !== b.state) return `${a.name}: state after the call native {${a.state}}, Windlass {${b.state}}`;
  }
  if (n.calls.length !== w.calls.length) return `native made ${n.calls.length} calls, Windlass ${w.calls.length}`;
  return null;
};

/** Runs `bytes` natively and through Windlass in `variant`; null when they agree. */
export const diffModule = (bytes: Uint8Array<ArrayBuffer>, variant: Variant): string | null => {
  const native = runTtf(WebAssembly, bytes);
  const wa = createWebAssembly({ tunables: variant.tunables, ...(variant.fuel !== undefined ? { fuel: variant.fuel } : {}) });
  let windlass: Transcript;
  try {
    windlass = runTtf(wa, bytes);
  } catch (e) {
    return `Windlass run failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  const d = compareTranscripts(native, windlass);
  return d === null ? null : `[${variant.name}] ${d}`;
};

/** Saves a mismatching module as `regressions/ttf-<label>.wasm` plus the difference as `.txt`; returns the path. */
export const saveReproducer = (label: string, bytes: Uint8Array, difference: string): string => {
  const file = join(REGRESSIONS_DIR, `ttf-${label}.wasm`);
  writeFileSync(file, bytes);
  writeFileSync(file.replace(/\.wasm$/, '.txt'), `${difference}\n`);
  return file;
};
