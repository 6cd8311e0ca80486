import { availableParallelism } from 'node:os';
import { networkTopSpeedMps } from './graph/networkTopSpeedMps';
import type { Approach, LngLat, NearestOptions, NearestResult, RouteLeg, RouteOptions, RouteResult, RouteStep, Router, TableOptions, TableResult } from '../Router';
import { buildSteps, nodeRoads, type LegPiece, type NodeRoads } from './guidance/buildSteps';
import { RoutingError } from '../errors';
import { assertLngLat, assertLngLatList } from '../validate';
import { ChQuery } from './ch/ChQuery';
import { ChTable } from './ch/ChTable';
import type { SearchCore } from './ch/SearchSpaces';
import { onSharedMemory } from './ch/SharedHierarchy';
import { appendChainSlice } from './graph/chainGeometry';
import { distanceM } from '../geo';
import { chainClassMask, type RoadNetwork } from './graph/RoadNetwork';
import { ExcludedSearch } from './dijkstra/ExcludedSearch';
import { excludeMask, UNSUPPORTED_EXCLUDE_MESSAGE } from './osm/carWayClasses';
import { ebBaseNode, ebDuration, ebWeight, findTurn, type TurnGraph } from './graph/turnGraph';
import { curbSide, sourceSeeds, targetSeeds, type Phantom, type Seed } from './snap/Phantom';
import { TablePoint, type TableEnd } from './snap/TablePoint';
import type { ChPath } from './ch/ChQuery';
import { SegmentIndex } from './snap/SegmentIndex';
import { BoundedCache } from './BoundedCache';
import type { PreparedRouter } from './storage';

/** A point farther than this from every road is refused (NoSegment) rather than snapped across the city. */
export const DEFAULT_MAX_SNAP_DISTANCE_M = 1000;
/**
 * A point whose road is cut off from the main network (by the extract's edge, a barrier, a one-way
 * dead end) is also served from the closest main-network point up to this far (as OSRM does with
 * no limit); beyond it the pair is unreachable.
 */
export const DEFAULT_MAX_FALLBACK_DISTANCE_M = 2000;
/** Table points kept by their coordinates (a few hundred bytes each; more than the search spaces kept can serve). */
export const DEFAULT_TABLE_POINTS = 500_000;
/** Largest table (sources × destinations) one call may ask for. */
export const DEFAULT_MAX_TABLE_CELLS = 1_000_000;

/** One search thread beside the caller's where there is a second core (more than one was not measured: 2 cores here). */
export const DEFAULT_TABLE_THREADS = availableParallelism() >= 2 ? 1 : 0;

export interface BuiltinRouterOptions {
  maxSnapDistanceM?: number;
  maxTableCells?: number;
  maxFallbackDistanceM?: number;
  /**
   * Search threads a table splits its missing search spaces over, beside the caller's (ChTable, ParallelSettler).
   * Default: one on a machine with two or more cores, none on one; 0 turns them off.
   */
  tableThreads?: number;
  /** Which code searches the tables' spaces (default the WebAssembly core; 'js' the TypeScript one, for the benchmark's baseline). */
  tableSearchCore?: SearchCore;
  /** Source seeds up to which a table meets search spaces directly instead of through buckets (ChTable's DIRECT_UP_TO_SEEDS; 0: always buckets; for the benchmark). */
  tableDirectUpToSeeds?: number;
}

interface Leg extends RouteLeg {
  coordinates: LngLat[];
  /** Seconds from the previous coordinate to this one (0 for the first). */
  pointS: number[];
  /** Routing weight from the previous coordinate to this one (0 for the first). */
  pointW: number[];
  weightS: number;
  pieces: LegPiece[];
  /** OSM node id per coordinate, NaN where the coordinate is a snapped point between nodes. */
  nodeIds: number[];
}

