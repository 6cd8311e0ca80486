import type { DirectedEdges } from '../graph/DirectedEdges';
import type { ChGraph } from './ChGraph';
import { IndexedMinHeap } from './IndexedMinHeap';

/** Witness searches stop after settling this many nodes; a missed witness only adds a redundant shortcut. */
export const WITNESS_SETTLE_LIMIT = 300;
/**
 * Priority estimates (run for every neighbour after each contraction) use a shorter witness search. They were 90 % of
 * the contraction's settled nodes at 30; at 12 a synthetic city of 4,000 road nodes contracts in 28 % less CPU for 4 %
 * more shortcuts and the same 100×100 table time (docs/benchmarks.md).
 */
export const ESTIMATE_SETTLE_LIMIT = 12;
const EPS = 1e-9;

export type ContractProgress = (contracted: number, total: number) => void;

/** Edges of the graph under contraction; shortcuts are appended as they are found. */
class EdgeStore {
  from: number[] = [];
  to: number[] = [];
  weight: number[] = [];
  duration: number[] = [];
  distance: number[] = [];
  child1: number[] = [];
  child2: number[] = [];
  chain: number[] = [];

  add(from: number, to: number, weight: number, duration: number, distance: number, child1: number, child2: number, chain: number): number {
    this.from.push(from);
    this.to.push(to);
    this.weight.push(weight);
    this.duration.push(duration);
    this.distance.push(distance);
    this.child1.push(child1);
    this.child2.push(child2);
    this.chain.push(chain);
    return this.from.length - 1;
  }
}

/**
 * Builds a contraction hierarchy (Geisberger et al. 2008): nodes are contracted in order of
 * edge difference plus deleted neighbours, with lazy priority updates and bounded witness searches.
 */
export interface ContractLimits {
  witnessSettleLimit: number;
  estimateSettleLimit: number;
}

export function contractGraph(g: DirectedEdges, onProgress?: ContractProgress, limits: ContractLimits = { witnessSettleLimit: WITNESS_SETTLE_LIMIT, estimateSettleLimit: ESTIMATE_SETTLE_LIMIT }): ChGraph {
  const n = g.nodeCount;
  const edges = new EdgeStore();
  const outAdj: number[][] = Array.from({ length: n }, () => []);
  const inAdj: number[][] = Array.from({ length: n }, () => []);
  for (let u = 0; u < n; u++) {
    for (let k = g.firstOut[u]; k < g.firstOut[u + 1]; k++) {
      const v = g.head[k];
      const existing = findEdge(outAdj[u], edges, v);
      if (existing >= 0 && edges.weight[existing] <= g.weightS[k]) continue; // keep the faster parallel edge
      if (existing >= 0) removeEdge(existing, outAdj, inAdj, edges);
      const e = edges.add(u, v, g.weightS[k], g.durationS[k], g.distanceM[k], -1, -1, g.edgeChain[k]);
      outAdj[u].push(e);
      inAdj[v].push(e);
    }
  }

  const contracted = new Uint8Array(n);
  const deletedNeighbours = new Int32Array(n);
  const rank = new Int32Array(n);
  const upOut: number[][] = Array.from({ length: n }, () => []);
  const upIn: number[][] = Array.from({ length: n }, () => []);

  const dist = new Float64Array(n).fill(Infinity);
  const touched: number[] = [];
  const heap = new IndexedMinHeap(n);

  /**
   * The witness search's targets (the contracted node's out-neighbours): `threshold[x]` is the length a path from the
   * source must not exceed to make the shortcut to x unneeded; `pending[x]` is 1 while x is undecided.
   */
  const threshold = new Float64Array(n);
  const pending = new Uint8Array(n);

  /**
   * Dijkstra from `source` over uncontracted nodes, never through `avoid`, up to `limit` seconds and `settleLimit`
   * settled nodes. It stops as soon as every target is decided: a path within its threshold found (a witness: no
   * shortcut, whatever else the search would find), or the target settled beyond it (its distance is final). So it
   * decides exactly as the search run to its limits would, usually long before them.
   */
  const witnessSearch = (source: number, avoid: number, limit: number, settleLimit: number, targets: number): void => {
    for (const t of touched) dist[t] = Infinity;
    touched.length = 0;
    heap.clear();
    dist[source] = 0;
    touched.push(source);
    heap.push(source, 0);
    let settled = 0;
    let left = targets;
    while (heap.size > 0) {
      const u = heap.pop();
      const du = dist[u];
      if (du > limit || ++settled > settleLimit) break;
      if (pending[u] === 1) {
        pending[u] = 0; // settled: its distance is final
        if (--left === 0) return;
      }
      for (const e of outAdj[u]) {
        const v = edges.to[e];
        if (v === avoid || contracted[v]) continue;
        const dv = du + edges.weight[e];
        if (dv < dist[v]) {
          if (dist[v] === Infinity) touched.push(v);
          dist[v] = dv;
          heap.push(v, dv);
          if (pending[v] === 1 && dv <= threshold[v]) {
            pending[v] = 0; // a witness
            if (--left === 0) return;
          }
        }
      }
    }
  };

  /** The shortcuts contracting v needs, as [inEdge, outEdge] pairs. */
  const shortcutsFor = (v: number, settleLimit = limits.witnessSettleLimit): Array<[number, number]> => {
    const result: Array<[number, number]> = [];
    const outs = outAdj[v].filter((e) => !contracted[edges.to[e]]);
    if (outs.length === 0) return result;
    let maxOut = 0;
    for (const e of outs) maxOut = Math.max(maxOut, edges.weight[e]);
    for (const e1 of inAdj[v]) {
      const u = edges.from[e1];
      if (contracted[u]) continue;
      // The targets of this search: every out-neighbour but u itself (no shortcut back to where it came from).
      let targets = 0;
      for (const e2 of outs) {
        const x = edges.to[e2];
        if (x === u) continue;
        threshold[x] = edges.weight[e1] + edges.weight[e2] + EPS;
        pending[x] = 1;
        targets++;
      }
      if (targets > 0) witnessSearch(u, v, edges.weight[e1] + maxOut, settleLimit, targets);
      for (const e2 of outs) {
        const x = edges.to[e2];
        pending[x] = 0;
        if (x === u) continue;
        if (dist[x] <= edges.weight[e1] + edges.weight[e2] + EPS) continue;
        result.push([e1, e2]);
      }
    }
    return result;
  };

  const liveDegree = (v: number): number => {
    let d = 0;
    for (const e of outAdj[v]) if (!contracted[edges.to[e]]) d++;
    for (const e of inAdj[v]) if (!contracted[edges.from[e]]) d++;
    return d;
  };
  const priority = (v: number): number => 2 * (shortcutsFor(v, limits.estimateSettleLimit).length - liveDegree(v)) + deletedNeighbours[v];

  const queue = new IndexedMinHeap(n);
  for (let v = 0; v < n; v++) queue.push(v, priority(v));

  let next = 0;
  while (queue.size > 0) {
    const v = queue.pop();
    const p = priority(v);
    if (queue.size > 0 && p > queue.minKey()) {
      queue.push(v, p); // lazy update: someone else is cheaper now
      continue;
    }
    for (const [e1, e2] of shortcutsFor(v)) {
      const u = edges.from[e1];
      const x = edges.to[e2];
      const w = edges.weight[e1] + edges.weight[e2];
      const existing = findEdge(outAdj[u], edges, x);
      if (existing >= 0 && edges.weight[existing] <= w + EPS) continue;
      if (existing >= 0) removeEdge(existing, outAdj, inAdj, edges);
      const s = edges.add(u, x, w, edges.duration[e1] + edges.duration[e2], edges.distance[e1] + edges.distance[e2], e1, e2, -1);
      outAdj[u].push(s);
      inAdj[x].push(s);
    }
    contracted[v] = 1;
    rank[v] = next++;
    const neighbours = new Set<number>();
    for (const e of outAdj[v]) {
      const x = edges.to[e];
      if (!contracted[x]) {
        upOut[v].push(e);
        neighbours.add(x);
      }
    }
    for (const e of inAdj[v]) {
      const x = edges.from[e];
      if (!contracted[x]) {
        upIn[v].push(e);
        neighbours.add(x);
      }
    }
    // v leaves the remaining graph: drop its edges from its neighbours' lists, so witness searches
    // and edge look-ups only ever scan the uncontracted part (it shrinks as shortcuts are added).
    for (const e of upOut[v]) dropFrom(inAdj[edges.to[e]], e);
    for (const e of upIn[v]) dropFrom(outAdj[edges.from[e]], e);
    outAdj[v] = [];
    inAdj[v] = [];
    for (const x of neighbours) {
      deletedNeighbours[x]++;
      queue.set(x, priority(x));
    }
    if (onProgress && next % 256 === 0) onProgress(next, n);
  }
  onProgress?.(n, n);
  return toChGraph(n, rank, upOut, upIn, edges);
}

