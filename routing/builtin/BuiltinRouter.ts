import type { LngLat, NearestResult, RouteLeg, RouteResult, Router, TableResult } from '../Router';
import { RoutingError } from '../errors';
import { assertLngLat, assertLngLatList } from '../validate';
import { ChQuery } from './ch/ChQuery';
import { ChTable } from './ch/ChTable';
import { appendChainSlice } from './graph/chainGeometry';
import { distanceM } from '../geo';
import { chainOfEdge, isBackwardEdge } from './graph/DirectedEdges';
import type { RoadNetwork } from './graph/RoadNetwork';
import { sameChainTrip, sourceSeeds, targetSeeds, type Phantom } from './snap/Phantom';
import { SegmentIndex } from './snap/SegmentIndex';
import type { PreparedRouter } from './storage';

/** A point farther than this from every road is refused (NoSegment) rather than snapped across the city. */
export const DEFAULT_MAX_SNAP_DISTANCE_M = 1000;
/**
 * A point whose road is cut off from the main network (by the extract's edge, a barrier, a one-way
 * dead end) is also served from the closest main-network point up to this far (as OSRM does with
 * no limit); beyond it the pair is unreachable.
 */
export const DEFAULT_MAX_FALLBACK_DISTANCE_M = 2000;
/** Largest table (sources × destinations) one call may ask for. */
export const DEFAULT_MAX_TABLE_CELLS = 1_000_000;

export interface BuiltinRouterOptions {
  maxSnapDistanceM?: number;
  maxTableCells?: number;
  maxFallbackDistanceM?: number;
}

interface Leg extends RouteLeg {
  coordinates: LngLat[];
  /** Seconds from the previous coordinate to this one (0 for the first). */
  pointS: number[];
}

/** The embedded router: contraction hierarchies over an OSM extract, in process, no server. */
export class BuiltinRouter implements Router {
  readonly name = 'builtin';
  readonly network: RoadNetwork;
  private readonly index: SegmentIndex;
  private readonly query: ChQuery;
  private readonly tableSearch: ChTable;
  private readonly maxSnapDistanceM: number;
  private readonly maxTableCells: number;
  private readonly maxFallbackDistanceM: number;

  constructor(prepared: PreparedRouter, options: BuiltinRouterOptions = {}) {
    this.network = prepared.network;
    this.index = new SegmentIndex(prepared.network);
    this.query = new ChQuery(prepared.ch);
    this.tableSearch = new ChTable(prepared.ch);
    this.maxSnapDistanceM = options.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_DISTANCE_M;
    this.maxTableCells = options.maxTableCells ?? DEFAULT_MAX_TABLE_CELLS;
    this.maxFallbackDistanceM = options.maxFallbackDistanceM ?? DEFAULT_MAX_FALLBACK_DISTANCE_M;
  }

  async route(points: readonly LngLat[]): Promise<RouteResult> {
    return this.routeSync(points);
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[]): Promise<TableResult> {
    return this.tableSync(sources, destinations);
  }

  async nearest(point: LngLat): Promise<NearestResult> {
    return this.nearestSync(point);
  }

  async close(): Promise<void> {}

  /** Synchronous forms, for the in-process hot paths and the benchmark. */
  routeSync(points: readonly LngLat[]): RouteResult {
    assertLngLatList(points, 'points', 2);
    const phantoms = points.map((p, i) => this.snap(p, `points[${i}]`));
    const legs: Leg[] = [];
    for (let i = 0; i + 1 < phantoms.length; i++) {
      const leg = this.leg(phantoms[i], phantoms[i + 1]);
      if (!leg) throw new RoutingError('NoRoute', `No route from points[${i}] to points[${i + 1}]`);
      legs.push(leg);
    }
    const coordinates: LngLat[] = [];
    const segmentDurationsS: number[] = [];
    for (const leg of legs) {
      leg.coordinates.forEach((c, k) => {
        const last = coordinates[coordinates.length - 1];
        if (last && last[0] === c[0] && last[1] === c[1]) return;
        if (last) segmentDurationsS.push(leg.pointS[k]);
        coordinates.push(c);
      });
    }
    if (coordinates.length === 1) {
      coordinates.push(coordinates[0]);
      segmentDurationsS.push(0);
    }
    return {
      durationS: legs.reduce((s, l) => s + l.durationS, 0),
      distanceM: legs.reduce((s, l) => s + l.distanceM, 0),
      geometry: { type: 'LineString', coordinates },
      legs: legs.map(({ durationS, distanceM }) => ({ durationS, distanceM })),
      waypoints: phantoms.map((p) => this.waypoint(p[0])),
      segmentDurationsS,
    };
  }

