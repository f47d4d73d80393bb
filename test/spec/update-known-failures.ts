/**
 * Regenerates test/spec/known-failures.txt from a fresh run of the corpus folders the
 * spec-corpus tests cover. Run: `npx tsx test/spec/update-known-failures.ts`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../runtime/index.js';
import { buildReport, formatKnownFailures, formatTable, loadScript, runScript, scriptsInFolder } from '../../runtime/node/wast/index.js';
import { CORPUS, FOLDERS, KNOWN_FAILURES } from './corpus-paths.js';

const HEADER = `# Spec-corpus commands that fail today: one line per failing command, "folder/file.json:line reason".
# The spec-corpus tests fail on a failure not listed here and on a listed line that passes;
# this list may only shrink. Regenerate with: npx tsx test/spec/update-known-failures.ts
`;

if (!FOLDERS.every((f) => existsSync(join(CORPUS, f)))) {
  process.stderr.write(`spec corpus not found at ${CORPUS}\n`);
  process.exit(1);
}
const engine = new Engine();
const results = FOLDERS.flatMap((f) => scriptsInFolder(join(CORPUS, f))).map((p) => runScript(loadScript(p), { engine }));
const report = buildReport(results);
const out = KNOWN_FAILURES;
const body = formatKnownFailures(report.failures);
writeFileSync(out, `${HEADER}${body}${body ? '\n' : ''}`);
process.stdout.write(`${formatTable(report)}\nwrote ${out}\n`);
