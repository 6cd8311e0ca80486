import * as polyline from '@mapbox/polyline';
import { OsrmRecordings, type RecordedRoute, type RecordedWaypoint } from '../../contract/replay/OsrmRecordings';
import { type ReplayAnswer, type ReplayRequest, ReplayServer, type ReplayServerOptions } from '../../contract/replay/ReplayServer';
import type { LngLat } from '../../Router';
import type { GraphHopperErrorBody, GraphHopperInstruction, GraphHopperPath } from '../GraphHopperResponses';

/** GraphHopper refuses points it cannot snap nearby; OSRM snaps anything. Beyond this, the replay says "Cannot find point". */
export const REPLAY_GRAPHHOPPER_MAX_SNAP_M = 1000;

export interface GraphHopperReplayOptions extends ReplayServerOptions {
  recordings?: OsrmRecordings;
  /** When set, requests without this ?key= get GraphHopper's 401. */
  key?: string;
  /** false: ignore `details` (like an older server), so legs must come from the instructions. */
  legDetails?: boolean;
}

interface RouteRequest {
  points?: unknown;
  profile?: string;
  points_encoded?: boolean;
  instructions?: boolean;
  details?: string[];
}

interface MatrixRequest {
  points?: unknown;
  from_points?: unknown;
  to_points?: unknown;
  out_arrays?: string[];
  profile?: string;
}

const INFO = { copyrights: ['GraphHopper', 'OpenStreetMap contributors'], took: 0 };

/**
 * A stand-in for the GraphHopper Directions API (POST /route, POST /matrix), answering in the documented
 * format with OSRM's recorded numbers: every body here is synthesized from the OSRM recordings, with
 * GraphHopper's units (route time in ms, matrix times in whole seconds, as in GraphHopper's examples).
 * Errors are GraphHopper's `{message, hints}` with its messages; unrecorded requests get HTTP 400.
 */
export class GraphHopperReplayServer extends ReplayServer {
  readonly recordings: OsrmRecordings;
  private readonly key: string | undefined;
  private readonly legDetails: boolean;

  constructor(options: GraphHopperReplayOptions = {}) {
    super(options);
    this.recordings = options.recordings ?? OsrmRecordings.load();
    this.key = options.key;
    this.legDetails = options.legDetails ?? true;
  }

  protected answer(req: ReplayRequest): ReplayAnswer {
    const url = new URL(req.url, 'http://replay');
    if (this.key !== undefined && url.searchParams.get('key') !== this.key) {
      return ghError(401, 'Wrong credentials. Register and get a valid API key at https://www.graphhopper.com/developers');
    }
    const body = (req.body ?? {}) as RouteRequest & MatrixRequest;
    if (req.method === 'POST' && body.profile !== undefined && body.profile !== 'car') {
      return ghError(400, `The requested profile '${body.profile}' does not exist.`);
    }
    if (req.method === 'POST' && url.pathname === '/route') return this.route(body);
    if (req.method === 'POST' && url.pathname === '/matrix') return this.matrix(body);
    return ghError(404, `Not found: ${req.method} ${url.pathname}`);
  }

  protected failure(): ReplayAnswer {
    return ghError(500, 'Internal server error');
  }

  private route(req: RouteRequest): ReplayAnswer {
    const points = asPoints(req.points);
    if (!points || points.length < 2) {
      return ghError(400, `At least 2 points have to be specified, but was:${points?.length ?? 0}`);
    }
    const rec = points.every((p) => p[0] === points[0]![0] && p[1] === points[0]![1])
      ? stayPut(points, this.recordings.nearest(points[0]!))
      : this.recordings.route(points);
    if (!rec) return unrecorded(points);
    if ('noRoute' in rec) return ghError(400, 'Connection between locations not found', 'com.graphhopper.util.exceptions.ConnectionNotFoundException');
    const far = rec.waypoints.findIndex((w) => w.distanceM > REPLAY_GRAPHHOPPER_MAX_SNAP_M);
    if (far >= 0) {
      const [lon, lat] = points[far]!;
      return ghError(400, `Cannot find point ${far}: ${lat},${lon}`, 'com.graphhopper.util.exceptions.PointNotFoundException', far);
    }
    return { status: 200, origin: 'synthesized', body: { hints: { 'visited_nodes.sum': 0, 'visited_nodes.average': 0 }, info: INFO, paths: [this.path(rec, req)] } };
  }

