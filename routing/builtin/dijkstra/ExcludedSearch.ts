import { IndexedMinHeap } from '../ch/IndexedMinHeap';
import type { ChPath } from '../ch/ChQuery';
import type { TurnGraph } from '../graph/turnGraph';
import type { Seed } from '../snap/Phantom';

/**
 * Dijkstra on the uncontracted edge-based graph that never enters an excluded node: the answer to `exclude=`.
 * OSRM contracts one filtered graph per excludable set; the hierarchy here is built once, over every road, and a
 * query that excludes a class searches the plain graph instead (no extra prepare time or memory, slower per query).
 * Paths come out as ChQuery's, so the router unpacks them the same way.
 */
export class ExcludedSearch {
  private readonly w: Float64Array;
  private readonly t: Float64Array;
  private readonly d: Float64Array;
  private readonly parentEdge: Int32Array;
  private readonly settled: Uint8Array;
  private readonly heap: IndexedMinHeap;
  private readonly touched: number[] = [];

  /** `excluded[node]` is 1 for the graph's nodes no path may use. */
  constructor(private readonly g: TurnGraph, readonly excluded: Uint8Array) {
    const n = g.nodeCount;
    this.w = new Float64Array(n).fill(Infinity);
    this.t = new Float64Array(n);
    this.d = new Float64Array(n);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.settled = new Uint8Array(n);
    this.heap = new IndexedMinHeap(n);
  }

  allows(node: number): boolean {
    return this.excluded[node] === 0;
  }

  shortestPath(sources: readonly Seed[], targets: readonly Seed[]): ChPath | null {
    const byNode = new Map<number, Seed[]>();
    for (const s of targets) if (this.allows(s.node)) byNode.set(s.node, [...(byNode.get(s.node) ?? []), s]);
    if (!this.start(sources) || byNode.size === 0) return null;
    const { w, t, d, heap, g } = this;
    let best = Infinity;
    let bestNode = -1;
    let bestSeed: Seed | undefined;
    while (heap.size > 0 && heap.minKey() < best) {
      const u = this.settle();
      for (const s of byNode.get(u) ?? []) {
        if (w[u] + s.weightS < best) {
          best = w[u] + s.weightS;
          bestNode = u;
          bestSeed = s;
        }
      }
    }
    if (!bestSeed) return null;
    const edges: number[] = [];
    let u = bestNode;
    for (let e = this.parentEdge[u]; e >= 0; e = this.parentEdge[u]) {
      edges.push(g.edgeChain[e]);
      u = this.tailOf(e);
    }
    edges.reverse();
    return { weightS: best, durationS: t[bestNode] + bestSeed.durationS, distanceM: d[bestNode] + bestSeed.distanceM, roadEdges: edges, sourceNode: u, targetNode: bestNode };
  }

  /** Weight, duration and distance from each source seed set to each target seed set (row-major), Infinity where none. */
  compute(sources: ReadonlyArray<readonly Seed[]>, targets: ReadonlyArray<readonly Seed[]>): { weightS: Float64Array; durationS: Float64Array; distanceM: Float64Array } {
    const cells = sources.length * targets.length;
    const weightS = new Float64Array(cells).fill(Infinity);
    const durationS = new Float64Array(cells);
    const distanceM = new Float64Array(cells);
    const wanted = new Set<number>();
    for (const seeds of targets) for (const s of seeds) if (this.allows(s.node)) wanted.add(s.node);
    sources.forEach((src, i) => {
      if (!this.start(src)) return;
      let left = wanted.size;
      while (this.heap.size > 0 && left > 0) if (wanted.has(this.settle())) left--;
      targets.forEach((seeds, j) => {
        const cell = i * targets.length + j;
        for (const s of seeds) {
          if (!this.settled[s.node] || !this.allows(s.node)) continue;
          const total = this.w[s.node] + s.weightS;
          if (total < weightS[cell]) {
            weightS[cell] = total;
            durationS[cell] = this.t[s.node] + s.durationS;
            distanceM[cell] = this.d[s.node] + s.distanceM;
          }
        }
      });
    });
    return { weightS, durationS, distanceM };
  }

  /** Resets the labels it touched last time and seeds the heap; false when no seed is allowed. */
  private start(sources: readonly Seed[]): boolean {
    const { w, settled, parentEdge, heap } = this;
    for (const u of this.touched) {
      w[u] = Infinity;
      settled[u] = 0;
      parentEdge[u] = -1;
    }
    this.touched.length = 0;
    heap.clear();
    for (const s of sources) {
      if (!this.allows(s.node) || !(s.weightS < w[s.node])) continue;
      if (w[s.node] === Infinity) this.touched.push(s.node);
      w[s.node] = s.weightS;
      this.t[s.node] = s.durationS;
      this.d[s.node] = s.distanceM;
      heap.push(s.node, s.weightS);
    }
    return heap.size > 0;
  }

  private settle(): number {
    const { w, t, d, g, heap, settled, parentEdge, excluded } = this;
    const u = heap.pop();
    settled[u] = 1;
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      const v = g.head[e];
      if (excluded[v] || settled[v]) continue;
      const wv = w[u] + g.weightS[e];
      if (wv < w[v]) {
        if (w[v] === Infinity) this.touched.push(v);
        w[v] = wv;
        t[v] = t[u] + g.durationS[e];
        d[v] = d[u] + g.distanceM[e];
        parentEdge[v] = e;
        heap.push(v, wv);
      }
    }
    return u;
  }

  /** The tail of edge slot e (CSR rows are sorted, so a binary search over firstOut). */
  private tailOf(e: number): number {
    const f = this.g.firstOut;
    let lo = 0;
    let hi = this.g.nodeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (f[mid] <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