/** The embedded router: contraction hierarchies over an OSM extract, in process, no server. */
export class BuiltinRouter implements Router {
  readonly name = 'builtin';
  readonly network: RoadNetwork;
  private readonly turns: TurnGraph;
  private roads: NodeRoads | undefined;
  private readonly index: SegmentIndex;
  private readonly query: ChQuery;
  private readonly tableSearch: ChTable;
  private readonly maxSnapDistanceM: number;
  private readonly maxTableCells: number;
  private readonly maxFallbackDistanceM: number;
  private readonly tablePoints = new WeakMap<LngLat, TablePoint>();
  /**
   * The same points by their coordinates, for a copy of a known array (a plan back from the re-optimizer's thread, a
   * schedule read again): it finds the snap and seeds already derived, so their search spaces too.
   */
  private readonly tablePointsAt = new BoundedCache<string, TablePoint>(DEFAULT_TABLE_POINTS, () => 1, true);
  /** Copies of an edge-based node made for via-way restrictions (turnGraph.ts duplicateViaWays), by original. */
  private readonly copies = new Map<number, number[]>();
  /** One plain search per excluded class mask, made on first use. */
  private readonly excludedSearches = new Map<number, ExcludedSearch>();

  private topSpeed: number | undefined;

  constructor(prepared: PreparedRouter, options: BuiltinRouterOptions = {}) {
    this.network = prepared.network;
    this.turns = prepared.turns;
    this.index = new SegmentIndex(prepared.network);
    const threads = options.tableThreads ?? DEFAULT_TABLE_THREADS;
    // with table threads, every search reads the arrays they share (one copy in the cores' common cache)
    const ch = threads > 0 ? onSharedMemory(prepared.ch) : prepared.ch;
    this.query = new ChQuery(ch);
    this.tableSearch = new ChTable(ch, { threads, searchCore: options.tableSearchCore, directUpToSeeds: options.tableDirectUpToSeeds });
    this.maxSnapDistanceM = options.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_DISTANCE_M;
    this.maxTableCells = options.maxTableCells ?? DEFAULT_MAX_TABLE_CELLS;
    this.maxFallbackDistanceM = options.maxFallbackDistanceM ?? DEFAULT_MAX_FALLBACK_DISTANCE_M;
    const dup = this.turns.duplicateOf;
    if (dup) {
      const originals = this.turns.nodeCount - dup.length;
      dup.forEach((base, i) => {
        const l = this.copies.get(base);
        if (l) l.push(originals + i);
        else this.copies.set(base, [originals + i]);
      });
    }
  }

