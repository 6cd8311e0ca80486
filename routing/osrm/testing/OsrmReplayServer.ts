import * as polyline from '@mapbox/polyline';
import { OsrmRecordings, parseServiceUrl, type RecordedWaypoint } from '../../contract/replay/OsrmRecordings';
import { type ReplayAnswer, type ReplayRequest, ReplayServer, type ReplayServerOptions } from '../../contract/replay/ReplayServer';
import type { LngLat } from '../../Router';

export interface OsrmReplayOptions extends ReplayServerOptions {
  recordings?: OsrmRecordings;
  /** Like osrm-routed --max-table-size: a table over sources × destinations > max² is TooBig. */
  maxTableSize?: number;
}

/**
 * A stand-in for osrm-routed that replays shared/osrm-samples. Raw exchanges are answered verbatim
 * (query parameters in any order). Other route, table and nearest requests over recorded coordinates
 * get bodies synthesized from the recorded numbers, in OSRM's format. Anything else is HTTP 400
 * InvalidQuery, so a test never silently gets an answer nobody recorded.
 */
export class OsrmReplayServer extends ReplayServer {
  readonly recordings: OsrmRecordings;
  private readonly maxTableSize: number;

  constructor(options: OsrmReplayOptions = {}) {
    super(options);
    this.recordings = options.recordings ?? OsrmRecordings.load();
    this.maxTableSize = options.maxTableSize ?? 100;
  }

  protected answer(req: ReplayRequest): ReplayAnswer {
    const recorded = this.recordings.exchange(req.url);
    if (recorded) return { status: recorded.status, body: recorded.body, origin: 'recorded' };
    const { service, points, query } = parseServiceUrl(req.url);
    if (req.method === 'GET' && points.length > 0) {
      if (service === 'route') return this.route(points, query) ?? unknown(req);
      if (service === 'table') return this.table(points, query) ?? unknown(req);
      if (service === 'nearest') return this.nearest(points, query) ?? unknown(req);
    }
    return unknown(req);
  }

  protected failure(): ReplayAnswer {
    // osrm-routed itself does not send 5xx; the proxy in front of it does, as text.
    return { status: 503, body: '503 Service Unavailable', origin: 'error' };
  }

  private route(points: LngLat[], query: URLSearchParams): ReplayAnswer | undefined {
    const rec = this.recordings.route(points);
    if (!rec) return undefined;
    if ('noRoute' in rec) return osrmError('NoRoute', 'Impossible route between points');
    const overview = query.get('overview') ?? 'simplified';
    const geometry = overview === 'false' ? undefined : encodeGeometry(rec.geometry, query.get('geometries') ?? 'polyline');
    // Synthesized from the recording: OSRM's recorded durations and distances, in the geometry format asked for.
    return {
      status: 200,
      origin: 'synthesized',
      body: {
        code: 'Ok',
        routes: [
          {
            geometry,
            legs: rec.legs.map((l) => ({ steps: [], weight: l.durationS, summary: '', duration: l.durationS, distance: l.distanceM })),
            weight_name: 'routability',
            weight: rec.durationS,
            duration: rec.durationS,
            distance: rec.distanceM,
          },
        ],
        waypoints: rec.waypoints.map(waypoint),
      },
    };
  }

  private table(points: LngLat[], query: URLSearchParams): ReplayAnswer | undefined {
    const sources = indices(query.get('sources'), points.length);
    const destinations = indices(query.get('destinations'), points.length);
    if (!sources || !destinations) return osrmError('InvalidOptions', 'Index of sources or destinations out of range');
    if (sources.length * destinations.length > this.maxTableSize ** 2) return osrmError('TooBig', 'Too many table coordinates');
    const src = sources.map((i) => points[i]!);
    const dst = destinations.map((i) => points[i]!);
    const rec = this.recordings.table(src, dst);
    if (!rec) return undefined;
    const annotations = (query.get('annotations') ?? 'duration').split(',');
    // Synthesized from the recording: a sub-matrix of the recorded city table.
    return {
      status: 200,
      origin: 'synthesized',
      body: {
        code: 'Ok',
        ...(annotations.includes('duration') ? { durations: rec.durationsS } : {}),
        ...(annotations.includes('distance') ? { distances: rec.distancesM } : {}),
        sources: src.map((p) => waypoint(this.recordings.snap(p))),
        destinations: dst.map((p) => waypoint(this.recordings.snap(p))),
      },
    };
  }

  private nearest(points: LngLat[], query: URLSearchParams): ReplayAnswer | undefined {
    const rec = points.length === 1 ? this.recordings.nearest(points[0]!) : undefined;
    if (!rec || (query.get('number') ?? '1') !== '1') return undefined;
    // Synthesized from the recording: the city file's nearest[] entry for this query point.
    return { status: 200, origin: 'synthesized', body: { code: 'Ok', waypoints: [{ nodes: [0, 0], ...waypoint(rec) }] } };
  }
}

function waypoint(w: RecordedWaypoint): { hint: string; location: number[]; name: string; distance: number } {
  return { hint: '', location: [w.location[0], w.location[1]], name: w.name, distance: w.distanceM };
}

function encodeGeometry(line: LngLat[], format: string): unknown {
  if (format === 'geojson') return { type: 'LineString', coordinates: line.map(([lon, lat]) => [lon, lat]) };
  return polyline.encode(line.map(([lon, lat]) => [lat, lon]), format === 'polyline6' ? 6 : 5);
}

/** OSRM's `sources=0;3` grammar; null when an index is out of range. */
function indices(param: string | null, count: number): number[] | null {
  if (param === null || param === 'all') return Array.from({ length: count }, (_, i) => i);
  const list = param.split(';').map(Number);
  return list.every((i) => Number.isInteger(i) && i >= 0 && i < count) ? list : null;
}

function osrmError(code: string, message: string): ReplayAnswer {
  return { status: 400, body: { code, message }, origin: 'error' };
}

function unknown(req: ReplayRequest): ReplayAnswer {
  return osrmError('InvalidQuery', `No recorded answer for ${req.method} ${req.url} (OSRM replay server)`);
}
