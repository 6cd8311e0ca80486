import type { ChGraph } from './ChGraph';
import { IndexedMinHeap } from './IndexedMinHeap';
import type { Seed } from '../snap/Phantom';

/**
 * One direction of a CH search: Dijkstra that only climbs the hierarchy, with stall-on-demand
 * (a node reached more cheaply from above is not expanded). Arrays are sized once and reset by
 * touched list, so a search costs only what it visits.
 */
export class UpwardSearch {
  readonly weight: Float64Array;
  readonly distance: Float64Array;
  readonly duration: Float64Array;
  /** Edge id that reached the node, or -1 at a seed. */
  readonly parentEdge: Int32Array;
  readonly parentNode: Int32Array;
  readonly heap: IndexedMinHeap;
  private readonly touched: number[] = [];
  private readonly first: Int32Array;
  private readonly head: Int32Array;
  private readonly edgeWeight: Float64Array;
  private readonly edgeDistance: Float64Array;
  private readonly edgeDuration: Float64Array;
  private readonly edgeId: Int32Array;
  /** The opposite direction's arrays, for stall-on-demand. */
  private readonly stallFirst: Int32Array;
  private readonly stallHead: Int32Array;
  private readonly stallWeight: Float64Array;

  constructor(ch: ChGraph, direction: 'forward' | 'backward') {
    const n = ch.nodeCount;
    this.weight = new Float64Array(n).fill(Infinity);
    this.distance = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.parentNode = new Int32Array(n).fill(-1);
    this.heap = new IndexedMinHeap(n);
    const fwd = direction === 'forward';
    this.first = fwd ? ch.fwdFirst : ch.bwdFirst;
    this.head = fwd ? ch.fwdHead : ch.bwdHead;
    this.edgeWeight = fwd ? ch.fwdWeightS : ch.bwdWeightS;
    this.edgeDistance = fwd ? ch.fwdDistanceM : ch.bwdDistanceM;
    this.edgeDuration = fwd ? ch.fwdDurationS : ch.bwdDurationS;
    this.edgeId = fwd ? ch.fwdEdge : ch.bwdEdge;
    this.stallFirst = fwd ? ch.bwdFirst : ch.fwdFirst;
    this.stallHead = fwd ? ch.bwdHead : ch.fwdHead;
    this.stallWeight = fwd ? ch.bwdWeightS : ch.fwdWeightS;
  }

  /** Starts from the seeds, every weight raised by `shift` (so a stopping rule sees no negative label). */
  start(seeds: readonly Seed[], shift = 0): void {
    for (const t of this.touched) this.weight[t] = Infinity;
    this.touched.length = 0;
    this.heap.clear();
    for (const s of seeds) {
      const w = s.weightS + shift;
      if (w < this.weight[s.node]) {
        if (this.weight[s.node] === Infinity) this.touched.push(s.node);
        this.weight[s.node] = w;
        this.distance[s.node] = s.distanceM;
        this.duration[s.node] = s.durationS;
        this.parentEdge[s.node] = -1;
        this.parentNode[s.node] = -1;
        this.heap.push(s.node, w);
      }
    }
  }

  /** Settles the next node and relaxes its upward edges; returns the node, or -1 if it was stalled. */
  step(): number {
    const u = this.heap.pop();
    const wu = this.weight[u];
    // Stall-on-demand: an edge from a higher node into u (opposite direction's list) proves u is reached cheaper.
    for (let k = this.stallFirst[u]; k < this.stallFirst[u + 1]; k++) {
      const x = this.stallHead[k];
      if (this.weight[x] + this.stallWeight[k] < wu) return -1;
    }
    const du = this.distance[u];
    const tu = this.duration[u];
    for (let k = this.first[u]; k < this.first[u + 1]; k++) {
      const v = this.head[k];
      const wv = wu + this.edgeWeight[k];
      if (wv < this.weight[v]) {
        if (this.weight[v] === Infinity) this.touched.push(v);
        this.weight[v] = wv;
        this.distance[v] = du + this.edgeDistance[k];
        this.duration[v] = tu + this.edgeDuration[k];
        this.parentEdge[v] = this.edgeId[k];
        this.parentNode[v] = u;
        this.heap.push(v, wv);
      }
    }
    return u;
  }
}
