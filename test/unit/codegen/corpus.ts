/**
 * Spec-corpus sweep for the compiler: every module of the selected spec scripts must
 * compile to a validating host module (or be refused as unsupported), every invalid or
 * binary-malformed one must be a CompileError.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tunables } from '../../../abi/index.js';
import { compile, CompileError, UnsupportedError } from '../../../winch/index.js';

import { SPECTEST_DIR } from '../../shared-paths.js';
export { SPECTEST_DIR };

export interface SweepFailure {
  readonly file: string;
  readonly line: number;
  readonly type: string;
  readonly detail: string;
}

export interface SweepResult {
  valid: number;
  validOk: number;
  validUnsupported: number;
  validLimit: number;
  rejected: number;
  rejectedOk: number;
  rejectedUnsupported: number;
  /** Invalid/malformed modules rejected with a text other than the expected prefix. */
  textDiffers: string[];
  failures: SweepFailure[];
  unsupportedFeatures: Map<string, number>;
}

interface Command { type: string; line: number; filename?: string; text?: string; module_type?: string }

/** Runs the sweep over `folders` (e.g. ['core', 'bulk-memory']). */
export const sweep = (folders: readonly string[], tunables?: Partial<Tunables>): SweepResult => {
  const res: SweepResult = {
    valid: 0, validOk: 0, validUnsupported: 0, validLimit: 0, rejected: 0, rejectedOk: 0, rejectedUnsupported: 0,
    textDiffers: [], failures: [], unsupportedFeatures: new Map(),
  };
  for (const folder of folders) {
    const dir = join(SPECTEST_DIR, folder);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const script = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { commands: Command[] };
      for (const cmd of script.commands) {
        const isValid = cmd.type === 'module' || cmd.type === 'assert_unlinkable' || cmd.type === 'assert_uninstantiable';
        const isRejected = cmd.type === 'assert_invalid' || (cmd.type === 'assert_malformed' && cmd.module_type === 'binary');
        if ((!isValid && !isRejected) || !cmd.filename) continue;
        const bytes = new Uint8Array(readFileSync(join(dir, cmd.filename)));
        const where = { file: `${folder}/${cmd.filename}`, line: cmd.line, type: cmd.type };
        let outcome: 'ok' | 'unsupported' | 'compile-error' | 'other';
        let detail = '';
        try {
          const a = compile(bytes, tunables);
          if (!WebAssembly.validate(a.hostBytes)) {
            outcome = 'other';
            try { new WebAssembly.Module(a.hostBytes); } catch (e) { detail = `host invalid: ${(e as Error).message}`; }
          } else {
            outcome = 'ok';
          }
        } catch (e) {
          if (e instanceof UnsupportedError) {
            outcome = 'unsupported';
            detail = e.feature;
            res.unsupportedFeatures.set(e.feature, (res.unsupportedFeatures.get(e.feature) ?? 0) + 1);
          } else if (e instanceof CompileError) {
            outcome = 'compile-error';
            detail = e.reason;
          } else {
            outcome = 'other';
            detail = `${(e as Error).name}: ${(e as Error).message}`;
          }
        }
        if (isValid) {
          res.valid++;
          if (outcome === 'ok') res.validOk++;
          else if (outcome === 'unsupported') res.validUnsupported++;
          else if (outcome === 'compile-error' && detail.includes('implementation limit')) res.validLimit++;
          else res.failures.push({ ...where, detail: `${outcome}: ${detail}` });
        } else {
          res.rejected++;
          if (outcome === 'compile-error') {
            res.rejectedOk++;
            if (!detail.startsWith(cmd.text ?? '')) res.textDiffers.push(`${where.file}:${cmd.line} expected "${cmd.text}" got "${detail}"`);
          } else if (outcome === 'unsupported') {
            res.rejectedUnsupported++;
            res.failures.push({ ...where, detail: `unsupported instead of "${cmd.text}": ${detail}` });
          } else {
            res.failures.push({ ...where, detail: `expected "${cmd.text}", got ${outcome} ${detail}` });
          }
        }
      }
    }
  }
  return res;
};
