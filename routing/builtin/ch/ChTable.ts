import type { ChGraph } from './ChGraph';
import { DEFAULT_SEARCH_SPACE_CACHE_NODES, type SearchCore, type SearchSpace, SearchSpaces } from './SearchSpaces';
import type { Seed } from '../snap/Phantom';
import { BoundedCache } from '../BoundedCache';
import { acquireSettler, type ParallelSettler, type SettleBatch, type SettleJob } from './ParallelSettler';

/** Source nodes whose answers to one target are kept (a vehicle's roads on the way to its next stop); then forgotten. */
export const MEMO_PER_TARGET = 1024;
/**
 * "This node at zero" seed arrays kept (the keys of the nodes' kept forward spaces). Past it the oldest is made again
 * on next use, its old space left to leave the space cache in turn.
 */
export const ALONE_SEEDS_KEPT = 65_536;
/**
 * A table missing at least this many search spaces splits them over its search threads (ParallelSettler); fewer are
 * searched here. Measured at 250k road nodes (load 6–7 on 2 cores): a cold 10×10 table (26 spaces) split cost 18 %
 * more CPU and saved the caller's thread nothing (the thread woke too late to take much); 100×100 (260) saved it a
 * third for 8 % more CPU.
 */
export const PARALLEL_FROM_SPACES = 32;

/**
 * A table whose sources have at most this many seeds in all (the decision's two new stops to its candidates' stops)
 * meets each seed's forward space with the targets' backward spaces directly (`meetSpaces`), filling no buckets: its
 * cost is a read per target-space node a seed, where buckets cost a place and four writes per node once.
 */
export const DIRECT_UP_TO_SEEDS = 4;

export interface ChTableOptions {
  /** Settled nodes kept per direction (SearchSpaces). */
  cacheNodes?: number;
  /** Search threads beside the caller's (0: none). Started on the first table that would use them. */
  threads?: number;
  parallelFrom?: number;
  /** Which code searches the spaces (SearchSpaces' SearchCore; default the WebAssembly core), here and on the search threads. */
  searchCore?: SearchCore;
  /** Source seeds up to which targets' spaces are met directly rather than through buckets (DIRECT_UP_TO_SEEDS; 0: always buckets). */
  directUpToSeeds?: number;
}

export interface ChMatrix {
  rows: number;
  cols: number;
  /** Row-major; Infinity where unreachable. */
  weightS: Float64Array;
  durationS: Float64Array;
  distanceM: Float64Array;
}

/**
 * Many-to-many travel times with buckets (Knopp et al. 2007): one backward upward search per target
 * leaves (target, time) entries at every node it settles; one forward upward search per source scans
 * the buckets of the nodes it settles. Sources × targets point-to-point searches are never run.
 * Each point's search space is searched once and kept (SearchSpaces.ts): a dispatcher's tables ask again and again
 * for the same stops and depots, and only the new points of a table cost a search.
 *
 * A source is searched seed by seed, each seed's edge-based node from zero: its row is the least over its seeds of the
 * seed's label plus that node's answer (the same shortest path as one search from all seeds; sums differ in rounding
 * only). A source's seeds are the directions of the road it lies on, so every point on that road, a moving vehicle's
 * fix after fix, finds its forward spaces already searched; and a table to one target keeps each node's answer to it,
 * so the fix costs its snap and an addition per seed. Every answer is a pure function of the seeds: bit for bit the
 * same whether spaces or answers were kept or computed afresh.
 */
