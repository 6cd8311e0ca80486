import polyline from '@mapbox/polyline';
import type { Approach, LngLat } from '../Router';

/** OSRM's error codes, as its HTTP API sends them (all with status 400). */
export type OsrmErrorCode = 'InvalidUrl' | 'InvalidQuery' | 'InvalidService' | 'InvalidVersion' | 'InvalidOptions' | 'InvalidValue' | 'NoRoute' | 'NoSegment' | 'TooBig';

export class OsrmHttpError extends Error {
  constructor(readonly code: OsrmErrorCode, message: string) {
    super(message);
  }
}

export type OsrmGeometries = 'polyline' | 'polyline6' | 'geojson';

export type RouteAnnotation = 'duration' | 'distance' | 'nodes' | 'speed' | 'weight' | 'datasources';

/** Options every service takes per coordinate (OSRM's general options). */
export interface PerCoordinate {
  approaches?: Array<Approach | null>;
  radiuses?: Array<number | null>;
  bearings?: Array<[number, number] | null>;
  /** exclude=toll,motorway: classes to avoid (the router decides which sets it supports). */
  exclude?: string[];
}

export type OsrmRequest =
  | ({ service: 'route'; coordinates: LngLat[]; geometries: OsrmGeometries; overview: 'simplified' | 'full' | 'false'; steps: boolean; annotations: Set<RouteAnnotation> } & PerCoordinate)
  | ({ service: 'table'; coordinates: LngLat[]; sources: number[] | 'all'; destinations: number[] | 'all'; annotations: Set<'duration' | 'distance'> } & PerCoordinate)
  | ({ service: 'nearest'; coordinates: LngLat[]; number: number } & PerCoordinate);

const SERVICES = new Set(['route', 'table', 'nearest']);

/**
 * Parses OSRM's request grammar: /{service}/v1/{profile}/{coordinates}[.json]?{options}.
 * Coordinates are `lon,lat;lon,lat`, `polyline(...)` or `polyline6(...)`.
 */
export function parseOsrmRequest(pathAndQuery: string): OsrmRequest {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1));
  const m = /^\/([a-z_]+)\/(v\d+)\/([A-Za-z0-9_-]+)\/(.*)$/.exec(path);
  if (!m) throw new OsrmHttpError('InvalidUrl', `URL string malformed close to position ${malformedAt(path)}: "${path}"`);
  const [, service, version, , rest] = m;
  if (!SERVICES.has(service)) throw new OsrmHttpError('InvalidService', `Service ${service} not found!`);
  if (version !== 'v1') throw new OsrmHttpError('InvalidVersion', `Service ${service} not found!`);
  const prefixLength = path.length - rest.length;
  const coordinates = parseCoordinates(decodeURIComponent(rest.replace(/\.json$/, '')), prefixLength);
  const perCoordinate = parsePerCoordinate(query, coordinates.length);

  if (service === 'route') {
    if (coordinates.length < 2) throw new OsrmHttpError('InvalidOptions', 'Number of coordinates needs to be at least two.');
    const geometries = oneOf(query, 'geometries', ['polyline', 'polyline6', 'geojson'] as const, 'polyline');
    const overview = oneOf(query, 'overview', ['simplified', 'full', 'false'] as const, 'simplified');
    const steps = oneOf(query, 'steps', ['true', 'false'] as const, 'false') === 'true';
    const annotations = new Set<RouteAnnotation>();
    const raw = query.get('annotations');
    if (raw !== null && raw !== 'false') {
      const all: RouteAnnotation[] = ['duration', 'distance', 'nodes', 'speed', 'weight', 'datasources'];
      for (const a of raw === 'true' ? all : raw.split(',')) {
        if (!(all as string[]).includes(a)) throw new OsrmHttpError('InvalidOptions', `Unknown annotation '${a}'; use duration, distance, nodes, speed, weight, datasources`);
        annotations.add(a as RouteAnnotation);
      }
    }
    return { service, coordinates, geometries, overview, steps, annotations, ...perCoordinate };
  }
  if (service === 'table') {
    const annotations = new Set<'duration' | 'distance'>();
    for (const a of (query.get('annotations') ?? 'duration').split(',')) {
      if (a !== 'duration' && a !== 'distance') throw new OsrmHttpError('InvalidOptions', `Unknown annotation '${a}'; use duration, distance`);
      annotations.add(a);
    }
    return {
      service,
      coordinates,
      sources: indexList(query.get('sources'), coordinates.length, 'sources'),
      destinations: indexList(query.get('destinations'), coordinates.length, 'destinations'),
      annotations,
      ...perCoordinate,
    };
  }
  const number = Number(query.get('number') ?? '1');
  if (!Number.isInteger(number) || number < 1) throw new OsrmHttpError('InvalidOptions', 'Number of results must be a positive integer.');
  if (coordinates.length !== 1) throw new OsrmHttpError('InvalidOptions', 'Only one input coordinate is supported');
  return { service: 'nearest', coordinates, number, ...perCoordinate };
}

