/**
 * Entry point of one benchmark measurement process: `child JOB.json RESULT.json`. Reads the job,
 * measures in this fresh process (runtime/bench/measure.ts) and writes the result; never throws.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { measure } from '../../bench/measure.js';
import type { MeasureJob, Measurement } from '../../bench/types.js';
import { createNodeEnv } from './node-env.js';

/** What the child writes: the measurement plus facts about the process that made it. */
export interface ChildResult {
  readonly measurement: Measurement;
  readonly nativeWasi: string;
  readonly engine: string;
}

const engineLabel = (): string => {
  const v = process.versions as Record<string, string | undefined>;
  return v['bun'] !== undefined ? `bun ${v['bun']}` : `node ${process.version} (V8 ${v['v8'] ?? '?'})`;
};

const [jobPath, resultPath] = process.argv.slice(2);
if (jobPath === undefined || resultPath === undefined) {
  process.stderr.write('usage: child JOB.json RESULT.json\n');
  process.exitCode = 2;
} else {
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as MeasureJob;
  const { env, nativeWasiKind } = await createNodeEnv(job.kind === 'run' ? job.outDir : undefined);
  const out: ChildResult = { measurement: measure(job, env), nativeWasi: nativeWasiKind, engine: engineLabel() };
  writeFileSync(resultPath, JSON.stringify(out));
}
