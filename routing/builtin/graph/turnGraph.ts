import { pointAlong } from './chainGeometry';
import type { DirectedEdges } from './DirectedEdges';
import { CHAIN_BACKWARD_RESTRICTED, CHAIN_FORWARD_RESTRICTED, type RoadNetwork } from './RoadNetwork';
import { MAX_TURN_WEIGHT_S, truncateToTenths, turnAngle, turnDurationS } from './turnPenalty';
import { NODE_MINOR_STOP, NODE_TURNING } from '../osm/readOsmExtract';

/**
 * The edge-based graph, as OSRM builds it: a node per chain and direction (id chain * 2 + 1 if it runs
 * the chain backward, the same code as DirectedEdges' edgeChain), an edge per allowed turn. An edge
 * a → b costs a's whole weight and duration plus the turn's (car.lua process_turn) and is a's length;
 * `edgeChain` holds a. Turn restrictions, U-turns only where OSRM allows them (dead ends, barriers,
 * turning places, one usable exit), and entering restricted-access roads at the max turn weight.
 */
export interface TurnGraph extends DirectedEdges {
  /** Seconds of the turn alone (duration), per edge. */
  turnS: Float64Array;
}

/** OSRM's LOOKAHEAD_DISTANCE_WITHOUT_LANES: bearings are measured over the first 10 m of a road. */
export const BEARING_LOOKAHEAD_M = 10;

export function ebNode(chain: number, backward: boolean): number {
  return chain * 2 + (backward ? 1 : 0);
}

function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const y = Math.sin((lon2 - lon1) * r) * Math.cos(lat2 * r);
  const x = Math.cos(lat1 * r) * Math.sin(lat2 * r) - Math.sin(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return ((Math.atan2(y, x) / r) + 360) % 360;
}

/** Weight, duration and length of an edge-based node (a chain in one direction); weight −1 when not allowed. */
export function ebWeight(net: RoadNetwork, a: number): number {
  return a & 1 ? net.chainBackwardW[a >> 1] : net.chainForwardW[a >> 1];
}
export function ebDuration(net: RoadNetwork, a: number): number {
  return a & 1 ? net.chainBackwardS[a >> 1] : net.chainForwardS[a >> 1];
}
export function ebTail(net: RoadNetwork, a: number): number {
  return a & 1 ? net.chainTo[a >> 1] : net.chainFrom[a >> 1];
}
export function ebHead(net: RoadNetwork, a: number): number {
  return a & 1 ? net.chainFrom[a >> 1] : net.chainTo[a >> 1];
}

/** Bearing leaving the tail of a (over its first metres) and arriving at its head. */
export function ebBearings(net: RoadNetwork, a: number): { out: number; in: number } {
  const c = a >> 1;
  const len = net.chainLengthM[c];
  const look = Math.min(BEARING_LOOKAHEAD_M, len);
  const back = (a & 1) === 1;
  const tail = pointAlong(net, c, back ? len : 0);
  const afterTail = pointAlong(net, c, back ? len - look : look);
  const beforeHead = pointAlong(net, c, back ? look : len - look);
  const head = pointAlong(net, c, back ? 0 : len);
  return { out: bearingDeg(tail[0], tail[1], afterTail[0], afterTail[1]), in: bearingDeg(beforeHead[0], beforeHead[1], head[0], head[1]) };
}

