import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChGraph } from './ChGraph';
import type { SearchSpace } from './SearchSpaces';
import { shareHierarchy } from './SharedHierarchy';
import { ACK, ARENA, BOARD_ITEMS, BOARD_SEEDS, COUNT, DIRECTION_BACKWARD, DIRECTION_FORWARD, GEN, IN_ARENA, MAX_THREADS, NEXT, PENDING, SettleBoard, STOP } from './SettleBoard';
import type { SettleWorkerData } from './settleWorkerMain';
import type { Seed } from '../snap/Phantom';

/** A search thread that has not finished a taken search by then is taken for dead (a search takes ~0.1 ms). */
export const STALLED_THREAD_MS = 5000;
const WAIT_SLICE_MS = 50;

/** One search space a table is missing. */
export interface SettleJob {
  direction: 'forward' | 'backward';
  seeds: readonly Seed[];
}

/**
 * A table's missing search spaces, searched on this thread and `threads` search threads at once. The threads share the
 * hierarchy's arrays (SharedHierarchy, copied once) and one SettleBoard; a table posts no message, it writes its jobs
 * to the board and wakes the threads with Atomics.notify, and every thread takes jobs from one counter. A search is
 * a pure function of its seeds over the same arrays, so a space searched there is bit for bit the one searched here.
 *
 * Synchronous: this thread searches too and then waits (Atomics.wait) only for the jobs a search thread has taken and
 * not finished, one each at most. A thread still starting, or still busy with a table this thread gave up waiting for,
 * takes no part: the table is searched here alone, never blocked on it. Threads start on construction, unref'd.
 *
 * Loading: as ReoptimizeWorker, the build's `settleWorkerMain.js` beside this file, or the TypeScript sources
 * bundled in memory with esbuild when run from them (ts-jest).
 */
export class ParallelSettler {
  private readonly board = new SettleBoard();
  private readonly workers: Worker[] = [];
  private gen = 0;
  private closed = false;
  /** Tables split so far, and jobs the search threads took (for tests and the benchmark's notes). */
  splitTables = 0;
  jobsElsewhere = 0;

