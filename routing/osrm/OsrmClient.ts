import { RoutingError } from '../errors';
import type { HttpTransport } from '../http/HttpTransport';
import type { LngLat } from '../Router';
import { osrmError } from './osrmError';
import {
  hasNearestShape,
  hasRouteShape,
  hasTableShape,
  isOsrmErrorBody,
  type OsrmNearestBody,
  type OsrmRouteBody,
  type OsrmTableBody,
} from './OsrmResponses';

/** Geometry encodings Anystop asks for: GeoJSON (plain) or polyline6 (about a fifth of the bytes). */
export type OsrmGeometries = 'geojson' | 'polyline6';

export interface OsrmTableRequest {
  coordinates: readonly LngLat[];
  /** Indices into `coordinates`; omitted means all of them, as in OSRM. */
  sources?: readonly number[];
  destinations?: readonly number[];
  /** Per coordinate: 'curb' or unrestricted (null); omitted means unrestricted everywhere. */
  approaches?: ReadonlyArray<'curb' | 'unrestricted' | null>;
  /** OSRM's exclude classes (the server refuses a set its profile does not list). */
  exclude?: readonly string[];
}

/**
 * A typed client for the OSRM v5 HTTP API (route, table, nearest), one method per service. It builds
 * the URL grammar of docs/http.md and turns every non-Ok answer into a RoutingError; the transport
 * takes care of timeouts and retries.
 */
export class OsrmClient {
  constructor(
    private readonly transport: HttpTransport,
    /** The profile segment of the URL; osrm-routed ignores it, but hosted setups route by it. */
    private readonly profile = 'driving',
  ) {}

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  async route(points: readonly LngLat[], geometries: OsrmGeometries, approaches?: ReadonlyArray<'curb' | 'unrestricted' | null>, exclude?: readonly string[]): Promise<OsrmRouteBody> {
    const extra = (approaches ? `&approaches=${approaches.map((a) => a ?? '').join(';')}` : '') + excludeQuery(exclude, '&');
    // steps=false is OSRM's default, spelt out so the request reads the same as the recorded one.
    const body = await this.request(`/route/v1/${this.profile}/${formatCoordinates(points)}?overview=full&geometries=${geometries}&steps=false${extra}`);
    if (!hasRouteShape(body)) throw this.unusable('route', body);
    return body;
  }

  async table(req: OsrmTableRequest): Promise<OsrmTableBody> {
    const query: string[] = [];
    if (req.sources) query.push(`sources=${req.sources.join(';')}`);
    if (req.destinations) query.push(`destinations=${req.destinations.join(';')}`);
    if (req.approaches) query.push(`approaches=${req.approaches.map((a) => a ?? '').join(';')}`);
    query.push('annotations=duration,distance');
    if (req.exclude?.length) query.push(excludeQuery(req.exclude, ''));
    const body = await this.request(`/table/v1/${this.profile}/${formatCoordinates(req.coordinates)}?${query.join('&')}`);
    if (!hasTableShape(body)) throw this.unusable('table', body);
    return body;
  }

  async nearest(point: LngLat, exclude?: readonly string[]): Promise<OsrmNearestBody> {
    const body = await this.request(`/nearest/v1/${this.profile}/${formatCoordinates([point])}?number=1${excludeQuery(exclude, '&')}`);
    if (!hasNearestShape(body)) throw this.unusable('nearest', body);
    return body;
  }

  /** One GET; resolves with the body of an Ok answer, rejects with the mapped OSRM error otherwise. */
  async request(pathAndQuery: string): Promise<unknown> {
    const { status, body } = await this.transport.getJson(pathAndQuery);
    if (isOsrmErrorBody(body) && body.code === 'Ok' && status === 200) return body;
    if (isOsrmErrorBody(body)) throw osrmError(body, status, this.baseUrl);
    throw new RoutingError('RoutingUnavailable', `OSRM at ${this.baseUrl} answered HTTP ${status} without an OSRM code; is ROUTER_URL an OSRM v5 server?`, {
      cause: { status, body },
    });
  }

  private unusable(service: string, body: unknown): RoutingError {
    return new RoutingError('RoutingUnavailable', `OSRM at ${this.baseUrl} answered ${service} with Ok but without the expected fields`, {
      cause: body,
    });
  }
}

function excludeQuery(exclude: readonly string[] | undefined, prefix: string): string {
  return exclude && exclude.length > 0 ? `${prefix}exclude=${exclude.map(encodeURIComponent).join(',')}` : '';
}

/** `lon,lat;lon,lat` with at most 6 decimals (OSRM's own precision) and never in exponent notation. */
export function formatCoordinates(points: readonly LngLat[]): string {
  return points.map(([lon, lat]) => `${formatNumber(lon)},${formatNumber(lat)}`).join(';');
}

function formatNumber(n: number): string {
  const s = n.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
