import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isRoutingError, type RoutingErrorCode } from '../errors';
import type { NearestOptions, NearestResult, Router, TableOptions } from '../Router';
import { OsrmHttpError, parseOsrmRequest, type OsrmErrorCode, type OsrmRequest } from './OsrmRequest';
import { osrmNearestBody, osrmRouteBody, osrmTableBody } from './osrmResponses';

/** OSRM's default --max-table-size: more coordinates in one table request answer TooBig. */
export const DEFAULT_MAX_TABLE_SIZE = 100;
/** Longest request URL accepted (a 100-point table is about 2.5 kB). */
export const MAX_URL_LENGTH = 64 * 1024;

export interface OsrmServerOptions {
  maxTableSize?: number;
}

const ROUTING_TO_OSRM: Record<RoutingErrorCode, OsrmErrorCode> = {
  InvalidInput: 'InvalidValue',
  NoRoute: 'NoRoute',
  NoSegment: 'NoSegment',
  TooBig: 'TooBig',
  RoutingUnavailable: 'NoRoute',
};

/**
 * An HTTP server speaking OSRM's v5 API (route, table, nearest) over any Router, so OSRM clients
 * (Leaflet Routing Machine, VROOM, our pages) can use the built-in router.
 */
export function createOsrmServer(router: Router, options: OsrmServerOptions = {}): Server {
  const maxTableSize = options.maxTableSize ?? DEFAULT_MAX_TABLE_SIZE;
  return createServer((req, res) => {
    handle(router, maxTableSize, req, res).catch((err: unknown) => {
      send(res, 500, { code: 'InternalError', message: err instanceof Error ? err.message : String(err) });
    });
  });
}

async function handle(router: Router, maxTableSize: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { code: 'InvalidUrl', message: 'Only GET is supported' });
  if (url === '/health') return send(res, 200, { code: 'Ok', router: router.name });
  if (url.length > MAX_URL_LENGTH) return send(res, 414, { code: 'TooBig', message: `URL longer than ${MAX_URL_LENGTH} characters` });
  let request: OsrmRequest;
  try {
    request = parseOsrmRequest(url);
    return send(res, 200, await answer(router, maxTableSize, request));
  } catch (err) {
    if (err instanceof OsrmHttpError) return send(res, 400, { code: err.code, message: err.message });
    if (isRoutingError(err)) {
      const status = err.code === 'RoutingUnavailable' ? 503 : 400;
      return send(res, status, { code: ROUTING_TO_OSRM[err.code], message: err.message });
    }
    throw err;
  }
}

async function answer(router: Router, maxTableSize: number, request: OsrmRequest): Promise<unknown> {
  switch (request.service) {
    case 'route': {
      const route = await router.route(request.coordinates, {
        steps: request.steps,
        ...(request.approaches ? { approaches: request.approaches } : {}),
        ...(request.radiuses ? { radiuses: request.radiuses } : {}),
        ...(request.bearings ? { bearings: request.bearings } : {}),
        ...(request.exclude ? { exclude: request.exclude } : {}),
      });
      const waypoints = route.waypoints ?? (await nearestAll(router, request.coordinates));
      return osrmRouteBody(route, waypoints, { geometries: request.geometries, overview: request.overview, steps: request.steps, annotations: request.annotations });
    }
    case 'table': {
      if (request.coordinates.length > maxTableSize) throw new OsrmHttpError('TooBig', 'Too many table coordinates');
      const pick = (idx: number[] | 'all') => (idx === 'all' ? request.coordinates : idx.map((i) => request.coordinates[i]));
      const sources = pick(request.sources);
      const destinations = pick(request.destinations);
      const perPoint = <T>(list: T[] | undefined, idx: number[] | 'all'): T[] | undefined => (list ? (idx === 'all' ? list : idx.map((i) => list[i])) : undefined);
      const options: TableOptions = {};
      const sourceApproaches = perPoint(request.approaches, request.sources);
      const destinationApproaches = perPoint(request.approaches, request.destinations);
      if (sourceApproaches) options.sourceApproaches = sourceApproaches;
      if (destinationApproaches) options.destinationApproaches = destinationApproaches;
      const sourceRadiuses = perPoint(request.radiuses, request.sources);
      const destinationRadiuses = perPoint(request.radiuses, request.destinations);
      if (sourceRadiuses) options.sourceRadiuses = sourceRadiuses;
      if (destinationRadiuses) options.destinationRadiuses = destinationRadiuses;
      const sourceBearings = perPoint(request.bearings, request.sources);
      const destinationBearings = perPoint(request.bearings, request.destinations);
      if (sourceBearings) options.sourceBearings = sourceBearings;
      if (destinationBearings) options.destinationBearings = destinationBearings;
      if (request.exclude) options.exclude = request.exclude;
      const table = await router.table(sources, destinations, options);
      return osrmTableBody(
        table,
        table.sources ?? (await nearestAll(router, sources)),
        table.destinations ?? (await nearestAll(router, destinations)),
        request.annotations,
      );
    }
    case 'nearest': {
      const point = request.coordinates[0];
      const options: NearestOptions = {};
      if (request.radiuses?.[0] != null) options.radiusM = request.radiuses[0];
      if (request.bearings?.[0]) options.bearing = request.bearings[0];
      if (request.exclude) options.exclude = request.exclude;
      const found = request.number > 1 && router.nearestMany ? await router.nearestMany(point, request.number, options) : [await router.nearest(point, options)];
      const nodes = hasSegmentNodeIds(router) ? router.segmentNodeIds(point, found.length, options) : undefined;
      return osrmNearestBody(found, nodes);
    }
  }
}

/** The built-in router can name the OSM nodes of a snapped segment (OSRM's `nodes` of /nearest). */
function hasSegmentNodeIds(r: Router): r is Router & { segmentNodeIds(point: OsrmRequest['coordinates'][number], count: number, options: NearestOptions): Array<[number, number]> } {
  return typeof (r as { segmentNodeIds?: unknown }).segmentNodeIds === 'function';
}

function nearestAll(router: Router, points: OsrmRequest['coordinates']): Promise<NearestResult[]> {
  return Promise.all(points.map((p) => router.nearest(p)));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