/** Removes e from an adjacency list (order does not matter). */
function dropFrom(list: number[], e: number): void {
  const i = list.indexOf(e);
  if (i < 0) return;
  list[i] = list[list.length - 1];
  list.pop();
}

function findEdge(list: number[], edges: EdgeStore, to: number): number {
  for (const e of list) if (edges.to[e] === to) return e;
  return -1;
}

function removeEdge(e: number, outAdj: number[][], inAdj: number[][], edges: EdgeStore): void {
  const out = outAdj[edges.from[e]];
  out.splice(out.indexOf(e), 1);
  const inn = inAdj[edges.to[e]];
  inn.splice(inn.indexOf(e), 1);
}

function toChGraph(n: number, rank: Int32Array, upOut: number[][], upIn: number[][], edges: EdgeStore): ChGraph {
  const csr = (lists: number[][], otherEnd: number[]) => {
    const first = new Int32Array(n + 1);
    for (let u = 0; u < n; u++) first[u + 1] = first[u] + lists[u].length;
    const m = first[n];
    const head = new Int32Array(m);
    const weight = new Float64Array(m);
    const duration = new Float64Array(m);
    const distance = new Float64Array(m);
    const edge = new Int32Array(m);
    for (let u = 0; u < n; u++) {
      let k = first[u];
      for (const e of lists[u]) {
        head[k] = otherEnd[e];
        weight[k] = edges.weight[e];
        duration[k] = edges.duration[e];
        distance[k] = edges.distance[e];
        edge[k] = e;
        k++;
      }
    }
    return { first, head, weight, duration, distance, edge };
  };
  const fwd = csr(upOut, edges.to);
  const bwd = csr(upIn, edges.from);
  return {
    nodeCount: n,
    rank,
    fwdFirst: fwd.first,
    fwdHead: fwd.head,
    fwdWeightS: fwd.weight,
    fwdDurationS: fwd.duration,
    fwdDistanceM: fwd.distance,
    fwdEdge: fwd.edge,
    bwdFirst: bwd.first,
    bwdHead: bwd.head,
    bwdWeightS: bwd.weight,
    bwdDurationS: bwd.duration,
    bwdDistanceM: bwd.distance,
    bwdEdge: bwd.edge,
    edgeChild1: Int32Array.from(edges.child1),
    edgeChild2: Int32Array.from(edges.child2),
    edgeChain: Int32Array.from(edges.chain),
  };
}
