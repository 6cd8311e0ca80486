import type { DirectedEdges } from '../graph/DirectedEdges';
import { IndexedMinHeap } from '../ch/IndexedMinHeap';
import type { Seed } from '../snap/Phantom';

/**
 * Plain bidirectional Dijkstra on the uncontracted road graph: the baseline the benchmark measures
 * contraction hierarchies against, and the reference the CH tests check exactness with.
 */
export class BidirectionalDijkstra {
  private readonly wf: Float64Array;
  private readonly wb: Float64Array;
  private readonly df: Float64Array;
  private readonly db: Float64Array;
  private readonly hf: IndexedMinHeap;
  private readonly hb: IndexedMinHeap;
  private readonly touched: number[] = [];

  constructor(private readonly forward: DirectedEdges, private readonly backward: DirectedEdges) {
    const n = forward.nodeCount;
    this.wf = new Float64Array(n).fill(Infinity);
    this.wb = new Float64Array(n).fill(Infinity);
    this.df = new Float64Array(n);
    this.db = new Float64Array(n);
    this.hf = new IndexedMinHeap(n);
    this.hb = new IndexedMinHeap(n);
  }

  /** Shortest travel time and its length between seed sets, or null. */
  shortest(sources: readonly Seed[], targets: readonly Seed[]): { weightS: number; distanceM: number } | null {
    for (const t of this.touched) {
      this.wf[t] = Infinity;
      this.wb[t] = Infinity;
    }
    this.touched.length = 0;
    this.hf.clear();
    this.hb.clear();
    let best = Infinity;
    let bestDist = 0;
    const seed = (seeds: readonly Seed[], w: Float64Array, d: Float64Array, h: IndexedMinHeap) => {
      for (const s of seeds) {
        if (s.weightS < w[s.node]) {
          this.touched.push(s.node);
          w[s.node] = s.weightS;
          d[s.node] = s.distanceM;
          h.push(s.node, s.weightS);
        }
      }
    };
    seed(sources, this.wf, this.df, this.hf);
    seed(targets, this.wb, this.db, this.hb);
    for (const s of sources) {
      const total = this.wf[s.node] + this.wb[s.node];
      if (total < best) {
        best = total;
        bestDist = this.df[s.node] + this.db[s.node];
      }
    }
    while (this.hf.size > 0 || this.hb.size > 0) {
      if (this.hf.minKey() + this.hb.minKey() >= best) break;
      const fwd = this.hf.minKey() <= this.hb.minKey();
      const g = fwd ? this.forward : this.backward;
      const [w, d, h, ow, od] = fwd ? [this.wf, this.df, this.hf, this.wb, this.db] : [this.wb, this.db, this.hb, this.wf, this.df];
      const u = h.pop();
      for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
        const v = g.head[e];
        const wv = w[u] + g.weightS[e];
        if (wv < w[v]) {
          if (this.wf[v] === Infinity && this.wb[v] === Infinity) this.touched.push(v);
          w[v] = wv;
          d[v] = d[u] + g.distanceM[e];
          h.push(v, wv);
          if (wv + ow[v] < best) {
            best = wv + ow[v];
            bestDist = d[v] + od[v];
          }
        }
      }
    }
    return best === Infinity ? null : { weightS: best, distanceM: bestDist };
  }
}