export class ChTable {
  private readonly forward: SearchSpaces;
  private readonly backward: SearchSpaces;
  /** Bucket entries of the table being computed, grouped by node: node u's are [bucketStart[u], bucketEnd[u]). */
  private bucketTarget = new Int32Array(1024);
  private bucketWeight = new Float64Array(1024);
  private bucketDistance = new Float64Array(1024);
  private bucketDuration = new Float64Array(1024);
  /** Per hierarchy node; zero between tables (reset through `bucketNodes`), so a table costs what its searches settled. */
  private readonly bucketStart: Int32Array;
  private readonly bucketEnd: Int32Array;
  private bucketNodes: Int32Array = new Int32Array(1024);
  private filledNodes = 0;
  private readonly aloneSeeds = new BoundedCache<number, readonly Seed[]>(ALONE_SEEDS_KEPT);
  /** One source node's answers to each target of the table being computed (scan). */
  private nodeW = new Float64Array(64);
  private nodeD = new Float64Array(64);
  private nodeT = new Float64Array(64);
  /** The forward label where that best path met its target (ties between seeds: see compute). */
  private nodeL = new Float64Array(64);
  private rowL = new Float64Array(64);
  /** Per target seed array (kept by the router with its point): each source node's answer to it, from 1-column tables. */
  private readonly memo = new WeakMap<readonly Seed[], Map<number, Float64Array>>();
  /** Per hierarchy node: 1 + its place in the forward space being met (meetSpaces), zero otherwise. */
  private readonly forwardPlace: Int32Array;
  private readonly directUpToSeeds: number;

  private threads: number;
  private readonly core: SearchCore;
  private readonly parallelFrom: number;
  private settler: ParallelSettler | undefined;
  private releaseSettler: (() => Promise<void>) | undefined;
  private splitTables = 0;
  private spacesElsewhere = 0;
  private directCount = 0;

  constructor(
    private readonly ch: ChGraph,
    options: ChTableOptions = {},
  ) {
    const cacheNodes = options.cacheNodes ?? DEFAULT_SEARCH_SPACE_CACHE_NODES;
    this.threads = options.threads ?? 0;
    this.parallelFrom = Math.max(1, options.parallelFrom ?? PARALLEL_FROM_SPACES);
    this.core = options.searchCore ?? 'wasm';
    this.forward = new SearchSpaces(ch, 'forward', cacheNodes, this.core);
    this.backward = new SearchSpaces(ch, 'backward', cacheNodes, this.core);
    this.bucketStart = new Int32Array(ch.nodeCount);
    this.bucketEnd = new Int32Array(ch.nodeCount);
    this.forwardPlace = new Int32Array(ch.nodeCount);
    this.directUpToSeeds = Math.max(0, options.directUpToSeeds ?? DIRECT_UP_TO_SEEDS);
  }

