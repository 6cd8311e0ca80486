import * as polyline from '@mapbox/polyline';
import { RoutingError } from '../errors';
import { HttpRouterBase } from '../http/HttpRouterBase';
import { HttpTransport } from '../http/HttpTransport';
import type { RetryPolicy } from '../http/RetryPolicy';
import type { Approach, LineString, LngLat, NearestOptions, NearestResult, RouteOptions, RouteResult, TableOptions, TableResult } from '../Router';
import { formatCoordinates, OsrmClient, type OsrmGeometries } from './OsrmClient';
import type { OsrmRoute, OsrmWaypoint } from './OsrmResponses';
import { planTableBlocks } from './planTableBlocks';

/** osrm-routed's --max-table-size default: sources × destinations ≤ 100². */
export const DEFAULT_OSRM_MAX_TABLE_SIZE = 100;
/** Table blocks in flight at once when a table is split; more would only queue on the server. */
export const DEFAULT_OSRM_TABLE_CONCURRENCY = 4;
/**
 * OSRM snaps any point to the nearest road however far, with Ok (a point at 0,0 routes from Seoul
 * 14,000 km away). Beyond this distance a waypoint counts as off the network.
 */
export const DEFAULT_OSRM_MAX_SNAP_DISTANCE_M = 1000;

export interface OsrmRouterOptions {
  baseUrl: string;
  policy: RetryPolicy;
  /** Most coordinates in one table request; larger tables are split into blocks and stitched. */
  maxTableSize?: number;
  maxSnapDistanceM?: number;
  geometries?: OsrmGeometries;
  tableConcurrency?: number;
  profile?: string;
  fetchImpl?: typeof fetch;
}

interface Cells {
  durationsS: (number | null)[][];
  distancesM: (number | null)[][];
}

/** The Router over an OSRM v5 server. */
export class OsrmRouter extends HttpRouterBase {
  readonly name = 'osrm';
  /** OSRM takes exclude itself (its profile's excludable sets; any other set comes back as InvalidValue). */
  protected override readonly excludes = true;
  readonly client: OsrmClient;
  private readonly maxTableSize: number;
  private readonly maxSnapDistanceM: number;
  private readonly geometries: OsrmGeometries;
  private readonly tableConcurrency: number;

  constructor(options: OsrmRouterOptions) {
    super(options.policy);
    this.client = new OsrmClient(new HttpTransport(options.baseUrl, options.policy, 'OSRM', options.fetchImpl), options.profile);
    this.maxTableSize = options.maxTableSize ?? DEFAULT_OSRM_MAX_TABLE_SIZE;
    this.maxSnapDistanceM = options.maxSnapDistanceM ?? DEFAULT_OSRM_MAX_SNAP_DISTANCE_M;
    this.geometries = options.geometries ?? 'geojson';
    this.tableConcurrency = options.tableConcurrency ?? DEFAULT_OSRM_TABLE_CONCURRENCY;
    if (!Number.isInteger(this.maxTableSize) || this.maxTableSize < 2) {
      throw new RoutingError('InvalidInput', `maxTableSize must be a whole number ≥ 2, got ${options.maxTableSize}`);
    }
  }

  /** Curb-side approaches go to OSRM as its own `approaches` option. */
  protected async routeChecked(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    const body = await this.client.route(points, this.geometries, options?.approaches, options?.exclude);
    body.waypoints.forEach((w, i) => this.assertSnapped(w, `points[${i}]`));
    const route = body.routes[0] as OsrmRoute;
    return {
      durationS: route.duration,
      distanceM: route.distance,
      geometry: this.lineString(route),
      legs: route.legs.map((leg) => ({ durationS: leg.duration, distanceM: leg.distance })),
    };
  }

  /**
   * Repeated coordinates are sent once (once per approach: OSRM's approaches are per coordinate, for sources and
   * destinations alike). When the distinct coordinates fit in one request the table is one request; otherwise it is
   * split with planTableBlocks and the blocks are stitched back.
   */
  protected async tableChecked(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    const src = distinct(placesOf(sources, options?.sourceApproaches));
    const dst = distinct(placesOf(destinations, options?.destinationApproaches));
    const union = distinct([...src.points, ...dst.points]).points.length;
    const blocks = union <= this.maxTableSize
      ? [{ sourceStart: 0, sourceEnd: src.points.length, destinationStart: 0, destinationEnd: dst.points.length }]
      : planTableBlocks(src.points.length, dst.points.length, this.maxTableSize);
    const cells: Cells = {
      durationsS: src.points.map(() => new Array<number | null>(dst.points.length).fill(null)),
      distancesM: src.points.map(() => new Array<number | null>(dst.points.length).fill(null)),
    };
    await forEachLimited(blocks, this.tableConcurrency, async (b) => {
      const part = await this.tableBlock(src.points.slice(b.sourceStart, b.sourceEnd), dst.points.slice(b.destinationStart, b.destinationEnd), options?.exclude);
      part.durationsS.forEach((row, i) => row.forEach((v, j) => (cells.durationsS[b.sourceStart + i]![b.destinationStart + j] = v)));
      part.distancesM.forEach((row, i) => row.forEach((v, j) => (cells.distancesM[b.sourceStart + i]![b.destinationStart + j] = v)));
    });
    return {
      durationsS: src.indexOf.map((i) => dst.indexOf.map((j) => cells.durationsS[i]![j]!)),
      distancesM: src.indexOf.map((i) => dst.indexOf.map((j) => cells.distancesM[i]![j]!)),
    };
  }