  constructor(ch: ChGraph, threads = 1) {
    if (!(threads >= 1 && threads <= MAX_THREADS)) throw new RangeError(`ParallelSettler takes 1 to ${MAX_THREADS} threads, got ${threads}`);
    const hierarchy = shareHierarchy(ch);
    for (let slot = 0; slot < threads; slot++) {
      const data: SettleWorkerData = { hierarchy, board: this.board.buffers(), slot };
      const worker = workerFromSources(data);
      worker.unref(); // a waiting search thread never keeps the process alive
      worker.on('error', () => this.lose(worker));
      worker.on('exit', () => this.lose(worker));
      this.workers.push(worker);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether every search thread is up and idle (else `settleAll` searches here alone). */
  get ready(): boolean {
    if (this.closed || this.workers.length === 0) return false;
    for (let w = 0; w < this.workers.length; w++) if (Atomics.load(this.board.ctl, ACK + w) !== this.gen) return false;
    return true;
  }

  /** Every job's space, in job order; `here` searches one on this thread (the table's own SearchSpaces.settle). */
  settleAll(jobs: readonly SettleJob[], here: (job: SettleJob) => SearchSpace): SearchSpace[] {
    const out: SearchSpace[] = new Array(jobs.length);
    let from = 0;
    while (from < jobs.length) {
      const n = this.post(jobs, from);
      if (n === 0) {
        for (let i = from; i < jobs.length; i++) out[i] = here(jobs[i]);
        break;
      }
      this.join(jobs, from, n, out, here);
      from += n;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.board.ctl, STOP, 1);
    Atomics.add(this.board.ctl, GEN, 1);
    Atomics.notify(this.board.ctl, GEN);
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  /** Writes jobs [from, from + n) to the board and wakes the threads; n = 0 when they are not ready. */
  private post(jobs: readonly SettleJob[], from: number): number {
    if (!this.ready) return 0;
    const b = this.board;
    let n = 0;
    let seeds = 0;
    b.seedStart[0] = 0;
    for (let i = from; i < jobs.length && n < BOARD_ITEMS; i++, n++) {
      const s = jobs[i].seeds;
      if (seeds + s.length > BOARD_SEEDS) break;
      b.direction[n] = jobs[i].direction === 'forward' ? DIRECTION_FORWARD : DIRECTION_BACKWARD;
      for (const seed of s) {
        b.seeds[4 * seeds] = seed.node;
        b.seeds[4 * seeds + 1] = seed.weightS;
        b.seeds[4 * seeds + 2] = seed.durationS;
        b.seeds[4 * seeds + 3] = seed.distanceM;
        seeds++;
      }
      b.seedStart[n + 1] = seeds;
      b.done[n] = PENDING;
    }
    if (n === 0) return 0;
    const ctl = b.ctl;
    Atomics.store(ctl, COUNT, n);
    Atomics.store(ctl, ARENA, 0);
    Atomics.store(ctl, NEXT, 0);
    this.gen = Atomics.add(ctl, GEN, 1) + 1;
    Atomics.notify(ctl, GEN);
    this.splitTables++;
    return n;
  }

  /** Takes jobs here until none are left, then waits for the ones the search threads took and copies them out. */
  private join(jobs: readonly SettleJob[], from: number, n: number, out: SearchSpace[], here: (job: SettleJob) => SearchSpace): void {
    const b = this.board;
    const mine = new Uint8Array(n);
    for (let i = Atomics.add(b.ctl, NEXT, 1); i < n; i = Atomics.add(b.ctl, NEXT, 1)) {
      out[from + i] = here(jobs[from + i]);
      mine[i] = 1;
    }
    for (let i = 0; i < n; i++) {
      if (mine[i]) continue;
      // taken by a search thread, which is searching it now: one search at most to wait for. A thread that died
      // mid-search (its 'exit' cannot be heard while this thread waits) is given up after STALLED_THREAD_MS.
      for (let waited = 0; Atomics.load(b.done, i) === PENDING && waited < STALLED_THREAD_MS; waited += WAIT_SLICE_MS) Atomics.wait(b.done, i, PENDING, WAIT_SLICE_MS);
      if (Atomics.load(b.done, i) === IN_ARENA) {
        out[from + i] = b.take(i);
        this.jobsElsewhere++;
      } else {
        if (Atomics.load(b.done, i) === PENDING) this.closed = true;
        out[from + i] = here(jobs[from + i]);
      }
    }
  }

  /** A lost thread never acknowledges again: every later table is searched here alone. */
  private lose(worker: Worker): void {
    if (this.workers.includes(worker)) this.closed = true;
  }
}

const sharedSettlers = new WeakMap<ChGraph, Map<number, { settler: ParallelSettler; users: number }>>();

/**
 * The settler of this hierarchy with this many threads, shared by every table over it (routers made from one prepared
 * folder: their threads, and what their JIT learnt, are made once); `release` ends it with its last user.
 */
export function acquireSettler(ch: ChGraph, threads: number): { settler: ParallelSettler; release: () => Promise<void> } {
  let byThreads = sharedSettlers.get(ch);
  if (!byThreads) sharedSettlers.set(ch, (byThreads = new Map()));
  let entry = byThreads.get(threads);
  if (!entry || entry.settler.isClosed) byThreads.set(threads, (entry = { settler: new ParallelSettler(ch, threads), users: 0 }));
  const held = entry;
  held.users++;
  let released = false;
  return {
    settler: held.settler,
    release: async () => {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      if (byThreads.get(threads) === held) byThreads.delete(threads);
      await held.settler.close();
    },
  };
}

let bundledSource: string | null = null;

function workerFromSources(data: SettleWorkerData): Worker {
  const compiled = join(__dirname, 'settleWorkerMain.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData: data });
  const source = join(__dirname, 'settleWorkerMain.ts');
  if (!existsSync(source)) throw new Error(`The table's search thread is missing: neither ${compiled} nor ${source} exists; run npm run build`);
  if (bundledSource === null) {
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({ entryPoints: [source], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    bundledSource = out.outputFiles[0].text;
  }
  return new Worker(bundledSource, { eval: true, workerData: data });
}
