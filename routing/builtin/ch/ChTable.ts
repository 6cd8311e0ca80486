import type { ChGraph } from './ChGraph';
import { DEFAULT_SEARCH_SPACE_CACHE_NODES, SearchSpaces } from './SearchSpaces';
import type { Seed } from '../snap/Phantom';

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
 * A source is searched seed by seed, each seed's edge-based node from zero, its row the least over its seeds of the
 * seed's label plus that node's (the same shortest path as one search from all seeds; sums differ in rounding only).
 * A source's seeds are the directions of the road it lies on, so every point on that road, a moving vehicle's fix after
 * fix, finds its forward spaces already searched: a fresh point costs its snap and a bucket scan, not a search.
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
  private readonly aloneSeeds = new Map<number, readonly Seed[]>();

  constructor(ch: ChGraph, cacheNodes = DEFAULT_SEARCH_SPACE_CACHE_NODES) {
    this.forward = new SearchSpaces(ch, 'forward', cacheNodes);
    this.backward = new SearchSpaces(ch, 'backward', cacheNodes);
    this.bucketStart = new Int32Array(ch.nodeCount);
    this.bucketEnd = new Int32Array(ch.nodeCount);
  }

  compute(sources: ReadonlyArray<readonly Seed[]>, targets: ReadonlyArray<readonly Seed[]>): ChMatrix {
    const rows = sources.length;
    const cols = targets.length;
    const weightS = new Float64Array(rows * cols).fill(Infinity);
    const distanceM = new Float64Array(rows * cols);
    const durationS = new Float64Array(rows * cols);

    // 1. Backward search spaces fill the buckets: count per node, place by node, then copy each target's entries in.
    const spaces = targets.map((t) => this.backward.of(t));
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
    for (let j = 0; j < cols; j++) {
      const b = spaces[j];
      for (let k = 0; k < b.node.length; k++) {
        const at = end[b.node[k]]++;
        target[at] = j;
        weight[at] = b.weightS[k];
        distance[at] = b.distanceM[k];
        duration[at] = b.durationS[k];
      }
    }

    // 2. Forward search spaces scan the buckets of every node they settled: one space per source seed's node, searched
    // from it alone and offset by the seed's label (the seed's part of its road), so every point on a road shares them.
    for (let i = 0; i < rows; i++) {
      const rowBase = i * cols;
      for (const seed of sources[i]) {
        const f = this.forward.of(this.alone(seed.node));
        const sw = seed.weightS;
        const sd = seed.distanceM;
        const st = seed.durationS;
        for (let q = 0; q < f.node.length; q++) {
          const u = f.node[q];
          const last = end[u];
          let k = start[u];
          if (k === last) continue;
          const wu = sw + f.weightS[q];
          for (; k < last; k++) {
            const cell = rowBase + target[k];
            const w = wu + weight[k];
            if (w < weightS[cell]) {
              weightS[cell] = w;
              distanceM[cell] = sd + f.distanceM[q] + distance[k];
              durationS[cell] = st + f.durationS[q] + duration[k];
            }
          }
        }
      }
    }
    for (let i = 0; i < nodes; i++) {
      const u = this.bucketNodes[i];
      start[u] = 0;
      end[u] = 0;
    }
    return { rows, cols, weightS, durationS, distanceM };
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

function grow32(a: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}
