/**
 * Shared harness of the spec-corpus tests: which scripts run (every script of the folders in
 * corpus-paths FOLDERS), sharding across test files, known failures, and the results summary.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { CORPUS, FOLDERS, KNOWN_FAILURES, SPEC_TEST_DIR } from './corpus-paths.js';
import { Engine } from '../../runtime/index.js';
import {
  buildReport, diffKnown, formatTable, loadScript, parseKnownFailures, runScript, scriptsInFolder,
} from '../../runtime/node/wast/index.js';
import type { ScriptResult, WastReport } from '../../runtime/node/wast/index.js';

const here = SPEC_TEST_DIR;
const SHARD_DIR = join(here, '.results');
/** Merged per-folder counts and failures of the last run. */
export const LAST_RESULTS = join(here, 'last-results.json');

/** Scripts of the corpus, sorted by size (largest first) so shards get similar loads. */
const allScripts = (): { path: string; size: number }[] =>
  FOLDERS.flatMap((f) => scriptsInFolder(join(CORPUS, f)))
    .map((path) => ({ path, size: readFileSync(path).length }))
    .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));

/** Scripts of shard `k` of `n` (greedy balance by JSON size). */
export const shardScripts = (k: number, n: number): string[] => {
  const loads = new Array<number>(n).fill(0);
  const out: string[][] = Array.from({ length: n }, () => []);
  for (const { path, size } of allScripts()) {
    const i = loads.indexOf(Math.min(...loads));
    loads[i]! += size;
    out[i]!.push(path);
  }
  return out[k]!.sort();
};

const readKnown = (): Map<string, string> =>
  existsSync(KNOWN_FAILURES) ? parseKnownFailures(readFileSync(KNOWN_FAILURES, 'utf8')) : new Map();

const writeAtomic = (path: string, text: string): void => {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
};

/** Merges every shard file into last-results.json and returns the merged report. */
const mergeShards = (): WastReport => {
  const merged: WastReport = { folders: {}, failures: [] };
  for (const f of readdirSync(SHARD_DIR).filter((n) => /^shard-\d+\.json$/.test(n)).sort()) {
    const part = JSON.parse(readFileSync(join(SHARD_DIR, f), 'utf8')) as WastReport;
    for (const [name, c] of Object.entries(part.folders)) {
      const m = (merged.folders[name] ??= { passed: 0, failed: 0, skipped: 0 });
      m.passed += c.passed; m.failed += c.failed; m.skipped += c.skipped;
    }
    merged.failures.push(...part.failures);
  }
  merged.failures.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const ordered: WastReport = { folders: Object.fromEntries(FOLDERS.filter((f) => merged.folders[f]).map((f) => [f, merged.folders[f]!])), failures: merged.failures };
  writeAtomic(LAST_RESULTS, `${JSON.stringify(ordered, null, 1)}\n`);
  return ordered;
};

/**
 * Declares one vitest test per script of shard `k` of `n`, plus a summary written when the
 * shard finishes. Each test fails on an unlisted failure and on a listed line that now passes.
 */
export const defineShard = (k: number, n: number): void => {
  if (!FOLDERS.every((f) => existsSync(join(CORPUS, f)))) {
    it.skip(`spec corpus not found at ${CORPUS}`, () => {});
    return;
  }
  const known = readKnown();
  const engine = new Engine();
  const results: ScriptResult[] = [];
  for (const path of shardScripts(k, n)) {
    const script = loadScript(path);
    it(script.id, () => {
      const r = runScript(script, { engine });
      results.push(r);
      const { unexpected, fixed } = diffKnown(r, known);
      const problems = [
        ...unexpected.map((u) => `unexpected failure ${u.key} ${u.result.type}: ${u.result.reason ?? ''}`),
        ...fixed.map((key) => `now passes, delete this line from test/spec/known-failures.txt: ${key}`),
      ];
      if (problems.length > 0) {
        const shown = problems.slice(0, 60).join('\n');
        const more = problems.length > 60 ? `\n... and ${problems.length - 60} more` : '';
        throw new Error(`${script.id}: ${problems.length} known-failures mismatch(es)\n${shown}${more}`);
      }
    });
  }
  afterAll(() => {
    mkdirSync(SHARD_DIR, { recursive: true });
    writeAtomic(join(SHARD_DIR, `shard-${k}.json`), JSON.stringify(buildReport(results)));
    const merged = mergeShards();
    const mine = buildReport(results);
    console.log(`spec corpus shard ${k + 1}/${n}:\n${formatTable(mine)}\nall shards (${LAST_RESULTS}):\n${formatTable(merged)}`);
  });
};
