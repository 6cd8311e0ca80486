import type { ChGraph } from './ChGraph';
import { IndexedMinHeap } from './IndexedMinHeap';
import type { Seed } from '../snap/Phantom';

/**
 * One direction of a CH search: Dijkstra that only climbs the hierarchy, with stall-on-demand (a node reached more
 * cheaply from above is not expanded). It works on the hierarchy's own node numbers (by rank, see ChGraph): seeds
 * come in as edge-based nodes and are renumbered here. Arrays are sized once and reset by a touched list, so a search
 * costs only what it visits. A relaxation writes only the weight and the parent; a node's duration and distance come
 * from its parent's when it is settled (or asked for: `durationOf`), the same sums in the same order.
 */
export class UpwardSearch {
  readonly weight: Float64Array;
  /** The node an upward edge reached this one from, or -1 at a seed. */
  readonly parentNode: Int32Array;
  readonly heap: IndexedMinHeap;
  private readonly distance: Float64Array;
  private readonly duration: Float64Array;
  /** The CSR slot of the edge that reached the node, or -1 at a seed. */
  private readonly parentSlot: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly rank: Int32Array;
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
    this.parentSlot = new Int32Array(n).fill(-1);
    this.parentNode = new Int32Array(n).fill(-1);
    this.touched = new Int32Array(n);
    this.heap = new IndexedMinHeap(n);
    this.rank = ch.rank;
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

  /** Starts from the seeds (edge-based nodes), every weight raised by `shift` (so a stopping rule sees no negative label). */
  start(seeds: readonly Seed[], shift = 0): void {
    const weight = this.weight;
    for (let i = 0; i < this.touchedCount; i++) weight[this.touched[i]] = Infinity;
    this.touchedCount = 0;
    this.heap.clear();
    for (const s of seeds) {
      const w = s.weightS + shift;
      const u = this.rank[s.node];
      if (w < weight[u]) {
        if (weight[u] === Infinity) this.touched[this.touchedCount++] = u;
        weight[u] = w;
        this.distance[u] = s.distanceM;
        this.duration[u] = s.durationS;
        this.parentSlot[u] = -1;
        this.parentNode[u] = -1;
        this.heap.push(u, w);
      }
    }
  }

  /** Settles the next node and relaxes its upward edges; returns the node, or -1 if it was stalled. */
  step(): number {
    const weight = this.weight;
    const u = this.heap.pop();
    const wu = weight[u];
    // Stall-on-demand: an edge from a higher node into u (opposite direction's list) proves u is reached cheaper.
    const stallHead = this.stallHead;
    const stallWeight = this.stallWeight;
    for (let k = this.stallFirst[u], end = this.stallFirst[u + 1]; k < end; k++) {
      if (weight[stallHead[k]] + stallWeight[k] < wu) return -1;
    }
    const slot = this.parentSlot[u];
    if (slot >= 0) {
      const p = this.parentNode[u];
      this.distance[u] = this.distance[p] + this.edgeDistance[slot];
      this.duration[u] = this.duration[p] + this.edgeDuration[slot];
    }
    const head = this.head;
    const edgeWeight = this.edgeWeight;
    const heap = this.heap;
    for (let k = this.first[u], end = this.first[u + 1]; k < end; k++) {
      const v = head[k];
      const wv = wu + edgeWeight[k];
      const old = weight[v];
      if (wv < old) {
        if (old === Infinity) this.touched[this.touchedCount++] = v;
        weight[v] = wv;
        this.parentSlot[v] = k;
        this.parentNode[v] = u;
        heap.push(v, wv);
      }
    }
    return u;
  }

  /** The duration of a reached node's label (settled, or tentative: its parent is settled). */
  durationOf(u: number): number {
    const slot = this.parentSlot[u];
    return slot < 0 ? this.duration[u] : this.duration[this.parentNode[u]] + this.edgeDuration[slot];
  }

  distanceOf(u: number): number {
    const slot = this.parentSlot[u];
    return slot < 0 ? this.distance[u] : this.distance[this.parentNode[u]] + this.edgeDistance[slot];
  }

  /** The hierarchy edge id that reached the node, or -1 at a seed. */
  parentEdge(u: number): number {
    const slot = this.parentSlot[u];
    return slot < 0 ? -1 : this.edgeId[slot];
  }
}