  async route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    return this.routeSync(points, options);
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    return this.tableSync(sources, destinations, options);
  }

  async nearestMany(point: LngLat, count: number, options: NearestOptions = {}): Promise<NearestResult[]> {
    assertLngLat(point, 'point');
    return this.closestPoints(point, count, options).map((p) => this.waypoint(p));
  }

  /** The `count` closest points nearest() may answer with (options as OSRM's radiuses, bearings, exclude). */
  private closestPoints(point: LngLat, count: number, options: NearestOptions): Phantom[] {
    const ex = this.excluding(options.exclude);
    const found = this.index.closestMany(point, Math.max(1, Math.min(100, Math.floor(count))), ex ? (c) => this.chainAllowed(c, ex) : undefined, options.bearing);
    const limit = options.radiusM !== undefined && options.radiusM >= 0 ? Math.min(options.radiusM, this.maxSnapDistanceM) : this.maxSnapDistanceM;
    const within = found.filter((p) => p.distanceM <= limit);
    if (within.length === 0) {
      throw new RoutingError('NoSegment', `point [${point[0]}, ${point[1]}] is more than ${limit} m from any drivable road`);
    }
    return within;
  }

  /** OSM node ids of the segment a nearest result lies on (OSRM's `nodes` of /nearest). */
  segmentNodeIds(point: LngLat, count: number, options: NearestOptions = {}): Array<[number, number]> {
    return this.closestPoints(point, count, options).map((p) => {
      const k = p.coord ?? this.network.chainCoordStart[p.chain];
      return [this.network.coordNodeId[k], this.network.coordNodeId[k + 1]];
    });
  }

  async nearest(point: LngLat, options?: NearestOptions): Promise<NearestResult> {
    return this.nearestSync(point, options);
  }

  topSpeedMps(): number {
    return (this.topSpeed ??= networkTopSpeedMps(this.network));
  }

  async close(): Promise<void> {
    await this.tableSearch.close();
  }

  /** Starts the table's search threads (else started by the first big table); resolves true once they are up. */
  startTableThreads(): Promise<boolean> {
    return this.tableSearch.startThreads();
  }

  /** Tables split over search threads so far, and the spaces searched there (for tests and the benchmark). */
  get tableParallelStats(): { splitTables: number; spacesElsewhere: number } {
    return this.tableSearch.parallelStats;
  }

  /** Synchronous forms, for the in-process hot paths and the benchmark. */
  routeSync(points: readonly LngLat[], options: RouteOptions = {}): RouteResult {
    assertLngLatList(points, 'points', 2);
    const ex = this.excluding(options.exclude);
    const phantoms = withApproaches(
      useBigComponent(this.network, points.map((p, i) => this.snap(p, `points[${i}]`, options.radiuses?.[i] ?? undefined, options.bearings?.[i] ?? undefined, ex))),
      options.approaches,
    );
    const legs: Leg[] = [];
    for (let i = 0; i + 1 < phantoms.length; i++) {
      const leg = this.leg(phantoms[i], phantoms[i + 1], ex);
      if (!leg) throw new RoutingError('NoRoute', `No route from points[${i}] to points[${i + 1}]`);
      legs.push(leg);
    }
    const coordinates: LngLat[] = [];
    const segmentDurationsS: number[] = [];
    const segmentWeightsS: number[] = [];
    const nodeIds: number[] = [];
    const legNodeIds: number[][] = [];
    for (const leg of legs) {
      const own: number[] = [];
      leg.coordinates.forEach((c, k) => {
        const id = leg.nodeIds[k];
        if (!Number.isNaN(id) && own[own.length - 1] !== id) own.push(id);
        if (!Number.isNaN(id) && nodeIds[nodeIds.length - 1] !== id) nodeIds.push(id);
        const last = coordinates[coordinates.length - 1];
        if (last && last[0] === c[0] && last[1] === c[1]) return;
        if (last) {
          segmentDurationsS.push(leg.pointS[k]);
          segmentWeightsS.push(leg.pointW[k]);
        }
        coordinates.push(c);
      });
      legNodeIds.push(own);
    }
    if (coordinates.length === 1) {
      coordinates.push(coordinates[0]);
      segmentDurationsS.push(0);
      segmentWeightsS.push(0);
    }
    return {
      durationS: legs.reduce((s, l) => s + l.durationS, 0),
      distanceM: legs.reduce((s, l) => s + l.distanceM, 0),
      weightS: legs.reduce((s, l) => s + l.weightS, 0),
      geometry: { type: 'LineString', coordinates },
      legs: legs.map((l, i) => ({ durationS: l.durationS, distanceM: l.distanceM, weightS: l.weightS, nodeIds: legNodeIds[i], ...(options.steps ? { steps: this.steps(l) } : {}) })),
      waypoints: phantoms.map((p) => this.waypoint(p[0])),
      segmentDurationsS,
      segmentWeightsS,
      nodeIds,
    };
  }

  private steps(leg: Leg): RouteStep[] {
    this.roads ??= nodeRoads(this.network);
    return buildSteps(this.network, this.turns, this.roads, leg.pieces, leg.coordinates, leg.pointS);
  }

  tableSync(sources: readonly LngLat[], destinations: readonly LngLat[], options: TableOptions = {}): TableResult {
    assertLngLatList(sources, 'sources', 1);
    assertLngLatList(destinations, 'destinations', 1);
    if (sources.length * destinations.length > this.maxTableCells) {
      throw new RoutingError('TooBig', `A table of ${sources.length}×${destinations.length} exceeds ${this.maxTableCells} cells; split it`);
    }
    // A point far from every road answers null in its row or column (as OSRM's table does), not a failure of the
    // whole table: one vehicle's bad GPS fix must not cost every other vehicle its travel times.
    const ex = this.excluding(options.exclude);
    const tuned = options.sourceRadiuses || options.sourceBearings || options.destinationRadiuses || options.destinationBearings;
    let src: (Phantom[] | null)[];
    let dst: (Phantom[] | null)[];
    let srcSeeds: (readonly Seed[])[];
    let dstSeeds: (readonly Seed[])[];
    if (!ex && !tuned) {
      // The dispatcher's tables: each point's snap and seeds kept from table to table (TablePoint), so the CH table
      // finds a returning stop's search space already searched.
      const points = [...sources.map((p, i) => this.tablePoint(p, 'sources', i)), ...destinations.map((p, j) => this.tablePoint(p, 'destinations', j))];
      const fallback = !onOneSmallComponent(this.network, points);
      const seedsOf = (phantom: Phantom) => ({ sourceSeeds: this.sourceSeeds([phantom]), targetSeeds: this.targetSeeds([phantom]) });
      const ends = (from: number, count: number, approaches: TableOptions['sourceApproaches']) => {
        const out: (TableEnd | null)[] = new Array(count);
        for (let i = 0; i < count; i++) {
          const p = points[from + i];
          out[i] = p.phantoms ? p.end(fallback, approaches?.[i] === 'curb', seedsOf) : null;
        }
        return out;
      };
      const srcEnds = ends(0, sources.length, options.sourceApproaches);
      const dstEnds = ends(sources.length, destinations.length, options.destinationApproaches);
      src = srcEnds.map((e) => e?.phantoms ?? null);
      dst = dstEnds.map((e) => e?.phantoms ?? null);
      srcSeeds = srcEnds.map((e) => e?.sourceSeeds ?? NO_SEEDS);
      dstSeeds = dstEnds.map((e) => e?.targetSeeds ?? NO_SEEDS);
    } else {
      // OSRM clients' tables with radiuses, bearings or an exclude: snapped for this call only.
      const all = [
        ...sources.map((p, i) => this.snapOrNull(p, `sources[${i}]`, options.sourceRadiuses?.[i] ?? undefined, options.sourceBearings?.[i] ?? undefined, ex)),
        ...destinations.map((p, i) => this.snapOrNull(p, `destinations[${i}]`, options.destinationRadiuses?.[i] ?? undefined, options.destinationBearings?.[i] ?? undefined, ex)),
      ];
      const found = all.filter((p): p is Phantom[] => p !== null);
      const big = found.length > 0 ? useBigComponent(this.network, found) : [];
      let next = 0;
      const snapped = all.map((p) => (p ? big[next++] : null));
      const curb = (list: (Phantom[] | null)[], approaches: TableOptions['sourceApproaches']) =>
        list.map((p, i) => (p ? withApproaches([p], approaches ? [approaches[i] ?? null] : undefined)[0] : null));
      src = curb(snapped.slice(0, sources.length), options.sourceApproaches);
      dst = curb(snapped.slice(sources.length), options.destinationApproaches);
      srcSeeds = src.map((p) => (p ? this.sourceSeeds(p, ex) : NO_SEEDS));
      dstSeeds = dst.map((p) => (p ? this.targetSeeds(p, ex) : NO_SEEDS));
    }
    const m = ex ? ex.compute(srcSeeds, dstSeeds) : this.tableSearch.compute(srcSeeds, dstSeeds);
    const durationsS: (number | null)[][] = [];
    const distancesM: (number | null)[][] = [];
    for (let i = 0; i < src.length; i++) {
      const drow: (number | null)[] = new Array(dst.length);
      const lrow: (number | null)[] = new Array(dst.length);
      for (let j = 0; j < dst.length; j++) {
        const cell = i * dst.length + j;
        let w = m.weightS[cell];
        let t = m.durationS[cell];
        let d = m.distanceM[cell];
        if (loopsBack(srcSeeds[i], dstSeeds[j])) {
          // the target lies behind the source on its own road: the matrix met at once; search the way around
          const found = this.search(src[i]!, dst[j]!, ex);
          w = found.path ? found.path.weightS : Infinity;
          t = found.path?.durationS ?? 0;
          d = found.path?.distanceM ?? 0;
        }
        drow[j] = w === Infinity ? null : Math.max(0, t);
        lrow[j] = w === Infinity ? null : Math.max(0, d);
      }
      durationsS.push(drow);
      distancesM.push(lrow);
    }
    const waypoint = (p: Phantom[] | null, q: LngLat): NearestResult => (p ? this.waypoint(p[0]) : { location: q, distanceM: Infinity, name: '' });
    return { durationsS, distancesM, sources: src.map((p, i) => waypoint(p, sources[i])), destinations: dst.map((p, j) => waypoint(p, destinations[j])) };
  }

  nearestSync(point: LngLat, options: NearestOptions = {}): NearestResult {
    assertLngLat(point, 'point');
    if (options.exclude?.length || options.bearing || options.radiusM !== undefined) return this.waypoint(this.closestPoints(point, 1, options)[0]);
    return this.waypoint(this.snap(point, 'point')[0]);
  }

  /**
   * The plain search for an `exclude` list (undefined for none). car.lua's `excludable` sets only, as OSRM: any other
   * class or combination is refused with OSRM's message; so is every exclude on a folder prepared without classes.
   */
  private excluding(exclude: readonly string[] | undefined): ExcludedSearch | undefined {
    if (!exclude || exclude.length === 0) return undefined;
    const mask = excludeMask(exclude);
    if (mask === undefined || !this.network.chainClasses) throw new RoutingError('InvalidInput', UNSUPPORTED_EXCLUDE_MESSAGE);
    let search = this.excludedSearches.get(mask);
    if (!search) {
      const excluded = new Uint8Array(this.turns.nodeCount);
      for (let node = 0; node < excluded.length; node++) {
        const base = ebBaseNode(this.turns, node);
        if (chainClassMask(this.network, base >> 1, (base & 1) === 1) & mask) excluded[node] = 1;
      }
      search = new ExcludedSearch(this.turns, excluded);
      this.excludedSearches.set(mask, search);
    }
    return search;
  }

  /** A chain may be snapped to under an exclude when a car may drive it one way that is not excluded. */
  private chainAllowed(c: number, ex: ExcludedSearch): boolean {
    const net = this.network;
    return (net.chainForwardS[c] >= 0 && ex.allows(c * 2)) || (net.chainBackwardS[c] >= 0 && ex.allows(c * 2 + 1));
  }

  private waypoint(p: Phantom): NearestResult {
    return { location: p.location, distanceM: p.distanceM, name: this.network.names[this.network.chainName[p.chain]] ?? '' };
  }

  /** The snapped point, then its fallback on the main component if it has one (see SegmentIndex.snap). */
  private snap(point: LngLat, label: string, radiusM?: number, bearing?: readonly [number, number], ex?: ExcludedSearch): Phantom[] {
    const accept = ex ? (c: number) => this.chainAllowed(c, ex) : () => true;
    const phantoms = bearing || ex ? this.index.closestMany(point, 1, accept, bearing) : this.index.snap(point);
    const limit = radiusM !== undefined && radiusM >= 0 ? Math.min(radiusM, this.maxSnapDistanceM) : this.maxSnapDistanceM;
    if (phantoms.length === 0 || phantoms[0].distanceM > limit) {
      throw new RoutingError('NoSegment', `${label} [${point[0]}, ${point[1]}] is more than ${limit} m from any drivable road`);
    }
    return phantoms.filter((p, i) => i === 0 || p.distanceM <= this.maxFallbackDistanceM);
  }

  /**
   * The point as tables use it, kept per coordinate array (a vehicle's stops and depot keep theirs from table to
   * table), checked against the coordinates on every use.
   */
  private tablePoint(point: LngLat, list: 'sources' | 'destinations', i: number): TablePoint {
    const known = this.tablePoints.get(point);
    if (known && known.isAt(point)) return known;
    const key = `${point[0]},${point[1]}`;
    const made = this.tablePointsAt.get(key) ?? new TablePoint(point[0], point[1], this.snapOrNull(point, `${list}[${i}]`));
    this.tablePointsAt.set(key, made);
    this.tablePoints.set(point, made);
    return made;
  }

  /** snap(), with null for a point farther than maxSnapDistanceM from every road. */
  private snapOrNull(point: LngLat, label: string, radiusM?: number, bearing?: readonly [number, number], ex?: ExcludedSearch): Phantom[] | null {
    try {
      return this.snap(point, label, radiusM, bearing, ex);
    } catch (e) {
      if (e instanceof RoutingError && e.code === 'NoSegment') return null;
      throw e;
    }
  }

  private sourceSeeds(phantoms: Phantom[], ex?: ExcludedSearch): Seed[] {
    const seeds = phantoms.flatMap((p) => curbSide(p, sourceSeeds(this.network, p)));
    return ex ? seeds.filter((s) => ex.allows(s.node)) : seeds;
  }

  /** A trip may also arrive on a copy of the target's road (having driven part of a restricted path to it). */
  private targetSeeds(phantoms: Phantom[], ex?: ExcludedSearch): Seed[] {
    let seeds = phantoms.flatMap((p) => curbSide(p, targetSeeds(this.network, p)));
    if (ex) seeds = seeds.filter((s) => ex.allows(s.node));
    if (this.copies.size === 0) return seeds;
    return seeds.flatMap((s) => [s, ...(this.copies.get(s.node) ?? []).map((node) => ({ ...s, node }))]);
  }

  /**
   * The fastest path between two snapped points. Where the target lies behind the source on the same
   * road and direction, the source leaves by each turn at the end of its road instead (a loop), so
   * the path never runs backward along a one-way stretch. `expandedFrom` maps such a successor to the
   * source's own edge-based node.
   */
  private search(sources: Phantom[], targets: Phantom[], ex?: ExcludedSearch): { path: ChPath | null; expandedFrom: Map<number, number> } {
    const dst = this.targetSeeds(targets, ex);
    const src: Seed[] = [];
    const expandedFrom = new Map<number, number>();
    for (const seed of this.sourceSeeds(sources, ex)) {
      if (!dst.some((t) => t.node === seed.node && t.distanceM + seed.distanceM < -1e-9)) {
        src.push(seed);
        continue;
      }
      const g = this.turns;
      for (let k = g.firstOut[seed.node]; k < g.firstOut[seed.node + 1]; k++) {
        if (ex && !ex.allows(g.head[k])) continue;
        expandedFrom.set(g.head[k], seed.node);
        src.push({ node: g.head[k], weightS: seed.weightS + g.weightS[k], durationS: seed.durationS + g.durationS[k], distanceM: seed.distanceM + g.distanceM[k] });
      }
    }
    return { path: (ex ?? this.query).shortestPath(src, dst), expandedFrom };
  }

  private leg(sources: Phantom[], targets: Phantom[], ex?: ExcludedSearch): Leg | null {
    const net = this.network;
    const { path, expandedFrom } = this.search(sources, targets, ex);
    if (!path) return null;
    // The edge-based nodes driven, in order: a loop's own start first, then the path's.
    const base = (node: number) => ebBaseNode(this.turns, node);
    const nodes = path.roadEdges.length > 0 ? [...path.roadEdges, base(path.targetNode)] : [base(path.sourceNode)];
    const origin = expandedFrom.get(path.sourceNode);
    const ownStart = sources.some((p) => p.chain === base(path.sourceNode) >> 1);
    if (origin !== undefined && !ownStart) nodes.unshift(origin);
    const s = sources.find((p) => p.chain === nodes[0] >> 1) ?? sources[0];
    const t = targets.find((p) => p.chain === nodes[nodes.length - 1] >> 1) ?? targets[0];
    const coordinates: LngLat[] = [];
    const pointS: number[] = [];
    const pointW: number[] = [];
    const pieces: LegPiece[] = [];
    nodes.forEach((code, i) => {
      const c = code >> 1;
      const backward = (code & 1) === 1;
      const len = net.chainLengthM[c];
      const fromM = i === 0 ? s.offsetM : backward ? len : 0;
      const toM = i === nodes.length - 1 ? t.offsetM : backward ? 0 : len;
      const before = coordinates.length;
      appendChainSlice(net, c, fromM, toM, coordinates);
      pieces.push({ code, fromK: Math.max(0, before - 1), toK: coordinates.length - 1 });
      const secondsPerM = len > 0 ? ebDuration(net, code) / len : 0;
      const weightPerM = len > 0 ? ebWeight(net, code) / len : 0;
      for (let k = before; k < coordinates.length; k++) {
        const m = k === 0 ? 0 : distanceM(coordinates[k - 1], coordinates[k]);
        pointS.push(m * secondsPerM);
        pointW.push(m * weightPerM);
      }
      if (i > 0) {
        // the turn onto this road is timed (and weighed) on its first segment
        const turn = findTurn(this.turns, nodes[i - 1], code);
        const at = before < coordinates.length && before > 0 ? before : pointS.length - 1;
        if (turn >= 0 && at > 0) {
          pointS[at] += this.turns.turnS[turn];
          pointW[at] += this.turns.weightS[turn] - ebWeight(net, nodes[i - 1]);
        }
      }
    });
    if (pieces.length > 0) pieces[0].fromK = 0;
    return { durationS: Math.max(0, path.durationS), distanceM: Math.max(0, path.distanceM), weightS: Math.max(0, path.weightS), coordinates, pointS, pointW, pieces, nodeIds: this.nodeIdsOf(pieces, coordinates) };
  }

  /** The OSM node behind each coordinate of a leg (NaN for the snapped ends). */
  private nodeIdsOf(pieces: LegPiece[], coordinates: LngLat[]): number[] {
    const net = this.network;
    const ids = new Array<number>(coordinates.length).fill(NaN);
    for (const piece of pieces) {
      const c = piece.code >> 1;
      for (let k = piece.fromK; k <= piece.toK; k++) {
        const [lon, lat] = coordinates[k];
        for (let i = net.chainCoordStart[c]; i < net.chainCoordStart[c + 1]; i++) {
          if (net.coordLon[i] === lon && net.coordLat[i] === lat) {
            ids[k] = net.coordNodeId[i];
            break;
          }
        }
      }
    }
    return ids;
  }
}

