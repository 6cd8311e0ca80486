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
  /**
   * Nodes past chainCount * 2 copy an original node for a via-way restriction (see duplicateViaWays): node
   * chainCount * 2 + i copies duplicateOf[i]. Absent in folders prepared before they existed.
   */
  duplicateOf?: Int32Array;
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
        tails.push(a);
        heads.push(b);
        weights.push(wa + turnW);
        durations.push(ebDuration(net, a) + turnS);
        dists.push(net.chainLengthM[a >> 1]);
        turns.push(turnS);
      }
    }
  }
  const originalEdges = tails.length;
  const edges: TurnEdgeList = { tails, heads, weights, durations, dists, turns, copyCodes: [] };
  const duplicateOf = duplicateViaWays(n, edges, net);
  const total = n + duplicateOf.length;
  const m = tails.length;
  const tailOf = reverse ? edges.heads : edges.tails;
  const headOf = reverse ? edges.tails : edges.heads;
  const firstOut = new Int32Array(total + 1);
  for (let e = 0; e < m; e++) firstOut[tailOf[e] + 1]++;
  for (let u = 0; u < total; u++) firstOut[u + 1] += firstOut[u];
  const slot = firstOut.slice(0, total);
  const head = new Int32Array(m);
  const weightS = new Float64Array(m);
  const durationS = new Float64Array(m);
  const distanceM = new Float64Array(m);
  const edgeChain = new Int32Array(m);
  const turnS = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const s = slot[tailOf[e]]++;
    head[s] = headOf[e];
    weightS[s] = weights[e];
    durationS[s] = durations[e];
    distanceM[s] = dists[e];
    // a turn leaves its tail's road: the tail itself, or for a copy's turn the original it copies
    edgeChain[s] = e < originalEdges ? tails[e] : edges.copyCodes[e - originalEdges];
    turnS[s] = turns[e];
  }
  return { nodeCount: total, firstOut, head, weightS, durationS, distanceM, edgeChain, turnS, duplicateOf: Int32Array.from(duplicateOf) };
}

/** The turns as parallel lists, forward (tail = the road arrived on); `copyCodes` is the original tail of each copy's turn. */
interface TurnEdgeList {
  tails: number[];
  heads: number[];
  weights: number[];
  durations: number[];
  dists: number[];
  turns: number[];
  copyCodes: number[];
}

/**
 * Via-way restrictions by node duplication, as OSRM's restriction graph and way_restriction_map: the edge-based
 * nodes of a restricted path get copies that remember "arrived here along the path so far". The turn from the
 * from road onto the first via chain leads to the copy of that chain; each copy has its original's turns, leading
 * on to the next copy along the path, and the last copy lacks the forbidden turn (or keeps only the allowed one).
 * Paths that share a beginning share copies (a prefix tree over edge-based nodes); paths that overlap are joined as
 * Aho–Corasick does (OSRM's "transfer" edges): a copy's turn leads to the copy of the longest restricted path the
 * drive so far ends with, and a copy obeys the restrictions of every such path. Appends the copies' turns to
 * `edges`, redirects the original turns that begin a path, and returns the original node of each copy
 * (copy n + i is a copy of duplicateOf[i]).
 */
