import type OSRM from 'osrm';

/**
 * OSRM v5 HTTP bodies, from @types/osrm where its types match the wire. They are narrowed where they
 * do not: table cells are null when no route exists, and geometry is GeoJSON or an encoded polyline.
 */
export type OsrmWaypoint = OSRM.Waypoint;

export interface OsrmRouteLeg {
  duration: number;
  distance: number;
}

export interface OsrmRoute extends Pick<OSRM.Route, 'duration' | 'distance' | 'weight'> {
  /** GeoJSON with geometries=geojson, an encoded string with polyline / polyline6, absent with overview=false. */
  geometry?: OSRM.LineString | string;
  legs: OsrmRouteLeg[];
}

export interface OsrmRouteBody {
  code: 'Ok';
  routes: OsrmRoute[];
  waypoints: OsrmWaypoint[];
}

export interface OsrmTableBody {
  code: 'Ok';
  durations: (number | null)[][];
  distances?: (number | null)[][];
  sources: OsrmWaypoint[];
  destinations: OsrmWaypoint[];
}

export interface OsrmNearestBody {
  code: 'Ok';
  waypoints: OsrmWaypoint[];
}

/** Every non-Ok answer: `{"code":"NoRoute","message":"Impossible route between points"}`. */
export interface OsrmErrorBody {
  code: string;
  message?: string;
}

export function isOsrmErrorBody(body: unknown): body is OsrmErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

/** Checks the parts of an Ok body the router reads, so a wrong server fails loudly, not with NaN. */
export function hasRouteShape(body: unknown): body is OsrmRouteBody {
  const b = body as Partial<OsrmRouteBody>;
  return Array.isArray(b.routes) && b.routes.length > 0 && Array.isArray(b.waypoints) &&
    b.routes.every((r) => typeof r.duration === 'number' && typeof r.distance === 'number' && Array.isArray(r.legs));
}

export function hasTableShape(body: unknown): body is OsrmTableBody {
  const b = body as Partial<OsrmTableBody>;
  return Array.isArray(b.durations) && Array.isArray(b.sources) && Array.isArray(b.destinations);
}

export function hasNearestShape(body: unknown): body is OsrmNearestBody {
  const b = body as Partial<OsrmNearestBody>;
  return Array.isArray(b.waypoints) && b.waypoints.length > 0 && Array.isArray(b.waypoints[0]?.location);
}
