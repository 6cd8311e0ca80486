/** [longitude, latitude] in degrees: GeoJSON and OSRM order, everywhere. */
export type LngLat = readonly [lon: number, lat: number];

export interface LineString {
  type: 'LineString';
  coordinates: LngLat[];
}

export interface RouteLeg {
  durationS: number;
  distanceM: number;
}

export interface RouteResult {
  durationS: number;
  distanceM: number;
  geometry: LineString;
  legs: RouteLeg[];
  /** Where each input point was snapped, when the backend reports it. */
  waypoints?: NearestResult[];
  /** Seconds between consecutive geometry points (length = points − 1), when the backend reports it (OSRM's annotation). */
  segmentDurationsS?: number[];
}

/** Row i, column j: from sources[i] to destinations[j]; null where no route exists. */
export interface TableResult {
  durationsS: (number | null)[][];
  distancesM: (number | null)[][];
  /** Where each source and destination was snapped, when the backend reports it. */
  sources?: NearestResult[];
  destinations?: NearestResult[];
}

export interface NearestResult {
  /** The point snapped onto a drivable road segment. */
  location: LngLat;
  /** From the query point to `location`. */
  distanceM: number;
  /** Street name, '' when the road has none. */
  name: string;
}

/**
 * The travel-time oracle. Everything else in Anystop (dispatcher, simulator, pages) sees only this.
 * Errors are thrown as RoutingError with a stable code (see errors.ts).
 */
export interface Router {
  /** Registry name of the backend: 'builtin', 'osrm', 'graphhopper', ... */
  readonly name: string;
  /** Fastest route through `points` in order (at least two). */
  route(points: readonly LngLat[]): Promise<RouteResult>;
  /** Many-to-many travel times and distances. */
  table(sources: readonly LngLat[], destinations: readonly LngLat[]): Promise<TableResult>;
  /** Snap one point onto the drivable network. */
  nearest(point: LngLat): Promise<NearestResult>;
  /** Release sockets, timers and memory. */
  close(): Promise<void>;
}
