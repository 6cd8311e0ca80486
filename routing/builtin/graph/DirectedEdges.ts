import type { RoadNetwork } from './RoadNetwork';

/**
 * The network as directed edges, one per chain and allowed direction, in compressed sparse rows.
 * `edgeChain` encodes chain * 2 + (1 if the edge runs the chain backward), so geometry can be recovered.
 */
export interface DirectedEdges {
  nodeCount: number;
  /** Out-edges of node u are firstOut[u] .. firstOut[u + 1]. */
  firstOut: Int32Array;
  head: Int32Array;
  /** What searches minimise (OSRM's weight). */
  weightS: Float64Array;
  /** What is reported (seconds). Equal to weightS on the node-based graph. */
  durationS: Float64Array;
  distanceM: Float64Array;
  edgeChain: Int32Array;
}

export function chainOfEdge(edgeChain: number): number {
  return edgeChain >> 1;
}

export function isBackwardEdge(edgeChain: number): boolean {
  return (edgeChain & 1) === 1;
}

export function directedEdges(net: RoadNetwork, reverse = false): DirectedEdges {
  const tails: number[] = [];
  const heads: number[] = [];
  const weights: number[] = [];
  const dists: number[] = [];
  const chains: number[] = [];
  for (let c = 0; c < net.chainCount; c++) {
    const a = net.chainFrom[c];
    const b = net.chainTo[c];
    if (a === b) continue; // a loop never shortens a path between nodes
    if (net.chainForwardS[c] >= 0) {
      tails.push(reverse ? b : a);
      heads.push(reverse ? a : b);
      weights.push(net.chainForwardS[c]);
      dists.push(net.chainLengthM[c]);
      chains.push(c * 2);
    }
    if (net.chainBackwardS[c] >= 0) {
      tails.push(reverse ? a : b);
      heads.push(reverse ? b : a);
      weights.push(net.chainBackwardS[c]);
      dists.push(net.chainLengthM[c]);
      chains.push(c * 2 + 1);
    }
  }
  const n = net.nodeCount;
  const m = tails.length;
  const firstOut = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) firstOut[tails[e] + 1]++;
  for (let u = 0; u < n; u++) firstOut[u + 1] += firstOut[u];
  const fill = firstOut.slice(0, n);
  const head = new Int32Array(m);
  const weightS = new Float64Array(m);
  const distanceM = new Float64Array(m);
  const edgeChain = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const slot = fill[tails[e]]++;
    head[slot] = heads[e];
    weightS[slot] = weights[e];
    distanceM[slot] = dists[e];
    edgeChain[slot] = chains[e];
  }
  return { nodeCount: n, firstOut, head, weightS, durationS: weightS, distanceM, edgeChain };
}
