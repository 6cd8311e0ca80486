import type { DirectedEdges } from '../graph/DirectedEdges';
import { IndexedMinHeap } from '../ch/IndexedMinHeap';
import type { Seed } from '../snap/Phantom';

/**
 * Plain Dijkstra from one source to many targets on the uncontracted graph: one search per table
 * row, stopped once every target is settled. The fair baseline for the many-to-many table.
 */
export class OneToManyDijkstra {
  private readonly w: Float64Array;
  private readonly heap: IndexedMinHeap;
  private readonly settled: Uint8Array;
  private readonly touched: number[] = [];

  constructor(private readonly graph: DirectedEdges) {
    this.w = new Float64Array(graph.nodeCount).fill(Infinity);
    this.settled = new Uint8Array(graph.nodeCount);
    this.heap = new IndexedMinHeap(graph.nodeCount);
  }

  /** Weight from `sources` to each target seed set, Infinity where unreachable. */
  row(sources: readonly Seed[], targets: ReadonlyArray<readonly Seed[]>): Float64Array {
    const { w, heap, settled, graph: g } = this;
    for (const t of this.touched) {
      w[t] = Infinity;
      settled[t] = 0;
    }
    this.touched.length = 0;
    heap.clear();
    for (const s of sources) {
      if (s.weightS < w[s.node]) {
        if (w[s.node] === Infinity) this.touched.push(s.node);
        w[s.node] = s.weightS;
        heap.push(s.node, s.weightS);
      }
    }
    const wanted = new Set<number>();
    for (const seeds of targets) for (const s of seeds) wanted.add(s.node);
    let left = wanted.size;
    while (heap.size > 0 && left > 0) {
      const u = heap.pop();
      settled[u] = 1;
      if (wanted.has(u)) left--;
      for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
        const v = g.head[e];
        const wv = w[u] + g.weightS[e];
        if (wv < w[v]) {
          if (w[v] === Infinity) this.touched.push(v);
          w[v] = wv;
          heap.push(v, wv);
        }
      }
    }
    const out = new Float64Array(targets.length).fill(Infinity);
    targets.forEach((seeds, j) => {
      for (const s of seeds) if (settled[s.node]) out[j] = Math.min(out[j], w[s.node] + s.weightS);
    });
    return out;
  }
}
