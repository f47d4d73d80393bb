/**
 * Runs each measurement in a fresh child process of the chosen engine (`child JOB.json
 * RESULT.json`, working directory = the guest's folder) and reads back its result; a process that
 * dies or times out becomes a failed measurement, never an exception.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasureRunner, RunnerResult } from '../../bench/orchestrate.js';
import type { MeasureJob, Measurement } from '../../bench/types.js';
import type { ChildResult } from './child.js';
import type { BenchEngine } from './engines.js';

/** Options of the process runner. */
export interface ProcessRunnerOptions {
  /** Kill a measurement process after this long (ms). */
  readonly timeoutMs: number;
}

const failed = (job: MeasureJob, message: string): Measurement => ({ kind: job.kind, ok: false, failure: { stage: 'process', message }, wallMs: 0 });

/** A `MeasureRunner` spawning `engine` on `script` once per job. */
export class ProcessRunner implements MeasureRunner {
  readonly #dir = mkdtempSync(join(tmpdir(), 'windlass-bench-jobs-'));
  #seq = 0;

  constructor(readonly engine: BenchEngine, readonly script: string, readonly options: ProcessRunnerOptions) {}

  run(job: MeasureJob): Promise<RunnerResult> {
    const n = this.#seq++;
    const jobPath = join(this.#dir, `job-${n}.json`);
    const resultPath = join(this.#dir, `result-${n}.json`);
    writeFileSync(jobPath, JSON.stringify(job.kind === 'run' ? { ...job, outDir: this.#dir } : job));
    return new Promise((resolveRun) => {
      const child = spawn(this.engine.path, [...this.engine.args, this.script, jobPath, resultPath], {
        cwd: job.guest.dir, stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-4000); });
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.timeoutMs);
      let finished = false;
      const finish = (how: string): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        let out: RunnerResult;
        try {
          const r = JSON.parse(readFileSync(resultPath, 'utf8')) as ChildResult;
          out = { measurement: r.measurement, nativeWasi: r.nativeWasi, engine: r.engine };
        } catch {
          out = { measurement: failed(job, `${how}; no result${stderr ? `: ${stderr.trim().split('\n').slice(-6).join(' | ')}` : ''}`) };
        }
        rmSync(jobPath, { force: true });
        rmSync(resultPath, { force: true });
        resolveRun(out);
      };
      child.on('error', (e) => finish(`cannot start ${this.engine.path}: ${e.message}`));
      child.on('close', (code, signal) => finish(signal === 'SIGKILL' ? `killed after ${this.options.timeoutMs} ms`
        : signal ? `the process died of ${signal}` : `the process exited with code ${code}`));
    });
  }

  /** Removes the job folder (kept output of failed runs lives there too, unless `keepFailures`). */
  dispose(keepFailures: boolean): void {
    if (!keepFailures) rmSync(this.#dir, { recursive: true, force: true });
  }
}
