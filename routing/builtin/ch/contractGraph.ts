import type { DirectedEdges } from '../graph/DirectedEdges';
import type { ChGraph } from './ChGraph';
import { ContractionEdges } from './ContractionEdges';
import { IndexedMinHeap } from './IndexedMinHeap';

/** Witness searches of a real contraction stop after settling this many nodes; a missed witness only adds a redundant shortcut. */
export const WITNESS_SETTLE_LIMIT = 300;
/** Simulated contractions (the priority of a node) use a shorter witness search: they run for every neighbour of every contracted node. */
export const ESTIMATE_SETTLE_LIMIT = 30;
const EPS = 1e-9;

export type ContractProgress = (contracted: number, total: number) => void;

export interface ContractLimits {
  witnessSettleLimit: number;
  estimateSettleLimit: number;
}

/**
 * Builds a contraction hierarchy (Geisberger et al. 2008). A node's priority is 2 × (shortcuts it needs − edges it
 * removes) + its depth (one more than the deepest contracted neighbour, OSRM's depth term). Priorities come from
 * simulated contractions with a short witness search and are updated lazily: the cheapest node is simulated again
 * when it comes up and contracted only if it is still the cheapest; a contraction raises its neighbours' depth term
 * at once (exact, free) and re-simulates nothing. Measured on the synthetic cities (docs/benchmarks.md), this
 * contracts in a third of the CPU of re-simulating every neighbour (main before, or OSRM's rounds of independent
 * nodes, where re-simulation was 80 % of the time) with about the same table times; OSRM's quotient priority
 * (shortcuts / removed edges, original-edge quotient) gave 12 % more shortcuts and 40 % slower tables here.
 * Witness searches are Dijkstra searches bounded by a settled-node count and by the largest through-path weight of
 * a target still undecided (so the bound shrinks as witnesses turn up), and stop once every target is decided; a
 * missed witness only adds a redundant shortcut. A simulation of a node that is not going to come first gives up as
 * soon as its priority is sure to exceed the cheapest other node's (it then keeps a lower bound). A contraction
 * follows its own simulation on the same graph and re-runs only the searches that stopped at the simulation's short
 * settled-node limit, with the longer one; the others would decide the same. The graph under contraction lives in
 * typed arrays (ContractionEdges) with per-node edge lists that hold only the remaining graph.
 */
