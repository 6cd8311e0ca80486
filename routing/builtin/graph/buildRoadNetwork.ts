import { haversineM } from '../../geo';
import type { DrivableExtract } from '../osm/readOsmExtract';
import { CHAIN_BACKWARD_RESTRICTED, CHAIN_FORWARD_RESTRICTED, CHAIN_ROUNDABOUT, NOT_ALLOWED, type RoadNetwork } from './RoadNetwork';
import { markMainComponent } from './mainComponent';

/** Growable Float64 buffer: builds the coordinate arrays without knowing their length up front. */
class F64Builder {
  private buf = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  finish(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

/** OSRM stores each OSM segment's duration and weight in tenths of a second, at least one tenth. */
function deciseconds(s: number): number {
  return Math.max(1, Math.round(s * 10)) / 10;
}

/**
 * Splits drivable ways into chains at intersections (nodes shared by ways or repeated in one),
 * way ends and barriers, and turns speeds into seconds (duration) and routing weight per chain and
 * direction, segment by segment as OSRM does. Obstacles inside a chain cost their seconds there; those
 * at intersections are charged per turn (see turnGraph.ts). Restrictions are mapped onto chains.
 */
export function buildRoadNetwork(extract: DrivableExtract): RoadNetwork {
  const { ways, nodeLon, nodeLat, nodePenaltyS, nodeBlocked, nodeIndex } = extract;
  const uses = new Uint16Array(nodeIndex.size);
  for (const way of ways) {
    for (const ref of way.refs) {
      const i = nodeIndex.get(ref)!;
      if (uses[i] < 65535) uses[i]++;
    }
  }

  const graphNode = new Int32Array(nodeIndex.size).fill(-1);
  const gLon: number[] = [];
  const gLat: number[] = [];
  const newNode = (i: number): number => {
    gLon.push(nodeLon[i]);
    gLat.push(nodeLat[i]);
    return gLon.length - 1;
  };
  // A barrier ends every chain that touches it at a node of its own, so no route passes through.
  const nodeFor = (i: number): number => {
    if (nodeBlocked[i]) return newNode(i);
    if (graphNode[i] < 0) graphNode[i] = newNode(i);
    return graphNode[i];
  };

  const names = [''];
  const nameIds = new Map<string, number>([['', 0]]);
  const from: number[] = [];
  const to: number[] = [];
  const fwd: number[] = [];
  const bwd: number[] = [];
  const fwdW: number[] = [];
  const bwdW: number[] = [];
  const flags: number[] = [];
  const classes: number[] = [];
  const chainWay: number[] = [];
  const len: number[] = [];
  const nameOf: number[] = [];
  const coordStart: number[] = [];
  const lon = new F64Builder();
  const lat = new F64Builder();
  const offset = new F64Builder();
  const nodeId = new F64Builder();
  const osmIdOf = new Float64Array(nodeIndex.size);
  for (const [id, i] of nodeIndex) osmIdOf[i] = id;

  for (const way of ways) {
    let name = nameIds.get(way.name);
    if (name === undefined) {
      name = names.length;
      names.push(way.name);
      nameIds.set(way.name, name);
    }
    const idx = way.refs.map((r) => nodeIndex.get(r)!).filter((i) => !Number.isNaN(nodeLon[i]));
    if (idx.length < 2) continue;
    let start = 0;
    for (let k = 1; k < idx.length; k++) {
      const i = idx[k];
      const last = k === idx.length - 1;
      // Obstacles (signals, stops, gates) end a chain too, so a point snapped beside one is timed exactly.
      if (!last && uses[i] < 2 && !nodeBlocked[i] && !(nodePenaltyS[i] > 0)) continue;
      // chain idx[start..k]
      coordStart.push(lon.length);
      let meters = 0;
      let penalty = 0;
      let df = 0, db = 0, wf = 0, wb = 0;
      const vf = way.forwardKmh / 3.6, vb = way.backwardKmh / 3.6;
      for (let j = start; j <= k; j++) {
        const n = idx[j];
        if (j > start) {
          const seg = haversineM(nodeLon[idx[j - 1]], nodeLat[idx[j - 1]], nodeLon[n], nodeLat[n]);
          meters += seg;
          if (vf > 0) {
            df += deciseconds(seg / vf);
            wf += deciseconds(seg / (vf * way.forwardRate));
          }
          if (vb > 0) {
            db += deciseconds(seg / vb);
            wb += deciseconds(seg / (vb * way.backwardRate));
          }
          if (j < k) penalty += nodePenaltyS[n];
        }
        lon.push(nodeLon[n]);
        lat.push(nodeLat[n]);
        offset.push(meters);
        nodeId.push(osmIdOf[n]);
      }
      from.push(nodeFor(idx[start]));
      to.push(nodeFor(i));
      len.push(meters);
      fwd.push(vf > 0 ? df + penalty : NOT_ALLOWED);
      bwd.push(vb > 0 ? db + penalty : NOT_ALLOWED);
      fwdW.push(vf > 0 ? wf + penalty : NOT_ALLOWED);
      bwdW.push(vb > 0 ? wb + penalty : NOT_ALLOWED);
      flags.push((way.forwardRestricted ? CHAIN_FORWARD_RESTRICTED : 0) | (way.backwardRestricted ? CHAIN_BACKWARD_RESTRICTED : 0) | (way.roundabout ? CHAIN_ROUNDABOUT : 0));
      classes.push(((way.forwardClasses ?? 0) & 15) | (((way.backwardClasses ?? 0) & 15) << 4));
      chainWay.push(way.id);
      nameOf.push(name);
      start = k;
    }
  }
  coordStart.push(lon.length);

  // Obstacles at intersections are charged per turn; a barrier node is never an intersection.
  const nodePenalty = new Float64Array(gLon.length);
  const nodeFlagsOut = new Uint8Array(gLon.length);
  for (let i = 0; i < graphNode.length; i++) {
    const g = graphNode[i];
    if (g < 0) continue;
    nodePenalty[g] = nodePenaltyS[i];
    nodeFlagsOut[g] = extract.nodeFlags?.[i] ?? 0;
  }
  const restrictions = mapRestrictions(extract, graphNode, from, to, chainWay);
  const wayRestrictions = mapWayRestrictions(extract, chainWay);

  const network: RoadNetwork = {
    nodeCount: gLon.length,
    nodeLon: Float64Array.from(gLon),
    nodeLat: Float64Array.from(gLat),
    chainCount: from.length,
    chainFrom: Int32Array.from(from),
    chainTo: Int32Array.from(to),
    chainForwardS: Float64Array.from(fwd),
    chainBackwardS: Float64Array.from(bwd),
    chainForwardW: Float64Array.from(fwdW),
    chainBackwardW: Float64Array.from(bwdW),
    chainFlags: Uint8Array.from(flags),
    chainClasses: Uint8Array.from(classes),
    chainLengthM: Float64Array.from(len),
    chainName: Int32Array.from(nameOf),
    chainMain: new Uint8Array(from.length),
    chainComponent: new Int32Array(from.length),
    chainCoordStart: Int32Array.from(coordStart),
    coordLon: lon.finish(),
    coordLat: lat.finish(),
    coordOffsetM: offset.finish(),
    coordNodeId: nodeId.finish(),
    names,
    nodePenaltyS: nodePenalty,
    nodeFlags: nodeFlagsOut,
    ...restrictions,
    ...wayRestrictions,
  };
  markMainComponent(network);
  return network;
}

/** The chains each OSM way was cut into. */
function chainsByWay(chainWay: readonly number[]): Map<number, number[]> {
  const chainsOfWay = new Map<number, number[]>();
  chainWay.forEach((w, c) => {
    const l = chainsOfWay.get(w);
    if (l) l.push(c);
    else chainsOfWay.set(w, [c]);
  });
  return chainsOfWay;
}

/** Each way's first and last node; `openOnly` leaves out closed ways (a ring has no end to join a via way at). */
function wayEnds(extract: DrivableExtract, openOnly: boolean): Map<number, [number, number]> {
  const ends = new Map<number, [number, number]>();
  for (const w of extract.ways) {
    const first = w.refs[0];
    const last = w.refs[w.refs.length - 1];
    if (!openOnly || first !== last) ends.set(w.id, [first, last]);
  }
  return ends;
}

/** Each via-node restriction as (from chain, via node, to chain): the chains of the two ways that touch the via node. */
function mapRestrictions(extract: DrivableExtract, graphNode: Int32Array, from: number[], to: number[], chainWay: number[]) {
  const rf: number[] = [], rv: number[] = [], rt: number[] = [], ro: number[] = [];
  const list = extract.restrictions ?? [];
  if (list.length > 0) {
    const chainsOfWay = chainsByWay(chainWay);
    const ends = wayEnds(extract, false);
    for (const r of list) {
      const vi = extract.nodeIndex.get(r.viaNode);
      if (vi === undefined || graphNode[vi] < 0) continue;
      const v = graphNode[vi];
      // As OSRM, the from and to ways must start or end at the via node (else the relation is ambiguous).
      const endsAtVia = (way: number) => {
        const e = ends.get(way);
        return e !== undefined && e[0] !== e[1] && (e[0] === r.viaNode || e[1] === r.viaNode);
      };
      if (!endsAtVia(r.fromWay) || !endsAtVia(r.toWay)) continue;
      const touching = (way: number) => (chainsOfWay.get(way) ?? []).filter((c) => from[c] === v || to[c] === v);
      for (const fc of touching(r.fromWay)) {
        for (const tc of touching(r.toWay)) {
          rf.push(fc);
          rv.push(v);
          rt.push(tc);
          ro.push(r.only ? 1 : 0);
        }
      }
    }
  }
  return { restrictionFrom: Int32Array.from(rf), restrictionVia: Int32Array.from(rv), restrictionTo: Int32Array.from(rt), restrictionOnly: Uint8Array.from(ro) };
}

/**
 * Each via-way restriction as a path of edge-based nodes: the from way's chain arriving at the first via way, the
 * chains of every via way in driving order, the to way's chain leaving the last one. As OSRM, the from way must end
 * where the first via way starts or ends, each via way must begin where the previous one ended, and the to way must
 * start or end there; a relation that does not join up so is ignored. turnGraph.ts drops a path a car cannot drive.
 */
function mapWayRestrictions(extract: DrivableExtract, chainWay: number[]) {
  const start: number[] = [0];
  const path: number[] = [];
  const only: number[] = [];
  const list = extract.wayRestrictions ?? [];
  if (list.length > 0) {
    const chainsOfWay = chainsByWay(chainWay);
    const ends = wayEnds(extract, true);
    for (const r of list) {
      const codes = wayRestrictionCodes(r.fromWay, r.viaWays, r.toWay, ends, chainsOfWay);
      if (!codes) continue;
      path.push(...codes);
      start.push(path.length);
      only.push(r.only ? 1 : 0);
    }
  }
  return { wayRestrictionStart: Int32Array.from(start), wayRestrictionPath: Int32Array.from(path), wayRestrictionOnly: Uint8Array.from(only) };
}

function wayRestrictionCodes(
  fromWay: number,
  viaWays: readonly number[],
  toWay: number,
  ends: Map<number, [number, number]>,
  chainsOfWay: Map<number, number[]>,
): number[] | undefined {
  const f = ends.get(fromWay);
  const t = ends.get(toWay);
  const fChains = chainsOfWay.get(fromWay);
  const tChains = chainsOfWay.get(toWay);
  if (!f || !t || !fChains || !tChains || viaWays.length === 0) return undefined;
  const v0 = ends.get(viaWays[0]);
  if (!v0) return undefined;
  const shared = f.filter((n) => n === v0[0] || n === v0[1]);
  if (shared.length !== 1) return undefined; // disjoint, or the from and first via way share both ends: ambiguous
  let at = shared[0];
  // the from way arrives at `at`: forward along its last chain, or backward along its first
  const codes = [at === f[1] ? fChains[fChains.length - 1] * 2 : fChains[0] * 2 + 1];
  for (const via of viaWays) {
    const e = ends.get(via);
    const chains = chainsOfWay.get(via);
    if (!e || !chains) return undefined;
    if (e[0] === at) {
      for (const c of chains) codes.push(c * 2);
      at = e[1];
    } else if (e[1] === at) {
      for (let k = chains.length - 1; k >= 0; k--) codes.push(chains[k] * 2 + 1);
      at = e[0];
    } else return undefined;
  }
  if (t[0] === at) codes.push(tChains[0] * 2);
  else if (t[1] === at) codes.push(tChains[tChains.length - 1] * 2 + 1);
  else return undefined;
  return codes;
}
