import * as fs from 'node:fs';
import * as path from 'node:path';
import * as polyline from '@mapbox/polyline';
import type { LngLat } from '../../Router';

/**
 * The real OSRM answers in shared/osrm-samples (see its README.md), indexed for replay: the raw
 * exchanges verbatim, and routes, tables, snapped points and nearest answers by coordinates. Both
 * replay servers (OSRM and GraphHopper format) and the contract suite read them from here.
 */

/** One raw/*.json file: the exact request OSRM got and what it answered. */
export interface RecordedExchange {
  file: string;
  request: string;
  status: number;
  body: unknown;
}

export interface RecordedWaypoint {
  location: LngLat;
  name: string;
  /** From the query point to `location`. */
  distanceM: number;
}

export interface RecordedRoute {
  points: LngLat[];
  durationS: number;
  distanceM: number;
  legs: { durationS: number; distanceM: number }[];
  /** The recorded line; [from, to] for a pair recorded without geometry. */
  geometry: LngLat[];
  waypoints: RecordedWaypoint[];
  /** Where it came from, for messages: 'raw/route-two-points.json', 'seoul-songpa.json pairs[25]'. */
  source: string;
}

/** A pair OSRM had no route for. */
export interface RecordedNoRoute {
  points: LngLat[];
  noRoute: true;
  source: string;
}

export interface RecordedCity {
  name: string;
  bbox: [number, number, number, number];
  pairs: { from: LngLat; to: LngLat; duration?: number; distance?: number; geometry?: LngLat[]; code?: string }[];
  table: { points: LngLat[]; durations: (number | null)[][]; distances: (number | null)[][] };
  nearest: { query: LngLat; location: LngLat; distance: number; name: string }[];
}

export interface RecordedTable {
  city: string;
  durationsS: (number | null)[][];
  distancesM: (number | null)[][];
}

/** shared/osrm-samples beside the repository (../shared from the repo root); OSRM_SAMPLES_DIR overrides. */
export function defaultSamplesDir(): string {
  if (process.env.OSRM_SAMPLES_DIR) return process.env.OSRM_SAMPLES_DIR;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.resolve(dir, '..', 'shared', 'osrm-samples');
}

export class OsrmRecordings {
  private readonly exchanges = new Map<string, RecordedExchange>();
  private readonly routes = new Map<string, RecordedRoute | RecordedNoRoute>();
  private readonly snaps = new Map<string, RecordedWaypoint>();
  private readonly nearests = new Map<string, RecordedWaypoint>();
  private readonly tableIndex = new Map<string, { city: RecordedCity; index: number }>();

  constructor(
    readonly raw: readonly RecordedExchange[],
    readonly cities: readonly RecordedCity[],
  ) {
    for (const x of raw) this.exchanges.set(requestKey(x.request), x);
    // Raw routes first, full geometry before simplified: they win over the pairs' summaries.
    const rawRoutes = raw.filter((x) => x.request.startsWith('/route/')).sort((a, b) => fullFirst(a) - fullFirst(b));
    for (const x of rawRoutes) this.indexRawRoute(x);
    for (const city of cities) this.indexCity(city);
    for (const x of raw) this.indexRawSnaps(x);
  }