  // Synthesized from the recording: OSRM's line, durations (s → ms) and distances, cut into legs at the via points.
  private path(rec: RecordedRoute, req: RouteRequest): GraphHopperPath & { points: unknown; snapped_waypoints: unknown } {
    const line = rec.geometry;
    const cuts = legCuts(line, rec.waypoints);
    const ms = (s: number) => Math.round(s * 1000);
    const wants = (detail: string) => this.legDetails && (req.details ?? []).includes(detail);
    const details: GraphHopperPath['details'] = {};
    if (wants('leg_time')) details.leg_time = rec.legs.map((l, i) => [cuts[i]!, cuts[i + 1]!, ms(l.durationS)]);
    if (wants('leg_distance')) details.leg_distance = rec.legs.map((l, i) => [cuts[i]!, cuts[i + 1]!, round3(l.distanceM)]);
    const encoded = req.points_encoded ?? true;
    const lonLats = (pts: readonly LngLat[]) => pts.map(([lon, lat]) => [lon, lat]);
    const encode = (pts: readonly LngLat[]) => (encoded ? polyline.encode(pts.map(([lon, lat]) => [lat, lon]), 5) : { type: 'LineString', coordinates: lonLats(pts) });
    return {
      distance: round3(rec.distanceM),
      weight: rec.durationS,
      time: ms(rec.durationS),
      transfers: 0,
      points_encoded: encoded,
      bbox: bbox(line),
      points: encode(line),
      ...(req.instructions === false ? {} : { instructions: instructions(rec, cuts, ms) }),
      legs: [],
      details,
      ascend: 0,
      descend: 0,
      snapped_waypoints: encode(rec.waypoints.map((w) => w.location)),
    } as GraphHopperPath & { points: unknown; snapped_waypoints: unknown };
  }

  private matrix(req: MatrixRequest): ReplayAnswer {
    const from = asPoints(req.from_points ?? req.points);
    const to = asPoints(req.to_points ?? req.points);
    if (!from?.length || !to?.length) return ghError(400, 'Either point or from_point and to_point have to be specified');
    const rec = this.recordings.table(from, to);
    if (!rec) return unrecorded([...from, ...to]);
    const out = req.out_arrays ?? ['weights'];
    const whole = (m: (number | null)[][]) => m.map((row) => row.map((v) => (v === null ? null : Math.round(v))));
    // Synthesized from the recording: a sub-matrix of OSRM's table, whole seconds and metres as GraphHopper sends them.
    return {
      status: 200,
      origin: 'synthesized',
      body: {
        ...(out.includes('times') ? { times: whole(rec.durationsS) } : {}),
        ...(out.includes('distances') ? { distances: whole(rec.distancesM) } : {}),
        ...(out.includes('weights') ? { weights: rec.durationsS } : {}),
        info: INFO,
      },
    };
  }
}

/** A route from a point to itself: how the GraphHopper backend asks where a point snaps. */
function stayPut(points: LngLat[], snap: RecordedWaypoint | undefined): RecordedRoute | undefined {
  if (!snap) return undefined;
  return {
    points,
    durationS: 0,
    distanceM: 0,
    legs: points.slice(1).map(() => ({ durationS: 0, distanceM: 0 })),
    geometry: [snap.location, snap.location],
    // GraphHopper names the finish of a zero-length route '' (no edge to take a name from).
    waypoints: points.map(() => ({ ...snap, name: '' })),
    source: 'nearest recording',
  };
}

/** Index into the line where each leg starts and ends: the line point closest to each waypoint, moving forward. */
function legCuts(line: readonly LngLat[], waypoints: readonly RecordedWaypoint[]): number[] {
  const cuts = [0];
  for (const w of waypoints.slice(1, -1)) {
    let best = cuts[cuts.length - 1]!;
    for (let i = best; i < line.length; i++) if (sq(line[i]!, w.location) < sq(line[best]!, w.location)) best = i;
    cuts.push(best);
  }
  cuts.push(line.length - 1);
  return cuts;
}

function instructions(rec: RecordedRoute, cuts: number[], ms: (s: number) => number): GraphHopperInstruction[] {
  const out: GraphHopperInstruction[] = [];
  rec.legs.forEach((leg, i) => {
    out.push({ distance: round3(leg.distanceM), time: ms(leg.durationS), sign: 0, interval: [cuts[i]!, cuts[i + 1]!], text: 'Continue', street_name: '' });
    if (i < rec.legs.length - 1) {
      out.push({ distance: 0, time: 0, sign: 5, interval: [cuts[i + 1]!, cuts[i + 1]!], text: `Waypoint ${i + 1}`, street_name: '' });
    }
  });
  const last = cuts[cuts.length - 1]!;
  out.push({ distance: 0, time: 0, sign: 4, interval: [last, last], text: 'Arrive at destination', street_name: rec.waypoints[rec.waypoints.length - 1]?.name ?? '' });
  return out;
}

function asPoints(value: unknown): LngLat[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ok = value.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)));
  return ok ? value.map((p: number[]) => [p[0]!, p[1]!] as const) : undefined;
}

function ghError(status: number, message: string, details = 'java.lang.IllegalArgumentException', pointIndex?: number): ReplayAnswer {
  const hint = { message, details, ...(pointIndex === undefined ? {} : { point_index: pointIndex }) };
  const body: GraphHopperErrorBody = { message, hints: [hint] };
  return { status, body, origin: 'error' };
}

function unrecorded(points: LngLat[]): ReplayAnswer {
  return ghError(400, `No recorded answer for points ${JSON.stringify(points)} (GraphHopper replay server)`);
}

function bbox(line: readonly LngLat[]): [number, number, number, number] {
  const lons = line.map((p) => p[0]);
  const lats = line.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function sq(a: LngLat, b: LngLat): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
