/**
 * Aggregation of script results: per-folder counts of assertion commands, the failure
 * list (the `--json` report shape), the printed table, and known-failures lists.
 */
import { isAssertion } from './run.js';
import type { CommandResult, ScriptResult } from './run.js';

/** Counts of one folder (assertion commands only). */
export interface FolderCounts { passed: number; failed: number; skipped: number }

/** One failed command in a report. */
export interface FailureEntry { readonly file: string; readonly line: number; readonly type: string; readonly reason: string }

/** The JSON report written by `windlass wast --json`. */
export interface WastReport {
  readonly folders: Record<string, FolderCounts>;
  readonly failures: FailureEntry[];
}

/** Builds the report: counts of `assert_*` commands per folder; every failed command is listed. */
export const buildReport = (scripts: readonly ScriptResult[]): WastReport => {
  const folders: Record<string, FolderCounts> = {};
  const failures: FailureEntry[] = [];
  for (const s of scripts) {
    const c = (folders[s.folder] ??= { passed: 0, failed: 0, skipped: 0 });
    for (const r of s.results) {
      if (r.outcome === 'fail') failures.push({ file: s.id, line: r.line, type: r.type, reason: r.reason ?? '' });
      if (!isAssertion(r.type)) continue;
      if (r.outcome === 'pass') c.passed++;
      else if (r.outcome === 'fail') c.failed++;
      else c.skipped++;
    }
  }
  return { folders, failures };
};

/** Formats the per-folder table (with a total row). */
export const formatTable = (report: WastReport): string => {
  const rows: [string, string, string, string][] = [['folder', 'passed', 'failed', 'skipped']];
  const total: FolderCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, c] of Object.entries(report.folders)) {
    rows.push([name, String(c.passed), String(c.failed), String(c.skipped)]);
    total.passed += c.passed; total.failed += c.failed; total.skipped += c.skipped;
  }
  if (Object.keys(report.folders).length > 1) rows.push(['total', String(total.passed), String(total.failed), String(total.skipped)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
};

/** Key of a command in a known-failures list: `folder/file.json:line`. */
export const failureKey = (file: string, line: number): string => `${file}:${line}`;

/** Parses a known-failures list: `folder/file.json:line <reason>` per line; `#` comments and blank lines ignored. */
export const parseKnownFailures = (text: string): Map<string, string> => {
  const known = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sp = line.indexOf(' ');
    known.set(sp < 0 ? line : line.slice(0, sp), sp < 0 ? '' : line.slice(sp + 1));
  }
  return known;
};

/** Formats failures as known-failures lines (reasons flattened to one line). */
export const formatKnownFailures = (failures: readonly FailureEntry[]): string => {
  const lines = new Map<string, string>();
  for (const f of failures) {
    const key = failureKey(f.file, f.line);
    if (!lines.has(key)) lines.set(key, `${key} ${f.type}: ${f.reason.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return [...lines.values()].join('\n');
};

/** Difference between one script's results and a known-failures list. */
export interface KnownDiff {
  /** Failed but not listed. */
  readonly unexpected: { key: string; result: CommandResult }[];
  /** Listed but not failing any more (delete these lines). */
  readonly fixed: string[];
}

/**
 * Compares a script's results with the known-failures entries for that script (keys starting
 * with `script.id + ':'`). Several commands on one line fail or pass together.
 */
export const diffKnown = (script: ScriptResult, known: ReadonlyMap<string, string>): KnownDiff => {
  const failingKeys = new Set<string>();
  const unexpected: { key: string; result: CommandResult }[] = [];
  for (const r of script.results) {
    if (r.outcome !== 'fail') continue;
    const key = failureKey(script.id, r.line);
    failingKeys.add(key);
    if (!known.has(key)) unexpected.push({ key, result: r });
  }
  const prefix = `${script.id}:`;
  const fixed = [...known.keys()].filter((k) => k.startsWith(prefix) && !failingKeys.has(k));
  return { unexpected, fixed };
};