export function contractGraph(g: DirectedEdges, onProgress?: ContractProgress, limits: ContractLimits = { witnessSettleLimit: WITNESS_SETTLE_LIMIT, estimateSettleLimit: ESTIMATE_SETTLE_LIMIT }): ChGraph {
  const n = g.nodeCount;
  const edges = new ContractionEdges(Math.max(16, g.head.length * 3));
  const outAdj: number[][] = new Array<number[]>(n);
  const inAdj: number[][] = new Array<number[]>(n);
  for (let u = 0; u < n; u++) {
    outAdj[u] = [];
    inAdj[u] = [];
  }
  for (let u = 0; u < n; u++) {
    for (let k = g.firstOut[u]; k < g.firstOut[u + 1]; k++) {
      const v = g.head[k];
      if (v === u) continue; // a loop never shortens a path between two nodes
      const existing = findEdge(outAdj[u], edges.to, v);
      if (existing >= 0) {
        if (edges.weight[existing] > g.weightS[k]) edges.set(existing, g.weightS[k], g.durationS[k], g.distanceM[k], -1, -1, g.edgeChain[k]);
        continue; // keep the faster parallel edge
      }
      const e = edges.add(u, v, g.weightS[k], g.durationS[k], g.distanceM[k], -1, -1, g.edgeChain[k]);
      outAdj[u].push(e);
      inAdj[v].push(e);
    }
  }

  const contracted = new Uint8Array(n);
  const depth = new Int32Array(n);
  const lastDepth = new Int32Array(n);
  const priority = new Float64Array(n);
  const rank = new Int32Array(n);
  const upOut: number[][] = new Array<number[]>(n);
  const upIn: number[][] = new Array<number[]>(n);

  const dist = new Float64Array(n).fill(Infinity);
  const touched = new Int32Array(n);
  let touchedCount = 0;
  const heap = new IndexedMinHeap(n);
  /** Witness targets: `threshold[x]` is the weight a path must not exceed to spare the shortcut to x; `pending[x]` is 1 while undecided. */
  const threshold = new Float64Array(n);
  const pending = new Uint8Array(n);

  /**
   * Dijkstra from `source` over the remaining graph, never through `avoid`, up to `limit` and `settleLimit` settled
   * nodes. It stops as soon as every target is decided: a path within its threshold found (a witness), or the target
   * settled beyond it (its distance is final), so it decides as the search run to its limits would.
   */
  /** Whether a witness search of the last findShortcuts stopped at its settled-node limit. */
  let capped = false;
  /** Whether the last findShortcuts gave up at its `maxShortcuts`. */
  let gaveUp = false;
  /** The targets of the current witness search (for tightening its distance limit as they are decided). */
  let targetList = new Int32Array(64);
  let targetCount = 0;
  /** Marks target x decided; returns the search's distance limit after it (the largest undecided threshold). */
  const decide = (x: number, limit: number): number => {
    pending[x] = 0;
    if (threshold[x] < limit) return limit;
    let next = 0;
    for (let i = 0; i < targetCount; i++) {
      const t = targetList[i];
      if (pending[t] === 1 && threshold[t] > next) next = threshold[t];
    }
    return next;
  };
  /** Returns whether the search stopped at its settled-node limit (a longer one might have found more witnesses). */
  const witnessSearch = (source: number, avoid: number, settleLimit: number, targets: number): boolean => {
    // The search may stop once it passes the largest threshold of an undecided target; it shrinks as targets are decided.
    let limit = 0;
    for (let i = 0; i < targetCount; i++) if (threshold[targetList[i]] > limit) limit = threshold[targetList[i]];
    for (let i = 0; i < touchedCount; i++) dist[touched[i]] = Infinity;
    touchedCount = 0;
    heap.clear();
    dist[source] = 0;
    touched[touchedCount++] = source;
    heap.push(source, 0);
    const to = edges.to;
    const weight = edges.weight;
    let settled = 0;
    let left = targets;
    while (heap.size > 0) {
      const u = heap.pop();
      const du = dist[u];
      if (du > limit) return false;
      if (++settled > settleLimit) return true;
      if (pending[u] === 1) {
        limit = decide(u, limit);
        if (--left === 0) return false;
      }
      const out = outAdj[u];
      for (let i = 0; i < out.length; i++) {
        const e = out[i];
        const v = to[e];
        if (v === avoid) continue;
        const dv = du + weight[e];
        if (dv < dist[v]) {
          if (dist[v] === Infinity) touched[touchedCount++] = v;
          dist[v] = dv;
          heap.push(v, dv);
          if (pending[v] === 1 && dv <= threshold[v]) {
            limit = decide(v, limit); // a witness
            if (--left === 0) return false;
          }
        }
      }
    }
    return false;
  };

  /** Shortcuts found by the last `findShortcuts`, as pairs of (in-edge, out-edge). */
  let shortcutIn = new Int32Array(1024);
  let shortcutOut = new Int32Array(1024);
  let shortcutCount = 0;
  const addShortcut = (e1: number, e2: number): void => {
    if (shortcutCount === shortcutIn.length) {
      const grownIn = new Int32Array(shortcutCount * 2);
      grownIn.set(shortcutIn);
      shortcutIn = grownIn;
      const grownOut = new Int32Array(shortcutCount * 2);
      grownOut.set(shortcutOut);
      shortcutOut = grownOut;
    }
    shortcutIn[shortcutCount] = e1;
    shortcutOut[shortcutCount] = e2;
    shortcutCount++;
  };
  /** Per position in v's in-list: whether the last findShortcuts' search from there stopped at its settled-node limit. */
  let searchCapped = new Uint8Array(64);
  /** The last findShortcuts' shortcuts, while a `redo` rebuilds them. */
  let prevIn = new Int32Array(1024);
  let prevOut = new Int32Array(1024);

  /**
   * The shortcuts contracting v needs (into shortcutIn/Out). It gives up once more than `maxShortcuts` are found
   * (then shortcutCount is only a lower bound and `gaveUp` is set). With `redo`, right after a findShortcuts of v on
   * the same graph, only the searches that stopped at their settled-node limit run again (with `settleLimit`); the
   * others would decide the same, so their shortcuts are kept.
   */
  const findShortcuts = (v: number, settleLimit: number, maxShortcuts = Infinity, redo = false): void => {
    let prevCount = 0;
    if (redo) {
      if (prevIn.length < shortcutCount) {
        prevIn = new Int32Array(shortcutCount * 2);
        prevOut = new Int32Array(shortcutCount * 2);
      }
      prevIn.set(shortcutIn.subarray(0, shortcutCount));
      prevOut.set(shortcutOut.subarray(0, shortcutCount));
      prevCount = shortcutCount;
    }
    let p = 0;
    capped = false;
    gaveUp = false;
    shortcutCount = 0;
    const outs = outAdj[v];
    const ins = inAdj[v];
    if (outs.length === 0 || ins.length === 0) return;
    if (searchCapped.length < ins.length) searchCapped = new Uint8Array(ins.length * 2);
    const to = edges.to;
    const from = edges.from;
    const weight = edges.weight;
    if (targetList.length < outs.length) targetList = new Int32Array(outs.length * 2);
    for (let j = 0; j < ins.length; j++) {
      const e1 = ins[j];
      if (redo) {
        // the simulation's shortcuts are grouped by in-edge, in this order
        const keep = searchCapped[j] === 0;
        for (; p < prevCount && prevIn[p] === e1; p++) if (keep) addShortcut(e1, prevOut[p]);
        if (keep) continue;
      }
      searchCapped[j] = 0;
      const u = from[e1];
      const w1 = weight[e1];
      targetCount = 0;
      for (let i = 0; i < outs.length; i++) {
        const x = to[outs[i]];
        if (x === u) continue; // no shortcut back to where it came from
        threshold[x] = w1 + weight[outs[i]] + EPS;
        pending[x] = 1;
        targetList[targetCount++] = x;
      }
      if (targetCount === 0) continue;
      if (witnessSearch(u, v, settleLimit, targetCount)) {
        searchCapped[j] = 1;
        capped = true;
      }
      for (let i = 0; i < outs.length; i++) {
        const e2 = outs[i];
        const x = to[e2];
        pending[x] = 0;
        if (x === u) continue;
        if (dist[x] <= w1 + weight[e2] + EPS) continue;
        addShortcut(e1, e2);
      }
      if (shortcutCount > maxShortcuts) {
        gaveUp = true;
        return;
      }
    }
  };

  /**
   * v's priority. With a `bound`, the simulation stops as soon as the priority is sure to exceed it (the caller
   * only needs to know that v is not the cheapest): it then returns a lower bound above `bound`.
   */
  const evaluate = (v: number, bound = Infinity): number => {
    const outs = outAdj[v];
    const ins = inAdj[v];
    const removed = outs.length + ins.length;
    lastDepth[v] = depth[v];
    if (removed === 0) {
      shortcutCount = 0;
      capped = false;
      gaveUp = false;
      return depth[v];
    }
    // 2 × (s − removed) + depth > bound once s > (bound − depth) / 2 + removed; one more keeps clear of the tie-break.
    findShortcuts(v, limits.estimateSettleLimit, Math.floor((bound - depth[v]) / 2) + removed + 1);
    return 2 * (shortcutCount - removed) + depth[v];
  };

  /** A fixed pseudo-random tie-break, so equal priorities on a regular grid do not contract in sweeps. */
  const tie = (v: number): number => {
    let h = Math.imul(v ^ 0x9e3779b9, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const tieKey = new Uint32Array(n);
  for (let v = 0; v < n; v++) tieKey[v] = tie(v);
  /** Whether a comes before b in the order. */
  const before = (a: number, b: number): boolean => priority[a] < priority[b] || (priority[a] === priority[b] && tieKey[a] < tieKey[b]);

  const dirty = new Uint8Array(n);
  const dirtyList: number[] = [];
  let next = 0;

  /**
   * Contracts v, right after its simulation on the current graph: the simulation's shortcuts are kept, except that
   * its searches that stopped at the short settled-node limit run again with the contraction's (and a simulation
   * that gave up runs again in full).
   */
  const contract = (v: number): void => {
    if (gaveUp) findShortcuts(v, limits.witnessSettleLimit);
    else if (capped) findShortcuts(v, limits.witnessSettleLimit, Infinity, true);
    for (let s = 0; s < shortcutCount; s++) {
      const e1 = shortcutIn[s];
      const e2 = shortcutOut[s];
      const u = edges.from[e1];
      const x = edges.to[e2];
      const w = edges.weight[e1] + edges.weight[e2];
      const duration = edges.duration[e1] + edges.duration[e2];
      const distance = edges.distance[e1] + edges.distance[e2];
      const existing = findEdge(outAdj[u], edges.to, x);
      if (existing >= 0) {
        // Both ends are uncontracted, so no shortcut has it as a half yet: update it in place.
        if (edges.weight[existing] > w + EPS) edges.set(existing, w, duration, distance, e1, e2, -1);
        continue;
      }
      const e = edges.add(u, x, w, duration, distance, e1, e2, -1);
      outAdj[u].push(e);
      inAdj[x].push(e);
    }
    contracted[v] = 1;
    rank[v] = next++;
    const outs = outAdj[v];
    const ins = inAdj[v];
    upOut[v] = outs;
    upIn[v] = ins;
    const d = depth[v] + 1;
    // v leaves the remaining graph: its edges leave its neighbours' lists.
    for (let i = 0; i < outs.length; i++) {
      const x = edges.to[outs[i]];
      dropFrom(inAdj[x], outs[i]);
      if (depth[x] < d) depth[x] = d;
      if (!dirty[x]) {
        dirty[x] = 1;
        dirtyList.push(x);
      }
    }
    for (let i = 0; i < ins.length; i++) {
      const x = edges.from[ins[i]];
      dropFrom(outAdj[x], ins[i]);
      if (depth[x] < d) depth[x] = d;
      if (!dirty[x]) {
        dirty[x] = 1;
        dirtyList.push(x);
      }
    }
    outAdj[v] = [];
    inAdj[v] = [];
  };

  for (let v = 0; v < n; v++) priority[v] = evaluate(v);
  const queue = new IndexedMinHeap(n);
  const key = (v: number) => priority[v] + tieKey[v] * 2.3e-16;
  for (let v = 0; v < n; v++) queue.push(v, key(v));
  while (queue.size > 0) {
    const v = queue.pop();
    priority[v] = evaluate(v, queue.size > 0 ? queue.minKey() : Infinity);
    if (queue.size > 0 && key(v) > queue.minKey()) {
      queue.push(v, key(v)); // lazy update: another node is cheaper now
      continue;
    }
    contract(v);
    for (const x of dirtyList) {
      dirty[x] = 0;
      // Only the depth term is brought up to date here (it is exact and costs nothing); the rest when x comes up.
      priority[x] += depth[x] - lastDepth[x];
      lastDepth[x] = depth[x];
      queue.set(x, key(x));
    }
    dirtyList.length = 0;
    if (onProgress && (next & 4095) === 0) onProgress(next, n);
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

function findEdge(list: number[], to: Int32Array, x: number): number {
  for (let i = 0; i < list.length; i++) if (to[list[i]] === x) return list[i];
  return -1;
}

/**
 * The hierarchy's CSR arrays, numbered by rank: node i of the CSR is the edge-based node contracted i-th (`rank` maps
 * an edge-based node to it). Upward searches then climb towards the end of the arrays, and the top of the hierarchy,
 * which every search reaches, lies together in memory.
 */
function toChGraph(n: number, rank: Int32Array, upOut: number[][], upIn: number[][], edges: ContractionEdges): ChGraph {
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[rank[v]] = v;
  const csr = (lists: number[][], otherEnd: Int32Array) => {
    const first = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) first[i + 1] = first[i] + lists[order[i]].length;
    const m = first[n];
    const head = new Int32Array(m);
    const weight = new Float64Array(m);
    const duration = new Float64Array(m);
    const distance = new Float64Array(m);
    const edge = new Int32Array(m);
    for (let i = 0; i < n; i++) {
      let k = first[i];
      for (const e of lists[order[i]]) {
        head[k] = rank[otherEnd[e]];
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
    edgeChild1: edges.child1.slice(0, edges.count),
    edgeChild2: edges.child2.slice(0, edges.count),
    edgeChain: edges.chain.slice(0, edges.count),
  };
}
