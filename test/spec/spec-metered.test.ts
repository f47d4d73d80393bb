/**
 * The spec corpus compiled with fuel and call-depth checks (unlimited fuel, default depth budget):
 * metering must not change any result, so nothing may fail beyond the known failures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, FOLDERS, KNOWN_FAILURES } from './corpus-paths.js';
import { Engine } from '../../runtime/index.js';
import { diffKnown, loadScript, parseKnownFailures, runScript, scriptsInFolder } from '../../runtime/node/wast/index.js';

const present = FOLDERS.every((f) => existsSync(join(CORPUS, f)));

describe('spec corpus with fuel and call-depth checks', () => {
  if (!present) {
    it.skip(`spec corpus not found at ${CORPUS}`, () => {});
    return;
  }
  const known = existsSync(KNOWN_FAILURES) ? parseKnownFailures(readFileSync(KNOWN_FAILURES, 'utf8')) : new Map();
  const engine = new Engine({ fuel: true, callDepthChecks: true });
  for (const folder of FOLDERS) {
    it(`${folder}: no failure beyond the known ones`, () => {
      const problems: string[] = [];
      let passed = 0;
      for (const path of scriptsInFolder(join(CORPUS, folder))) {
        const r = runScript(loadScript(path), { engine });
        passed += r.results.filter((x) => x.outcome === 'pass').length;
        for (const u of diffKnown(r, known).unexpected) problems.push(`${u.key} ${u.result.type}: ${u.result.reason ?? ''}`);
      }
      expect(problems.slice(0, 40)).toEqual([]);
      expect(passed).toBeGreaterThan(0);
    });
  }
});