  compute(sources: ReadonlyArray<readonly Seed[]>, targets: ReadonlyArray<readonly Seed[]>): ChMatrix {
    const rows = sources.length;
    const cols = targets.length;
    const weightS = new Float64Array(rows * cols).fill(Infinity);
    const distanceM = new Float64Array(rows * cols);
    const durationS = new Float64Array(rows * cols);
    if (this.nodeW.length < cols) this.growRow(cols);
    const xw = this.nodeW;
    const xd = this.nodeD;
    const xt = this.nodeT;
    const xl = this.nodeL;
    const rowL = this.rowL;
    // A table to one point (the per-fix leg) keeps each node's answer to it: a fix on a road driven before costs no scan.
    const memo = cols === 1 ? this.memoTo(targets[0]) : undefined;
    // Split over the search threads: they search the missing spaces front to back (targets', then sources'), this
    // thread takes them from the back, so the rows go last to first (each row is its own: the order changes no cell).
    const missing = !memo && this.threads > 0 ? this.beginMissing(sources, targets) : undefined;
    let filled = false;
    // Few source seeds and more than one target: each seed's space meets the targets' spaces directly (no buckets).
    let seedCount = 0;
    for (const s of sources) seedCount += s.length;
    const direct = !memo && cols > 1 && seedCount <= this.directUpToSeeds;
    if (direct) this.directCount++;
    let targetSpaces: SearchSpace[] | undefined;
    for (let r = 0; r < rows; r++) {
      const i = missing ? rows - 1 - r : r;
      const rowBase = i * cols;
      rowL.fill(Infinity, 0, cols);
      for (const seed of sources[i]) {
        const known = memo?.get(seed.node);
        if (known) {
          xw[0] = known[0];
          xd[0] = known[1];
          xt[0] = known[2];
          xl[0] = known[3];
        } else if (direct) {
          targetSpaces ??= this.targetSpaces(targets, missing);
          this.meetSpaces(this.spaceOf(this.forward, this.alone(seed.node), missing), targetSpaces);
        } else {
          if (!filled) {
            this.fillBuckets(targets, missing);
            filled = true;
          }
          this.scan(this.spaceOf(this.forward, this.alone(seed.node), missing), cols);
          memo?.set(seed.node, Float64Array.of(xw[0], xd[0], xt[0], xl[0]));
        }
        // The seed's label (minus the part of its road behind the point) on top of its node's answer. Between seeds
        // that tie, the path met at the lower forward label wins, as in one search from all seeds (settled first).
        for (let j = 0; j < cols; j++) {
          const w = seed.weightS + xw[j];
          const cell = rowBase + j;
          const l = seed.weightS + xl[j];
          if (w < weightS[cell] || (w === weightS[cell] && w < Infinity && l < rowL[j])) {
            weightS[cell] = w;
            distanceM[cell] = seed.distanceM + xd[j];
            durationS[cell] = seed.durationS + xt[j];
            rowL[j] = l;
          }
        }
      }
    }
    if (filled) this.clearBuckets();
    if (missing) this.spacesElsewhere += missing.settler.jobsElsewhere - missing.elsewhere;
    if (memo && memo.size > MEMO_PER_TARGET) memo.clear();
    return { rows, cols, weightS, durationS, distanceM };
  }

  /** Tables whose spaces were met directly, without buckets (for tests and the benchmark). */
  get directTables(): number {
    return this.directCount;
  }

  /** Tables split so far and spaces searched on other threads (for tests and the benchmark). */
  get parallelStats(): { splitTables: number; spacesElsewhere: number } {
    return { splitTables: this.splitTables, spacesElsewhere: this.spacesElsewhere };
  }

  /**
   * Starts the search threads now rather than on the first big table (whose searches would then all run here), and
   * resolves when they are up; false when this table has none or they did not come up within `timeoutMs`.
   */
  async startThreads(timeoutMs = 10_000): Promise<boolean> {
    if (this.threads === 0) return false;
    const settler = this.startSettler();
    for (let waited = 0; !settler.ready && waited < timeoutMs; waited += 5) await new Promise((ok) => setTimeout(ok, 5));
    return settler.ready;
  }

  /** Ends the search threads (the table keeps working on the caller's thread alone). */
  async close(): Promise<void> {
    const release = this.releaseSettler;
    this.settler = undefined;
    this.releaseSettler = undefined;
    this.threads = 0;
    await release?.();
  }

  /**
   * The spaces this table will ask for and no cache holds, posted to the search threads (undefined: too few, or the
   * threads are not ready; then each is searched here when asked for, as without threads).
   */
  private beginMissing(sources: ReadonlyArray<readonly Seed[]>, targets: ReadonlyArray<readonly Seed[]>): Missing | undefined {
    const jobs: SettleJob[] = [];
    const index = new Map<readonly Seed[], number>();
    for (const t of targets) {
      if (t.length > 0 && !index.has(t) && !this.backward.has(t)) {
        index.set(t, jobs.length);
        jobs.push({ direction: 'backward', seeds: t });
      }
    }
    for (const s of sources) {
      for (const seed of s) {
        const alone = this.alone(seed.node);
        if (!index.has(alone) && !this.forward.has(alone)) {
          index.set(alone, jobs.length);
          jobs.push({ direction: 'forward', seeds: alone });
        }
      }
    }
    if (jobs.length < this.parallelFrom) return undefined;
    // started on first need; until its threads are up, tables are searched here
    const settler = this.startSettler();
    const elsewhere = settler.jobsElsewhere;
    const batch = settler.begin(jobs, (j) => (j.direction === 'forward' ? this.forward : this.backward).settle(j.seeds));
    if (!batch) return undefined;
    this.splitTables++;
    return { batch, index, settler, elsewhere };
  }