export function buildTurnGraph(net: RoadNetwork, reverse = false): TurnGraph {
  const n = net.chainCount * 2;
  const nodes = net.nodeCount;
  // Chains touching each node (a loop chain twice), as CSR.
  const degree = new Int32Array(nodes + 1);
  for (let c = 0; c < net.chainCount; c++) {
    degree[net.chainFrom[c] + 1]++;
    degree[net.chainTo[c] + 1]++;
  }
  for (let v = 0; v < nodes; v++) degree[v + 1] += degree[v];
  const touch = new Int32Array(degree[nodes]);
  const fill = degree.slice(0, nodes);
  for (let c = 0; c < net.chainCount; c++) {
    // store the edge-based node that LEAVES v along c
    touch[fill[net.chainFrom[c]]++] = ebNode(c, false);
    touch[fill[net.chainTo[c]]++] = ebNode(c, true);
  }
  // Restrictions grouped by (from chain, via node).
  const restrictionsAt = new Map<number, Array<{ to: number; only: boolean }>>();
  for (let k = 0; k < net.restrictionFrom.length; k++) {
    const key = net.restrictionFrom[k] * nodes + net.restrictionVia[k];
    const l = restrictionsAt.get(key) ?? [];
    l.push({ to: net.restrictionTo[k], only: net.restrictionOnly[k] === 1 });
    restrictionsAt.set(key, l);
  }
  const bearings: Array<{ out: number; in: number } | undefined> = new Array(n);
  const bearingOf = (a: number) => (bearings[a] ??= ebBearings(net, a));
  const speedOf = (a: number) => net.chainLengthM[a >> 1] / Math.max(ebDuration(net, a), 0.1);
  const restricted = (a: number) => (net.chainFlags[a >> 1] & (a & 1 ? CHAIN_BACKWARD_RESTRICTED : CHAIN_FORWARD_RESTRICTED)) !== 0;

  const tails: number[] = [];
  const heads: number[] = [];
  const weights: number[] = [];
  const durations: number[] = [];
  const dists: number[] = [];
  const turns: number[] = [];
  for (let v = 0; v < nodes; v++) {
    const first = degree[v];
    const last = degree[v + 1];
    const roads = last - first;
    let exits = 0;
    let enterable = 0;
    for (let k = first; k < last; k++) {
      const out = touch[k];
      if (ebWeight(net, out) >= 0) exits++;
      if (ebWeight(net, out ^ 1) >= 0) enterable++;
    }
    const turningPlace = (net.nodeFlags[v] & NODE_TURNING) !== 0;
    const minorStop = (net.nodeFlags[v] & NODE_MINOR_STOP) !== 0;
    for (let ki = first; ki < last; ki++) {
      const a = touch[ki] ^ 1; // arrives at v
      const wa = ebWeight(net, a);
      if (wa < 0) continue;
      const rules = restrictionsAt.get((a >> 1) * nodes + v);
      const only = rules?.find((r) => r.only);
      for (let ko = first; ko < last; ko++) {
        const b = touch[ko];
        if (ebWeight(net, b) < 0) continue;
        const bChain = b >> 1;
        if (only && only.to !== bChain) continue;
        if (rules?.some((r) => !r.only && r.to === bChain)) continue;
        const isUTurn = ko === ki; // back along the same chain, the same way it came
        if (isUTurn && !(roads === 1 || turningPlace || exits === 1 || enterable <= 1)) continue;
        let obstacleS = net.nodePenaltyS[v];
        if (minorStop && obstacleS > 0) {
          // lib/obstacles.lua: a minor stop only counts when entering by the minor road
          let max = speedOf(b);
          for (let k = first; k < last; k++) if (k !== ki && k !== ko && ebWeight(net, touch[k]) >= 0) max = Math.max(max, speedOf(touch[k]));
          if (!(max > speedOf(a))) obstacleS = 0;
        }
        const angle = isUTurn ? 180 : turnAngle(bearingOf(a).in, bearingOf(b).out);
        const turnS = truncateToTenths(turnDurationS({ angle, numberOfRoads: roads, isUTurn, obstacleS }));
        const turnW = !restricted(a) && restricted(b) ? MAX_TURN_WEIGHT_S : turnS;
        tails.push(reverse ? b : a);
        heads.push(reverse ? a : b);
        weights.push(wa + turnW);
        durations.push(ebDuration(net, a) + turnS);
        dists.push(net.chainLengthM[a >> 1]);
        turns.push(turnS);
      }
    }
  }
  const m = tails.length;
  const firstOut = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) firstOut[tails[e] + 1]++;
  for (let u = 0; u < n; u++) firstOut[u + 1] += firstOut[u];
  const slot = firstOut.slice(0, n);
  const head = new Int32Array(m);
  const weightS = new Float64Array(m);
  const durationS = new Float64Array(m);
  const distanceM = new Float64Array(m);
  const edgeChain = new Int32Array(m);
  const turnS = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const s = slot[tails[e]]++;
    head[s] = heads[e];
    weightS[s] = weights[e];
    durationS[s] = durations[e];
    distanceM[s] = dists[e];
    edgeChain[s] = reverse ? heads[e] : tails[e];
    turnS[s] = turns[e];
  }
  return { nodeCount: n, firstOut, head, weightS, durationS, distanceM, edgeChain, turnS };
}

/** The turn from a to b in the forward turn graph, as its edge slot, or −1. */
export function findTurn(g: TurnGraph, a: number, b: number): number {
  for (let k = g.firstOut[a]; k < g.firstOut[a + 1]; k++) if (g.head[k] === b) return k;
  return -1;
}
