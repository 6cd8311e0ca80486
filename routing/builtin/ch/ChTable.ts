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

    // 2. Forward search spaces scan the buckets of every node they settled.
    for (let i = 0; i < rows; i++) {
      const f = this.forward.of(sources[i]);
      const rowBase = i * cols;
      for (let q = 0; q < f.node.length; q++) {
        const u = f.node[q];
        const last = end[u];
        let k = start[u];
        if (k === last) continue;
        const wu = f.weightS[q];
        for (; k < last; k++) {
          const cell = rowBase + target[k];
          const w = wu + weight[k];
          if (w < weightS[cell]) {
            weightS[cell] = w;
            distanceM[cell] = f.distanceM[q] + distance[k];
            durationS[cell] = f.durationS[q] + duration[k];
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