  protected async nearestChecked(point: LngLat, options?: NearestOptions): Promise<NearestResult> {
    const w = (await this.client.nearest(point, options?.exclude)).waypoints[0]!;
    return { location: toLngLat(w.location), distanceM: w.distance, name: w.name ?? '' };
  }

  /** One OSRM table request; sources/destinations are left out when they are all the coordinates in order. */
  private async tableBlock(sources: readonly Place[], destinations: readonly Place[], exclude?: readonly string[]): Promise<Cells> {
    const all = distinct([...sources, ...destinations]);
    const s = all.indexOf.slice(0, sources.length);
    const d = all.indexOf.slice(sources.length);
    const isAll = (ix: number[]) => ix.length === all.points.length && ix.every((v, k) => v === k);
    const curb = all.points.some((p) => p.approach === 'curb');
    const body = await this.client.table({
      coordinates: all.points.map((p) => p.point),
      sources: isAll(s) ? undefined : s,
      destinations: isAll(d) ? undefined : d,
      ...(curb ? { approaches: all.points.map((p) => (p.approach === 'curb' ? 'curb' : null)) } : {}),
      ...(exclude?.length ? { exclude } : {}),
    });
    const { durations, distances } = body;
    const fits = (m: unknown[][] | undefined) => m?.length === sources.length && m.every((row) => row.length === destinations.length);
    if (!fits(durations) || !fits(distances)) {
      throw new RoutingError('RoutingUnavailable', `OSRM at ${this.client.baseUrl} answered a table that is not ${sources.length}×${destinations.length} with durations and distances`);
    }
    // A point snapped onto a road far away is not reachable where the caller meant it: null, like no route.
    const farSource = body.sources.map((w) => w.distance > this.maxSnapDistanceM);
    const farDestination = body.destinations.map((w) => w.distance > this.maxSnapDistanceM);
    const keep = (v: number | null, i: number, j: number) => (farSource[i] || farDestination[j] ? null : v);
    return {
      durationsS: durations.map((row, i) => row.map((v, j) => keep(v, i, j))),
      distancesM: distances!.map((row, i) => row.map((v, j) => keep(v, i, j))),
    };
  }

  private assertSnapped(w: OsrmWaypoint, label: string): void {
    if (w.distance > this.maxSnapDistanceM) {
      throw new RoutingError(
        'NoSegment',
        `${label} is ${Math.round(w.distance)} m from the nearest road (limit ${this.maxSnapDistanceM} m); is it inside the map?`,
      );
    }
  }

  private lineString(route: OsrmRoute): LineString {
    const g = route.geometry;
    if (typeof g === 'string') {
      // polyline6 is [lat, lon] pairs; Anystop is [lon, lat] everywhere.
      return { type: 'LineString', coordinates: polyline.decode(g, 6).map(([lat, lon]) => [lon, lat] as const) };
    }
    if (g && Array.isArray(g.coordinates)) {
      return { type: 'LineString', coordinates: g.coordinates.map(toLngLat) };
    }
    throw new RoutingError('RoutingUnavailable', `OSRM at ${this.client.baseUrl} answered a route without geometry`);
  }
}

function toLngLat(c: readonly number[]): LngLat {
  return [c[0]!, c[1]!];
}

/** Distinct points in first-seen order, and for each input the index of its distinct point. */
/** A table point and how it is to be reached. */
interface Place {
  point: LngLat;
  approach: Approach | null;
}

function placesOf(points: readonly LngLat[], approaches: ReadonlyArray<Approach | null> | undefined): Place[] {
  return points.map((point, i) => ({ point, approach: approaches?.[i] ?? null }));
}

function distinct(points: readonly Place[]): { points: Place[]; indexOf: number[] } {
  const seen = new Map<string, number>();
  const unique: Place[] = [];
  const indexOf = points.map((p) => {
    const key = `${formatCoordinates([p.point])}|${p.approach === 'curb' ? 'curb' : ''}`;
    let i = seen.get(key);
    if (i === undefined) {
      i = unique.length;
      seen.set(key, i);
      unique.push(p);
    }
    return i;
  });
  return { points: unique, indexOf };
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
