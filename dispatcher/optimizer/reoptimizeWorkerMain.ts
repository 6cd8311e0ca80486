import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { type ReoptimizeJob, runReoptimizeJob } from './ReoptimizeJob';

/** Worker-thread entry of the re-optimizer: one message in ({ id, job }), one answer out ({ id, result } or { id, error }). */
export interface WorkerAnswer {
  id: number;
  result?: ReturnType<typeof runReoptimizeJob>;
  error?: string;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (message: { id: number; job: ReoptimizeJob }) => {
    let answer: WorkerAnswer;
    try {
      answer = { id: message.id, result: runReoptimizeJob(message.job, () => performance.now()) };
    } catch (e) {
      answer = { id: message.id, error: e instanceof Error ? e.stack ?? e.message : String(e) };
    }
    port.postMessage(answer);
  });
}