function duplicateViaWays(n: number, edges: TurnEdgeList, net: RoadNetwork): number[] {
  const starts = net.wayRestrictionStart;
  const pathCodes = net.wayRestrictionPath;
  if (!starts || !pathCodes || starts.length < 2) return [];
  const m = edges.tails.length;
  const first = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) first[edges.tails[e] + 1]++;
  for (let u = 0; u < n; u++) first[u + 1] += first[u];
  const fill = first.slice(0, n);
  const byTail = new Int32Array(m);
  for (let e = 0; e < m; e++) byTail[fill[edges.tails[e]]++] = e;
  const turnExists = (a: number, b: number) => {
    for (let k = first[a]; k < first[a + 1]; k++) if (edges.heads[byTail[k]] === b) return true;
    return false;
  };

  // The prefix tree: state u < n is "on original node u"; state n + i is copy i. child: state * n + next → state.
  const child = new Map<number, number>();
  const duplicateOf: number[] = [];
  const parent: number[] = [];
  const depth: number[] = [];
  const rules: Array<Array<{ to: number; only: boolean }>> = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const p = pathCodes.subarray(starts[k], starts[k + 1]);
    if (p.length < 3) continue;
    let drivable = true;
    for (let i = 0; i + 1 < p.length && drivable; i++) drivable = p[i] >= 0 && p[i] < n && p[i + 1] >= 0 && p[i + 1] < n && turnExists(p[i], p[i + 1]);
    if (!drivable) continue; // a path no car can drive needs no restriction
    let state = p[0];
    for (let i = 1; i + 1 < p.length; i++) {
      const key = state * n + p[i];
      let next = child.get(key);
      if (next === undefined) {
        next = n + duplicateOf.length;
        duplicateOf.push(p[i]);
        parent.push(state);
        depth.push(state < n ? 2 : depth[state - n] + 1);
        rules.push([]);
        child.set(key, next);
      }
      state = next;
    }
    rules[state - n].push({ to: p[p.length - 1], only: net.wayRestrictionOnly?.[k] === 1 });
  }
  const d = duplicateOf.length;
  if (d === 0) return [];

  // Failure links (the longest proper suffix that is a state), shallow copies first; rules follow them.
  const fail = new Array<number>(d);
  const go = (state: number, next: number): number => {
    for (;;) {
      const c = child.get(state * n + next);
      if (c !== undefined) return c;
      if (state < n) return next;
      state = fail[state - n];
    }
  };
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => depth[a] - depth[b]);
  const allRules: Array<Array<{ to: number; only: boolean }>> = new Array(d);
  for (const i of order) {
    const p = parent[i];
    fail[i] = p < n ? duplicateOf[i] : go(fail[p - n], duplicateOf[i]);
    allRules[i] = fail[i] >= n ? [...rules[i], ...allRules[fail[i] - n]] : rules[i];
  }

  // Original turns that begin a restricted path lead to its first copy.
  const originalHeads = edges.heads.slice();
  for (let e = 0; e < m; e++) {
    const c = child.get(edges.tails[e] * n + originalHeads[e]);
    if (c !== undefined) edges.heads[e] = c;
  }
  // Each copy: its original's turns, minus the restricted ones, each to the state the drive reaches.
  for (let i = 0; i < d; i++) {
    const self = n + i;
    const base = duplicateOf[i];
    const restricted = allRules[i];
    for (let k = first[base]; k < first[base + 1]; k++) {
      const e = byTail[k];
      const to = originalHeads[e];
      if (restricted.some((r) => (r.only ? r.to !== to : r.to === to))) continue;
      edges.tails.push(self);
      edges.heads.push(go(self, to));
      edges.weights.push(edges.weights[e]);
      edges.durations.push(edges.durations[e]);
      edges.dists.push(edges.dists[e]);
      edges.turns.push(edges.turns[e]);
      edges.copyCodes.push(base);
    }
  }
  return duplicateOf;
}

/** The original edge-based node (chain * 2 + backward) behind a node of the turn graph, itself or what it copies. */
export function ebBaseNode(g: { nodeCount: number; duplicateOf?: Int32Array }, node: number): number {
  const d = g.duplicateOf;
  if (!d || d.length === 0) return node;
  const originals = g.nodeCount - d.length;
  return node < originals ? node : d[node - originals];
}

/** The turn from a to b in the forward turn graph, as its edge slot, or −1. */
export function findTurn(g: TurnGraph, a: number, b: number): number {
  for (let k = g.firstOut[a]; k < g.firstOut[a + 1]; k++) if (g.head[k] === b) return k;
  return -1;
}