  /** The space of these seeds: posted (from the batch, then kept) or kept or searched here (SearchSpaces.of). */
  private spaceOf(spaces: SearchSpaces, seeds: readonly Seed[], missing: Missing | undefined): SearchSpace {
    const i = missing?.index.get(seeds);
    if (i === undefined || !missing) return spaces.of(seeds);
    const space = missing.batch.get(i);
    if (!spaces.has(seeds)) spaces.keep(seeds, space);
    return space;
  }

  /** This table's settler, shared with every other table over the same hierarchy (acquireSettler). */
  private startSettler(): ParallelSettler {
    if (!this.settler) {
      const { settler, release } = acquireSettler(this.ch, this.threads, this.core);
      this.settler = settler;
      this.releaseSettler = release;
    }
    return this.settler;
  }

  /** The targets' backward spaces, last to first: a split table's search threads take them from the front. */
  private targetSpaces(targets: ReadonlyArray<readonly Seed[]>, missing: Missing | undefined): SearchSpace[] {
    const spaces: SearchSpace[] = new Array(targets.length);
    for (let j = targets.length - 1; j >= 0; j--) spaces[j] = this.spaceOf(this.backward, targets[j], missing);
    return spaces;
  }

  /**
   * One node's forward space met with each target's backward space, node by node: the same answers as `scan` over
   * buckets of those spaces (the least sum; between meetings that tie, the one settled first in the forward space, as
   * the scan's strict less-than in settle order keeps; the same additions), without filling any.
   */
  private meetSpaces(f: SearchSpace, spaces: readonly SearchSpace[]): void {
    const place = this.forwardPlace;
    const fNode = f.node;
    const fWeight = f.weightS;
    for (let q = 0; q < fNode.length; q++) place[fNode[q]] = q + 1;
    const xw = this.nodeW;
    const xd = this.nodeD;
    const xt = this.nodeT;
    const xl = this.nodeL;
    for (let j = 0; j < spaces.length; j++) {
      const b = spaces[j];
      const bNode = b.node;
      const bWeight = b.weightS;
      let best = Infinity;
      let bestQ = -1;
      let bestK = -1;
      for (let k = 0; k < bNode.length; k++) {
        const p = place[bNode[k]];
        if (p === 0) continue;
        const w = fWeight[p - 1] + bWeight[k];
        if (w < best || (w === best && p - 1 < bestQ)) {
          best = w;
          bestQ = p - 1;
          bestK = k;
        }
      }
      if (bestQ < 0) {
        xw[j] = Infinity;
        xd[j] = 0;
        xt[j] = 0;
        xl[j] = Infinity;
      } else {
        xw[j] = best;
        xd[j] = f.distanceM[bestQ] + b.distanceM[bestK];
        xt[j] = f.durationS[bestQ] + b.durationS[bestK];
        xl[j] = fWeight[bestQ];
      }
    }
    for (let q = 0; q < fNode.length; q++) place[fNode[q]] = 0;
  }

