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
  private bucketTarget = new Int32Array(1024);
  private bucketWeight = new Float64Array(1024);
  private bucketDistance = new Float64Array(1024);
  private bucketDuration = new Float64Array(1024);
  private bucketNode = new Int32Array(1024);
  private readonly bucketFirst: Int32Array;

  constructor(ch: ChGraph, cacheNodes = DEFAULT_SEARCH_SPACE_CACHE_NODES) {
    this.forward = new SearchSpaces(ch, 'forward', cacheNodes);
    this.backward = new SearchSpaces(ch, 'backward', cacheNodes);
    this.bucketFirst = new Int32Array(ch.nodeCount + 1);
  }

  compute(sources: ReadonlyArray<readonly Seed[]>, targets: ReadonlyArray<readonly Seed[]>): ChMatrix {
    const rows = sources.length;
    const cols = targets.length;
    const weightS = new Float64Array(rows * cols).fill(Infinity);
    const distanceM = new Float64Array(rows * cols);
    const durationS = new Float64Array(rows * cols);

    // 1. Backward search spaces fill the buckets (collected unsorted, then grouped by node).
    let count = 0;
    for (let j = 0; j < cols; j++) {
      const b = this.backward.of(targets[j]);
      for (let k = 0; k < b.node.length; k++) {
        if (count === this.bucketNode.length) this.grow();
        this.bucketNode[count] = b.node[k];
        this.bucketTarget[count] = j;
        this.bucketWeight[count] = b.weightS[k];
        this.bucketDistance[count] = b.distanceM[k];
        this.bucketDuration[count] = b.durationS[k];
        count++;
      }
    }
    const { order, first } = this.groupByNode(count);

    // 2. Forward search spaces scan the buckets of every node they settled.
    for (let i = 0; i < rows; i++) {
      const f = this.forward.of(sources[i]);
      const rowBase = i * cols;
      for (let q = 0; q < f.node.length; q++) {
        const u = f.node[q];
        const wu = f.weightS[q];
        const du = f.distanceM[q];
        const tu = f.durationS[q];
        for (let k = first[u]; k < first[u + 1]; k++) {
          const entry = order[k];
          const cell = rowBase + this.bucketTarget[entry];
          const w = wu + this.bucketWeight[entry];
          if (w < weightS[cell]) {
            weightS[cell] = w;
            distanceM[cell] = du + this.bucketDistance[entry];
            durationS[cell] = tu + this.bucketDuration[entry];
          }
        }
      }
    }
    return { rows, cols, weightS, durationS, distanceM };
  }

  /** Counting sort of bucket entries by node: entries of node u are order[first[u] .. first[u + 1]). */
  private groupByNode(count: number): { order: Int32Array; first: Int32Array } {
    const first = this.bucketFirst;
    first.fill(0);
    for (let k = 0; k < count; k++) first[this.bucketNode[k] + 1]++;
    for (let u = 0; u + 1 < first.length; u++) first[u + 1] += first[u];
    const fill = first.slice(0, first.length - 1);
    const order = new Int32Array(count);
    for (let k = 0; k < count; k++) order[fill[this.bucketNode[k]]++] = k;
    return { order, first };
  }

  private grow(): void {
    const size = this.bucketNode.length * 2;
    const grow32 = (a: Int32Array) => {
      const next = new Int32Array(size);
      next.set(a);
      return next;
    };
    const grow64 = (a: Float64Array) => {
      const next = new Float64Array(size);
      next.set(a);
      return next;
    };
    this.bucketNode = grow32(this.bucketNode);
    this.bucketTarget = grow32(this.bucketTarget);
    this.bucketWeight = grow64(this.bucketWeight);
    this.bucketDistance = grow64(this.bucketDistance);
    this.bucketDuration = grow64(this.bucketDuration);
  }
}
