import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChGraph } from './ChGraph';
import type { SearchCore, SearchSpace } from './SearchSpaces';
import { wasmSearchCore } from './WasmUpwardSearch';
import { shareHierarchy } from './SharedHierarchy';
import { ACK, ARENA, BOARD_ITEMS, BOARD_SEEDS, COUNT, DIRECTION_BACKWARD, DIRECTION_FORWARD, GEN, IN_ARENA, MAX_THREADS, PENDING, SettleBoard, STOP } from './SettleBoard';
import type { SettleWorkerData } from './settleWorkerMain';
import type { Seed } from '../snap/Phantom';

/** One search space a table is missing. */
export interface SettleJob {
  direction: 'forward' | 'backward';
  seeds: readonly Seed[];
}

/**
 * A table's missing search spaces, searched on this thread and `threads` search threads at once. The threads share the
 * hierarchy's arrays (SharedHierarchy, copied once) and one SettleBoard; a table posts no message, it writes its jobs
 * to the board and wakes the threads with Atomics.notify. They claim jobs front to back; the table asks for the
 * spaces it needs from the back (SettleBatch), searching here each one not claimed yet. A search is a pure function
 * of its seeds over the same arrays, so a space searched there is bit for bit the one searched here.
 *
 * Synchronous, and this thread never waits: a job claimed there and not finished when it is needed is searched here
 * too (where the two ends meet: about one search a table, more when the OS does not run the search thread). A thread
 * still starting, or still busy with the last table, takes no part: the table is searched here alone. Threads start
 * on construction, unref'd.
 *
 * Loading: as ReoptimizeWorker, the build's `settleWorkerMain.js` beside this file, or the TypeScript sources
 * bundled in memory with esbuild when run from them (ts-jest).
 */
export class ParallelSettler {
  private readonly board = new SettleBoard();
  private readonly workers: Worker[] = [];
  private gen = 0;
  private closed = false;
  /** Tables split so far, jobs whose space came from a search thread, and jobs searched on both (for tests and the benchmark). */
  splitTables = 0;
  jobsElsewhere = 0;
  jobsTwice = 0;

  constructor(ch: ChGraph, threads = 1, core: SearchCore = 'wasm') {
    if (!(threads >= 1 && threads <= MAX_THREADS)) throw new RangeError(`ParallelSettler takes 1 to ${MAX_THREADS} threads, got ${threads}`);
    const hierarchy = shareHierarchy(ch);
    for (let slot = 0; slot < threads; slot++) {
      // the threads search with the same core as the table's thread (the compiled module is handed over, not re-read)
      const data: SettleWorkerData = { hierarchy, board: this.board.buffers(), slot, wasmCore: core === 'wasm' ? wasmSearchCore() : null };
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

  /**
   * Posts the jobs to the search threads, which claim them front to back; the batch answers each job's space, here
   * or from there. Undefined when the threads are not ready (search everything here). `here` searches one job on
   * this thread (the table's own SearchSpaces.settle).
   */
  begin(jobs: readonly SettleJob[], here: (job: SettleJob) => SearchSpace): SettleBatch | undefined {
    const n = this.post(jobs);
    return n === 0 ? undefined : new SettleBatch(this, this.board, jobs, n, here);
  }

  /** Every job's space, in job order, this thread taking them from the back (as a table takes its rows). */
  settleAll(jobs: readonly SettleJob[], here: (job: SettleJob) => SearchSpace): SearchSpace[] {
    const batch = this.begin(jobs, here);
    const out: SearchSpace[] = new Array(jobs.length);
    for (let i = jobs.length - 1; i >= 0; i--) out[i] = batch ? batch.get(i) : here(jobs[i]);
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

  /** Writes the jobs (as many as the board holds) and wakes the threads; 0 when they are not ready. */
  private post(jobs: readonly SettleJob[]): number {
    if (!this.ready) return 0;
    const b = this.board;
    let n = 0;
    let seeds = 0;
    b.seedStart[0] = 0;
    for (; n < jobs.length && n < BOARD_ITEMS; n++) {
      const s = jobs[n].seeds;
      if (seeds + s.length > BOARD_SEEDS) break;
      b.direction[n] = jobs[n].direction === 'forward' ? DIRECTION_FORWARD : DIRECTION_BACKWARD;
      for (const seed of s) {
        b.seeds[4 * seeds] = seed.node;
        b.seeds[4 * seeds + 1] = seed.weightS;
        b.seeds[4 * seeds + 2] = seed.durationS;
        b.seeds[4 * seeds + 3] = seed.distanceM;
        seeds++;
      }
      b.seedStart[n + 1] = seeds;
      b.claim[n] = 0;
      b.done[n] = PENDING;
    }
    if (n === 0) return 0;
    const ctl = b.ctl;
    Atomics.store(ctl, COUNT, n);
    Atomics.store(ctl, ARENA, 0);
    this.gen = Atomics.add(ctl, GEN, 1) + 1;
    Atomics.notify(ctl, GEN);
    this.splitTables++;
    return n;
  }

  /** A lost thread never acknowledges again: every later table is searched here alone. */
  private lose(worker: Worker): void {
    if (this.workers.includes(worker)) this.closed = true;
  }
}

/** One table's posted jobs: each space once, from the search threads' arena or searched here. */
export class SettleBatch {
  private readonly got: Array<SearchSpace | undefined>;

  constructor(
    /** Where the batch counts spaces from the threads and spaces searched twice (the settler's own counters). */
    private readonly settler: { jobsElsewhere: number; jobsTwice: number },
    private readonly board: SettleBoard,
    private readonly jobs: readonly SettleJob[],
    /** Jobs posted (the first `posted`; the rest, past the board's room, are searched here). */
    private readonly posted: number,
    private readonly here: (job: SettleJob) => SearchSpace,
  ) {
    this.got = new Array(jobs.length);
  }

  get(i: number): SearchSpace {
    const known = this.got[i];
    if (known) return known;
    const b = this.board;
    let space: SearchSpace;
    if (i >= this.posted || Atomics.compareExchange(b.claim, i, 0, 1) === 0) {
      space = this.here(this.jobs[i]);
    } else if (Atomics.load(b.done, i) === IN_ARENA) {
      space = b.take(i);
      this.settler.jobsElsewhere++;
    } else {
      // claimed there and not written yet (or no room in the arena): searched here rather than waited for
      space = this.here(this.jobs[i]);
      this.settler.jobsTwice++;
    }
    this.got[i] = space;
    return space;
  }
}

const sharedSettlers = new WeakMap<ChGraph, Map<string, { settler: ParallelSettler; users: number }>>();

/**
 * The settler of this hierarchy with this many threads, shared by every table over it (routers made from one prepared
 * folder: their threads, and what their JIT learnt, are made once); `release` ends it with its last user.
 */
export function acquireSettler(ch: ChGraph, threads: number, core: SearchCore = 'wasm'): { settler: ParallelSettler; release: () => Promise<void> } {
  let byThreads = sharedSettlers.get(ch);
  if (!byThreads) sharedSettlers.set(ch, (byThreads = new Map()));
  const key = `${threads}:${core}`;
  let entry = byThreads.get(key);
  if (!entry || entry.settler.isClosed) byThreads.set(key, (entry = { settler: new ParallelSettler(ch, threads, core), users: 0 }));
  const held = entry;
  held.users++;
  let released = false;
  return {
    settler: held.settler,
    release: async () => {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      if (byThreads.get(key) === held) byThreads.delete(key);
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