  /** Backward search spaces fill the buckets: count per node, place by node, then copy each target's entries in. */
  private fillBuckets(targets: ReadonlyArray<readonly Seed[]>, missing: Missing | undefined): void {
    const spaces = this.targetSpaces(targets, missing);
    const start = this.bucketStart;
    const end = this.bucketEnd;
    let nodes = 0;
    let count = 0;
    for (const b of spaces) {
      for (let k = 0; k < b.node.length; k++) {
        const u = b.node[k];
        if (end[u] === 0) {
          if (nodes === this.bucketNodes.length) this.bucketNodes = grow32(this.bucketNodes, nodes * 2);
          this.bucketNodes[nodes++] = u;
        }
        end[u]++;
      }
      count += b.node.length;
    }
    this.filledNodes = nodes;
    if (count > this.bucketTarget.length) this.growBuckets(count);
    let offset = 0;
    for (let i = 0; i < nodes; i++) {
      const u = this.bucketNodes[i];
      start[u] = offset;
      offset += end[u];
      end[u] = start[u];
    }
    const target = this.bucketTarget;
    const weight = this.bucketWeight;
    const distance = this.bucketDistance;
    const duration = this.bucketDuration;
    for (let j = 0; j < spaces.length; j++) {
      const b = spaces[j];
      for (let k = 0; k < b.node.length; k++) {
        const at = end[b.node[k]]++;
        target[at] = j;
        weight[at] = b.weightS[k];
        distance[at] = b.distanceM[k];
        duration[at] = b.durationS[k];
      }
    }
  }

  private clearBuckets(): void {
    for (let i = 0; i < this.filledNodes; i++) {
      const u = this.bucketNodes[i];
      this.bucketStart[u] = 0;
      this.bucketEnd[u] = 0;
    }
    this.filledNodes = 0;
  }

  /** One node's forward space against the buckets: its best weight (and that path's distance, duration) to each target. */
  private scan(f: SearchSpace, cols: number): void {
    const xw = this.nodeW;
    const xd = this.nodeD;
    const xt = this.nodeT;
    const xl = this.nodeL;
    xw.fill(Infinity, 0, cols);
    xd.fill(0, 0, cols);
    xt.fill(0, 0, cols);
    xl.fill(Infinity, 0, cols);
    const start = this.bucketStart;
    const end = this.bucketEnd;
    const target = this.bucketTarget;
    const weight = this.bucketWeight;
    const distance = this.bucketDistance;
    const duration = this.bucketDuration;
    for (let q = 0; q < f.node.length; q++) {
      const u = f.node[q];
      const last = end[u];
      let k = start[u];
      if (k === last) continue;
      const wu = f.weightS[q];
      for (; k < last; k++) {
        const j = target[k];
        const w = wu + weight[k];
        if (w < xw[j]) {
          xw[j] = w;
          xd[j] = f.distanceM[q] + distance[k];
          xt[j] = f.durationS[q] + duration[k];
          xl[j] = wu;
        }
      }
    }
  }

  /** The answers kept from each node to this one target (weight, distance, duration, meeting label), made on first use. */
  private memoTo(target: readonly Seed[]): Map<number, Float64Array> {
    let m = this.memo.get(target);
    if (!m) {
      m = new Map();
      this.memo.set(target, m);
    }
    return m;
  }

  private growRow(cols: number): void {
    const size = Math.max(cols, this.nodeW.length * 2);
    this.nodeW = new Float64Array(size);
    this.nodeD = new Float64Array(size);
    this.nodeT = new Float64Array(size);
    this.nodeL = new Float64Array(size);
    this.rowL = new Float64Array(size);
  }

  /** The seed set "this edge-based node, at zero": one array per node, so its forward space is kept under it. */
  private alone(node: number): readonly Seed[] {
    let seeds = this.aloneSeeds.get(node);
    if (!seeds) {
      seeds = Object.freeze([Object.freeze({ node, weightS: 0, durationS: 0, distanceM: 0 })]);
      this.aloneSeeds.set(node, seeds);
    }
    return seeds;
  }

  private growBuckets(count: number): void {
    const size = Math.max(count, this.bucketTarget.length * 2);
    this.bucketTarget = new Int32Array(size);
    this.bucketWeight = new Float64Array(size);
    this.bucketDistance = new Float64Array(size);
    this.bucketDuration = new Float64Array(size);
  }
}

/** A split table's posted spaces: the batch, and each posted seed array's job in it. */
interface Missing {
  batch: SettleBatch;
  index: Map<readonly Seed[], number>;
  settler: ParallelSettler;
  /** The settler's jobsElsewhere when posted. */
  elsewhere: number;
}

function grow32(a: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}