  static load(dir = defaultSamplesDir()): OsrmRecordings {
    if (!fs.existsSync(path.join(dir, 'raw'))) {
      throw new Error(`OSRM recordings not found in ${dir}; put shared/osrm-samples beside the repository or set OSRM_SAMPLES_DIR`);
    }
    const read = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
    const raw = fs.readdirSync(path.join(dir, 'raw')).filter((f) => f.endsWith('.json')).sort().map((f) => {
      const x = read(path.join(dir, 'raw', f)) as Omit<RecordedExchange, 'file'>;
      return { file: `raw/${f}`, request: x.request, status: x.status, body: x.body };
    });
    const cities = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => read(path.join(dir, f)) as RecordedCity);
    return new OsrmRecordings(raw, cities);
  }

  /** The raw exchange for this exact request, query parameters in any order. */
  exchange(pathAndQuery: string): RecordedExchange | undefined {
    return this.exchanges.get(requestKey(pathAndQuery));
  }

  route(points: readonly LngLat[]): RecordedRoute | RecordedNoRoute | undefined {
    return this.routes.get(pointsKey(points));
  }

  /** durations[i][j] from sources[i] to destinations[j], when every point is in one city's recorded table. */
  table(sources: readonly LngLat[], destinations: readonly LngLat[]): RecordedTable | undefined {
    const lookup = (points: readonly LngLat[]) => points.map((p) => this.tableIndex.get(pointKey(p)));
    const s = lookup(sources);
    const d = lookup(destinations);
    const city = s[0]?.city;
    if (!city || ![...s, ...d].every((x) => x?.city === city)) return undefined;
    const pick = (m: (number | null)[][]) => s.map((i) => d.map((j) => m[i!.index]![j!.index]!));
    return { city: city.name, durationsS: pick(city.table.durations), distancesM: pick(city.table.distances) };
  }

  /** What OSRM's /nearest answered for this query point. */
  nearest(point: LngLat): RecordedWaypoint | undefined {
    return this.nearests.get(pointKey(point));
  }

  /** Where OSRM snapped this point in any recording; the point itself when it was never seen off-road. */
  snap(point: LngLat): RecordedWaypoint {
    return this.snaps.get(pointKey(point)) ?? this.nearests.get(pointKey(point)) ?? { location: point, name: '', distanceM: 0 };
  }

  city(name: string): RecordedCity {
    const city = this.cities.find((c) => c.name === name);
    if (!city) throw new Error(`No recorded city '${name}'; have ${this.cities.map((c) => c.name).join(', ')}`);
    return city;
  }

  private indexRawRoute(x: RecordedExchange): void {
    const { points, query } = parseServiceUrl(x.request);
    const key = pointsKey(points);
    const body = x.body as { code: string; routes?: RawRoute[]; waypoints?: RawWaypoint[] };
    if (this.routes.has(key) || !points.length) return;
    if (body.code === 'NoRoute') {
      this.routes.set(key, { points, noRoute: true, source: x.file });
      return;
    }
    const route = body.routes?.[0];
    if (x.status !== 200 || !route?.geometry || !body.waypoints) return;
    this.routes.set(key, {
      points,
      durationS: route.duration,
      distanceM: route.distance,
      legs: route.legs.map((l) => ({ durationS: l.duration, distanceM: l.distance })),
      geometry: decodeGeometry(route.geometry, query.get('geometries') ?? 'polyline'),
      waypoints: body.waypoints.map(toWaypoint),
      source: x.file,
    });
  }

  private indexCity(city: RecordedCity): void {
    city.pairs.forEach((p, i) => {
      const points = [p.from, p.to];
      const key = pointsKey(points);
      const source = `${city.name}.json pairs[${i}]`;
      if (this.routes.has(key)) return;
      if (p.code === 'NoRoute' || p.duration === undefined || p.distance === undefined) {
        this.routes.set(key, { points, noRoute: true, source });
        return;
      }
      this.routes.set(key, {
        points,
        durationS: p.duration,
        distanceM: p.distance,
        legs: [{ durationS: p.duration, distanceM: p.distance }],
        geometry: p.geometry ?? points,
        // The pairs were snapped with /nearest before routing, so each end is on the road.
        waypoints: points.map((location) => ({ location, name: '', distanceM: 0 })),
        source,
      });
    });
    city.table.points.forEach((p, index) => this.tableIndex.set(pointKey(p), { city, index }));
    for (const n of city.nearest) {
      this.nearests.set(pointKey(n.query), { location: n.location, name: n.name, distanceM: n.distance });
    }
  }

  private indexRawSnaps(x: RecordedExchange): void {
    if (x.status !== 200) return;
    const { service, points, query } = parseServiceUrl(x.request);
    const body = x.body as { waypoints?: RawWaypoint[]; sources?: RawWaypoint[]; destinations?: RawWaypoint[] };
    if (service === 'nearest' && body.waypoints?.[0] && points[0]) {
      this.nearests.set(pointKey(points[0]), toWaypoint(body.waypoints[0]));
      return;
    }
    const waypoints = body.waypoints ?? [];
    waypoints.forEach((w, i) => points[i] && this.snaps.set(pointKey(points[i]), toWaypoint(w)));
    const indices = (name: string, count: number) =>
      query.get(name)?.split(';').map(Number) ?? Array.from({ length: count }, (_, i) => i);
    const srcIdx = indices('sources', points.length);
    const dstIdx = indices('destinations', points.length);
    body.sources?.forEach((w, i) => this.snaps.set(pointKey(points[srcIdx[i]!]!), toWaypoint(w)));
    body.destinations?.forEach((w, i) => this.snaps.set(pointKey(points[dstIdx[i]!]!), toWaypoint(w)));
  }
}

interface RawWaypoint {
  location: number[];
  name?: string;
  distance: number;
}

interface RawRoute {
  duration: number;
  distance: number;
  legs: { duration: number; distance: number }[];
  geometry?: string | { coordinates: number[][] };
}

/** Path and query of an OSRM request, normalised: numbers re-printed, query parameters sorted. */
export function requestKey(pathAndQuery: string): string {
  const { pathname, query } = splitUrl(pathAndQuery);
  const segments = pathname.split('/');
  const last = segments.length - 1;
  const coords = parseCoordinates(segments[last] ?? '');
  if (coords) segments[last] = pointsKey(coords);
  const params = [...query.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${segments.join('/')}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/** `/{service}/v1/{profile}/{coordinates}?query`; points is empty when the coordinates do not parse. */
export function parseServiceUrl(pathAndQuery: string): { service: string; profile: string; points: LngLat[]; query: URLSearchParams } {
  const { pathname, query } = splitUrl(pathAndQuery);
  const [, service = '', , profile = '', coords = ''] = pathname.split('/');
  return { service, profile, points: parseCoordinates(coords) ?? [], query };
}

export function pointKey(p: LngLat): string {
  return `${Number(p[0])},${Number(p[1])}`;
}

export function pointsKey(points: readonly LngLat[]): string {
  return points.map(pointKey).join(';');
}

function splitUrl(pathAndQuery: string): { pathname: string; query: URLSearchParams } {
  const q = pathAndQuery.indexOf('?');
  const pathname = decodeURIComponent(q < 0 ? pathAndQuery : pathAndQuery.slice(0, q));
  return { pathname, query: new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1)) };
}

function parseCoordinates(segment: string): LngLat[] | undefined {
  if (!segment) return undefined;
  const points = segment.split(';').map((pair) => pair.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))));
  if (!points.every((p) => p.length === 2 && p.every(Number.isFinite))) return undefined;
  return points.map(([lon, lat]) => [lon!, lat!] as const);
}

function decodeGeometry(geometry: string | { coordinates: number[][] }, format: string): LngLat[] {
  if (typeof geometry !== 'string') return geometry.coordinates.map((c) => [c[0]!, c[1]!] as const);
  return polyline.decode(geometry, format === 'polyline6' ? 6 : 5).map(([lat, lon]) => [lon, lat] as const);
}

function toWaypoint(w: RawWaypoint): RecordedWaypoint {
  return { location: [w.location[0]!, w.location[1]!], name: w.name ?? '', distanceM: w.distance };
}

function fullFirst(x: RecordedExchange): number {
  return x.request.includes('overview=full') ? 0 : 1;
}