  tableSync(sources: readonly LngLat[], destinations: readonly LngLat[]): TableResult {
    assertLngLatList(sources, 'sources', 1);
    assertLngLatList(destinations, 'destinations', 1);
    if (sources.length * destinations.length > this.maxTableCells) {
      throw new RoutingError('TooBig', `A table of ${sources.length}×${destinations.length} exceeds ${this.maxTableCells} cells; split it`);
    }
    // A point far from every road answers null in its row or column (as OSRM's table does), not a failure of the
    // whole table: one vehicle's bad GPS fix must not cost every other vehicle its travel times.
    const src = sources.map((p, i) => this.snapOrNull(p, `sources[${i}]`));
    const dst = destinations.map((p, i) => this.snapOrNull(p, `destinations[${i}]`));
    const m = this.tableSearch.compute(src.map((p) => (p ? this.sourceSeeds(p) : [])), dst.map((p) => (p ? this.targetSeeds(p) : [])));
    const durationsS: (number | null)[][] = [];
    const distancesM: (number | null)[][] = [];
    for (let i = 0; i < src.length; i++) {
      const drow: (number | null)[] = new Array(dst.length);
      const lrow: (number | null)[] = new Array(dst.length);
      for (let j = 0; j < dst.length; j++) {
        let w = m.weightS[i * dst.length + j];
        let d = m.distanceM[i * dst.length + j];
        const a = src[i];
        const b = dst[j];
        if (a && b && a[0].chain === b[0].chain) {
          const direct = sameChainTrip(this.network, a[0], b[0]);
          if (direct && direct.weightS <= w) {
            w = direct.weightS;
            d = direct.distanceM;
          }
        }
        drow[j] = w === Infinity ? null : w;
        lrow[j] = w === Infinity ? null : d;
      }
      durationsS.push(drow);
      distancesM.push(lrow);
    }
    const waypoint = (p: Phantom[] | null, q: LngLat): NearestResult => (p ? this.waypoint(p[0]) : { location: q, distanceM: Infinity, name: '' });
    return { durationsS, distancesM, sources: src.map((p, i) => waypoint(p, sources[i])), destinations: dst.map((p, j) => waypoint(p, destinations[j])) };
  }

  nearestSync(point: LngLat): NearestResult {
    assertLngLat(point, 'point');
    return this.waypoint(this.snap(point, 'point')[0]);
  }

  private waypoint(p: Phantom): NearestResult {
    return { location: p.location, distanceM: p.distanceM, name: this.network.names[this.network.chainName[p.chain]] ?? '' };
  }

  /** The snapped point, then its fallback on the main component if it has one (see SegmentIndex.snap). */
  private snap(point: LngLat, label: string): Phantom[] {
    const phantoms = this.index.snap(point);
    if (phantoms.length === 0 || phantoms[0].distanceM > this.maxSnapDistanceM) {
      throw new RoutingError('NoSegment', `${label} [${point[0]}, ${point[1]}] is more than ${this.maxSnapDistanceM} m from any drivable road`);
    }
    return phantoms.filter((p, i) => i === 0 || p.distanceM <= this.maxFallbackDistanceM);
  }

  /** snap(), with null for a point farther than maxSnapDistanceM from every road. */
  private snapOrNull(point: LngLat, label: string): Phantom[] | null {
    try {
      return this.snap(point, label);
    } catch (e) {
      if (e instanceof RoutingError && e.code === 'NoSegment') return null;
      throw e;
    }
  }

  private sourceSeeds(phantoms: Phantom[]) {
    return phantoms.flatMap((p) => sourceSeeds(this.network, p));
  }

  private targetSeeds(phantoms: Phantom[]) {
    return phantoms.flatMap((p) => targetSeeds(this.network, p));
  }

  private leg(sources: Phantom[], targets: Phantom[]): Leg | null {
    const net = this.network;
    const direct = sameChainTrip(net, sources[0], targets[0]);
    const path = this.query.shortestPath(this.sourceSeeds(sources), this.targetSeeds(targets));
    const coordinates: LngLat[] = [];
    const pointS: number[] = [];
    // Appends a stretch of a chain, timing each new segment at that chain's own pace (seconds per metre).
    const slice = (c: number, fromM: number, toM: number) => {
      const before = coordinates.length;
      appendChainSlice(net, c, fromM, toM, coordinates);
      const len = net.chainLengthM[c];
      const secondsPerM = len > 0 ? (fromM <= toM ? net.chainForwardS[c] : net.chainBackwardS[c]) / len : 0;
      for (let k = before; k < coordinates.length; k++) pointS.push(k === 0 ? 0 : distanceM(coordinates[k - 1], coordinates[k]) * secondsPerM);
    };
    if (direct && (!path || direct.weightS <= path.weightS)) {
      const [s, t] = [sources[0], targets[0]];
      slice(s.chain, s.offsetM, t.offsetM);
      return { durationS: direct.weightS, distanceM: direct.distanceM, coordinates, pointS };
    }
    if (!path) return null;
    // The phantoms whose seeds the path actually used.
    const s = sources.find((p) => sourceSeeds(net, p).some((seed) => seed.node === path.sourceNode)) ?? sources[0];
    const t = targets.find((p) => targetSeeds(net, p).some((seed) => seed.node === path.targetNode)) ?? targets[0];
    // Leave the source chain toward the seed node the search started from.
    const leavesForward = path.sourceNode === net.chainTo[s.chain] && net.chainForwardS[s.chain] >= 0;
    slice(s.chain, s.offsetM, leavesForward ? net.chainLengthM[s.chain] : 0);
    for (const code of path.roadEdges) {
      const c = chainOfEdge(code);
      const len = net.chainLengthM[c];
      if (isBackwardEdge(code)) slice(c, len, 0);
      else slice(c, 0, len);
    }
    const arrivesForward = path.targetNode === net.chainFrom[t.chain] && net.chainForwardS[t.chain] >= 0;
    slice(t.chain, arrivesForward ? 0 : net.chainLengthM[t.chain], t.offsetM);
    return { durationS: path.weightS, distanceM: path.distanceM, coordinates, pointS };
  }
}
