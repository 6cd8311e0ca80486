import { haversineM } from '../../geo';
import type { DrivableExtract } from '../osm/readOsmExtract';
import { NOT_ALLOWED, type RoadNetwork } from './RoadNetwork';
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

/**
 * Seconds added for passing through an intersection (three or more roads meet). OSRM charges a
 * turn penalty by angle (up to 7.5 s) and 20 s for a U-turn on its edge-based graph; this node-based
 * graph has no turns, so it charges their average once per intersection. Calibrated against the
 * recorded OSRM routes (docs/benchmarks.md: agreement).
 */
export const INTERSECTION_PENALTY_S = 1;

function addIntersectionPenalties(nodeCount: number, from: number[], to: number[], fwd: number[], bwd: number[], penaltyS: number): void {
  if (penaltyS <= 0) return;
  const degree = new Int32Array(nodeCount);
  for (let c = 0; c < from.length; c++) {
    degree[from[c]]++;
    degree[to[c]]++;
  }
  for (let c = 0; c < from.length; c++) {
    if (fwd[c] >= 0 && degree[to[c]] >= 3) fwd[c] += penaltyS;
    if (bwd[c] >= 0 && degree[from[c]] >= 3) bwd[c] += penaltyS;
  }
}

/**
 * Splits drivable ways into chains at intersections (nodes shared by ways or repeated in one),
 * way ends and barriers, and turns speeds into seconds per chain and direction.
 */
export function buildRoadNetwork(extract: DrivableExtract, intersectionPenaltyS = INTERSECTION_PENALTY_S): RoadNetwork {
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
  const len: number[] = [];
  const nameOf: number[] = [];
  const coordStart: number[] = [];
  const lon = new F64Builder();
  const lat = new F64Builder();
  const offset = new F64Builder();

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
      if (!last && uses[i] < 2 && !nodeBlocked[i]) continue;
      // chain idx[start..k]
      coordStart.push(lon.length);
      let meters = 0;
      let penalty = 0;
      for (let j = start; j <= k; j++) {
        const n = idx[j];
        if (j > start) meters += haversineM(nodeLon[idx[j - 1]], nodeLat[idx[j - 1]], nodeLon[n], nodeLat[n]);
        if (j > start) penalty += nodePenaltyS[n];
        lon.push(nodeLon[n]);
        lat.push(nodeLat[n]);
        offset.push(meters);
      }
      from.push(nodeFor(idx[start]));
      to.push(nodeFor(i));
      len.push(meters);
      fwd.push(way.forwardKmh > 0 ? (meters * 3.6) / way.forwardKmh + penalty : NOT_ALLOWED);
      bwd.push(way.backwardKmh > 0 ? (meters * 3.6) / way.backwardKmh + penalty : NOT_ALLOWED);
      nameOf.push(name);
      start = k;
    }
  }
  coordStart.push(lon.length);
  addIntersectionPenalties(gLon.length, from, to, fwd, bwd, intersectionPenaltyS);

  const network: RoadNetwork = {
    nodeCount: gLon.length,
    nodeLon: Float64Array.from(gLon),
    nodeLat: Float64Array.from(gLat),
    chainCount: from.length,
    chainFrom: Int32Array.from(from),
    chainTo: Int32Array.from(to),
    chainForwardS: Float64Array.from(fwd),
    chainBackwardS: Float64Array.from(bwd),
    chainLengthM: Float64Array.from(len),
    chainName: Int32Array.from(nameOf),
    chainMain: new Uint8Array(from.length),
    chainCoordStart: Int32Array.from(coordStart),
    coordLon: lon.finish(),
    coordLat: lat.finish(),
    coordOffsetM: offset.finish(),
    names,
  };
  markMainComponent(network);
  return network;
}
