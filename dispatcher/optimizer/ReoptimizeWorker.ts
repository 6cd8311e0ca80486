import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReoptimizeJob } from './ReoptimizeJob';
import type { Reoptimization } from './reoptimizeFleet';
import type { WorkerAnswer } from './reoptimizeWorkerMain';

/**
 * The re-optimizer's search thread: runs ReoptimizeJobs in a `worker_threads` worker, one at a time, so the
 * search never holds the event loop. Started on the first job; a crashed worker fails its job and is
 * replaced on the next one.
 *
 * Loading: the compiled build (dist/) starts `reoptimizeWorkerMain.js` beside this file. Run from the TypeScript
 * sources (ts-jest), there is no .js file and a worker thread has no TypeScript loader, so the worker's
 * sources are bundled in memory with esbuild (a dev dependency, present wherever the sources are run).
 */
/** An idle search thread ends after this long (a caller that never calls close() does not keep it forever). */
export const WORKER_IDLE_CLOSE_MS = 10_000;

export class ReoptimizeWorker {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  constructor(private readonly idleCloseMs: number = WORKER_IDLE_CLOSE_MS) {}

  private readonly pending = new Map<number, { resolve: (r: Reoptimization | null) => void; reject: (e: Error) => void }>();

  run(job: ReoptimizeJob): Promise<Reoptimization | null> {
    const worker = this.worker ?? this.startWorker();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The matrices are copied, not transferred: the caller keeps its snapshot intact. A decision trace (a
      // function, the what-if's --trace) stays on this side: it observes decisions, not re-optimizations.
      const { trace: _trace, ...policy } = job.policy;
      worker.postMessage({ id, job: { ...job, policy } });
    });
  }

  /** Ends the thread; a job in progress fails. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    // The jobs of this thread fail; a job sent while it stops goes to a fresh thread and must not fail with them.
    const orphans = [...this.pending.values()];
    this.pending.clear();
    if (worker) await worker.terminate();
    for (const job of orphans) job.reject(new Error('The re-optimizer worker was closed'));
  }

  private startWorker(): Worker {
    const worker = workerFromSources();
    worker.unref(); // an idle search thread never keeps the process alive
    worker.on('message', (answer: WorkerAnswer) => {
      const job = this.pending.get(answer.id);
      if (!job) return;
      this.pending.delete(answer.id);
      if (answer.error !== undefined) job.reject(new Error(`re-optimization failed in the worker: ${answer.error}`));
      else job.resolve(answer.result ?? null);
      if (this.pending.size === 0) {
        this.idleTimer = setTimeout(() => void this.close(), this.idleCloseMs);
        this.idleTimer.unref();
      }
    });
    // Only the current thread's loss fails the pending jobs: a closed thread's exit comes after a fresh one took over.
    const lost = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(e);
    };
    worker.on('error', (e) => lost(e));
    worker.on('exit', (code) => lost(new Error(`The re-optimizer worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(e: Error): void {
    for (const job of this.pending.values()) job.reject(e);
    this.pending.clear();
  }
}

let bundledSource: string | null = null;

function workerFromSources(): Worker {
  const compiled = join(__dirname, 'reoptimizeWorkerMain.js');
  if (existsSync(compiled)) return new Worker(compiled);
  const source = join(__dirname, 'reoptimizeWorkerMain.ts');
  if (!existsSync(source)) throw new Error(`The re-optimizer worker is missing: neither ${compiled} nor ${source} exists; run npm run build`);
  if (bundledSource === null) {
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({ entryPoints: [source], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    bundledSource = out.outputFiles[0].text;
  }
  return new Worker(bundledSource, { eval: true });
}
