/**
 * Spec-script runner (Node only): load wast2json-style scripts, run them against the
 * Windlass runtime, report per-folder counts and failures.
 */
export { loadScript, scriptsInFolder, expandPaths } from './script.js';
export type { SpecScript, SpecCommand, SpecAction } from './script.js';
export { runScript, isAssertion } from './run.js';
export type { CommandResult, ScriptResult, Outcome, RunOptions } from './run.js';
export { buildReport, formatTable, parseKnownFailures, formatKnownFailures, diffKnown, failureKey } from './report.js';
export type { WastReport, FolderCounts, FailureEntry, KnownDiff } from './report.js';
export { createSpectest, defineSpectest, SPECTEST_MODULE } from './spectest-host.js';
export { HostRefs, parseArg, matchValue } from './values.js';
export type { SpecValue } from './values.js';