/**
 * OSRM's rule for points on small components: unless every point of the request lies off the main
 * component, a point whose closest road is cut off is served from its closest main-component point
 * alone (SegmentIndex.snap puts that one second).
 */
function useBigComponent(net: RoadNetwork, snapped: Phantom[][]): Phantom[][] {
  const first = net.chainComponent[snapped[0][0].chain];
  if (first >= 0 && snapped.every((p) => p.length > 1 && net.chainComponent[p[0].chain] === first)) return snapped.map((p) => [p[0]]);
  return snapped.map((p) => (p.length > 1 ? [p[1]] : p));
}

/** useBigComponent's exception for tables: every point that snapped has a fallback and lies on one small component. */
function onOneSmallComponent(net: RoadNetwork, points: readonly TablePoint[]): boolean {
  let first: number | undefined;
  for (const p of points) {
    if (!p.phantoms) continue;
    first ??= net.chainComponent[p.phantoms[0].chain];
    if (first < 0 || p.phantoms.length < 2 || net.chainComponent[p.phantoms[0].chain] !== first) return false;
  }
  return first !== undefined;
}

const NO_SEEDS: readonly Seed[] = Object.freeze([]);

/** Marks the phantoms of points asked to be reached at the curb. */
function withApproaches(snapped: Phantom[][], approaches: ReadonlyArray<Approach | null> | undefined): Phantom[][] {
  if (!approaches) return snapped;
  return snapped.map((ph, i) => (approaches[i] === 'curb' ? ph.map((p) => ({ ...p, curb: true })) : ph));
}

/** True when a source and a target seed share an edge-based node with the target behind the source. */
function loopsBack(sources: readonly Seed[], targets: readonly Seed[]): boolean {
  for (const a of sources) for (const b of targets) if (a.node === b.node && a.distanceM + b.distanceM < -1e-9) return true;
  return false;
}