/**
 * approaches=curb;unrestricted;..., radiuses=50;unlimited;..., bearings=90,20;;... (one entry per
 * coordinate, empty for none), and exclude=class[,class] (the router refuses sets its profile does not list).
 */
function parsePerCoordinate(query: URLSearchParams, count: number): PerCoordinate {
  const list = (key: string): string[] | undefined => {
    const v = query.get(key);
    if (v === null) return undefined;
    const parts = v.split(';');
    if (parts.length !== count) throw new OsrmHttpError('InvalidOptions', `Number of ${key} does not match number of coordinates`);
    return parts;
  };
  const out: PerCoordinate = {};
  const approaches = list('approaches');
  if (approaches) {
    out.approaches = approaches.map((a) => {
      if (a === '') return null;
      if (a !== 'curb' && a !== 'unrestricted') throw new OsrmHttpError('InvalidValue', `Invalid approach '${a}'; use curb or unrestricted`);
      return a;
    });
  }
  const radiuses = list('radiuses');
  if (radiuses) {
    out.radiuses = radiuses.map((r) => {
      if (r === '' || r === 'unlimited') return null;
      const n = Number(r);
      if (!(n >= 0) || !/^\d+(\.\d+)?$/.test(r)) throw new OsrmHttpError('InvalidValue', `Invalid radius '${r}'`);
      return n;
    });
  }
  const bearings = list('bearings');
  if (bearings) {
    out.bearings = bearings.map((b) => {
      if (b === '') return null;
      const m = /^(\d{1,3}),(\d{1,3})$/.exec(b);
      if (!m || Number(m[1]) > 360 || Number(m[2]) > 180) throw new OsrmHttpError('InvalidValue', `Invalid bearing '${b}'; use value,range with value 0..360 and range 0..180`);
      return [Number(m[1]), Number(m[2])];
    });
  }
  const exclude = query.get('exclude');
  if (exclude !== null && exclude !== '') {
    const classes = exclude.split(',');
    // OSRM's grammar: class names of letters (and digits, as its tests send), comma-separated
    if (classes.some((c) => !/^[A-Za-z0-9_]+$/.test(c))) throw new OsrmHttpError('InvalidQuery', `Query string malformed close to position ${query.toString().indexOf('exclude=') + 8}`);
    out.exclude = classes;
  }
  return out;
}

function malformedAt(path: string): number {
  const m = /^\/[a-z_]*\/?v?\d*\/?[A-Za-z0-9_-]*\/?/.exec(path);
  return m ? m[0].length : 0;
}

function parseCoordinates(text: string, offset: number): LngLat[] {
  const encoded = /^polyline(6?)\((.+)\)$/.exec(text);
  if (encoded) {
    let decoded: number[][];
    try {
      decoded = polyline.decode(encoded[2], encoded[1] ? 6 : 5);
    } catch {
      throw new OsrmHttpError('InvalidQuery', `Query string malformed close to position ${offset}`);
    }
    return decoded.map(([lat, lon]) => checkCoordinate(lon, lat));
  }
  const result: LngLat[] = [];
  let position = offset;
  for (const part of text.split(';')) {
    const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new OsrmHttpError('InvalidQuery', `Query string malformed close to position ${position}`);
    result.push(checkCoordinate(Number(m[1]), Number(m[2])));
    position += part.length + 1;
  }
  return result;
}

function checkCoordinate(lon: number, lat: number): LngLat {
  if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) throw new OsrmHttpError('InvalidValue', 'Invalid coordinate value.');
  return [lon, lat];
}

function oneOf<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[], fallback: T): T {
  const v = query.get(key);
  if (v === null) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new OsrmHttpError('InvalidOptions', `${key} must be one of ${allowed.join(', ')}`);
}

function indexList(value: string | null, count: number, key: string): number[] | 'all' {
  if (value === null || value === 'all') return 'all';
  return value.split(';').map((s) => {
    const i = Number(s);
    if (!/^\d+$/.test(s) || i >= count) throw new OsrmHttpError('InvalidOptions', `${key} index ${s} is not a coordinate index (0..${count - 1})`);
    return i;
  });
}
