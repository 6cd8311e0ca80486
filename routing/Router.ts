/** [longitude, latitude] in degrees: GeoJSON and OSRM order, everywhere. */
export type LngLat = readonly [lon: number, lat: number];

export interface LineString {
  type: 'LineString';
  coordinates: LngLat[];
}

export interface RouteLeg {
  durationS: number;
  distanceM: number;
  /** Turn-by-turn steps, when asked for (RouteOptions.steps) and the backend has them. */
  steps?: RouteStep[];
  /** What the backend minimised (OSRM's `weight`, car.lua's routability), when it reports it. */
  weightS?: number;
  /** OSM node ids along this leg (OSRM's `nodes` annotation per leg), when the backend reports them. */
  nodeIds?: number[];
}

/** OSRM's maneuver types (v5 API). */
export type ManeuverType =
  | 'depart' | 'arrive' | 'turn' | 'new name' | 'continue' | 'merge' | 'on ramp' | 'off ramp' | 'fork' | 'end of road'
  | 'roundabout' | 'rotary' | 'roundabout turn' | 'exit roundabout' | 'exit rotary' | 'notification';
export type ManeuverModifier = 'uturn' | 'sharp right' | 'right' | 'slight right' | 'straight' | 'slight left' | 'left' | 'sharp left';

export interface Intersection {
  location: LngLat;
  /** Bearings (degrees clockwise from north) of every road at the intersection, ascending. */
  bearings: number[];
  /** Whether each of those roads may be entered from the road arrived on. */
  entry: boolean[];
  /** Index of the road arrived on (absent at the departure). */
  in?: number;
  /** Index of the road left on (absent at the arrival). */
  out?: number;
}

/** One maneuver and the stretch driven after it, in OSRM's terms. */
export interface RouteStep {
  type: ManeuverType;
  modifier?: ManeuverModifier;
  /** Road name driven on after the maneuver ('' when unnamed). */
  name: string;
  location: LngLat;
  bearingBefore: number;
  bearingAfter: number;
  /** For roundabouts: the exit taken (1 = first). */
  exit?: number;
  distanceM: number;
  durationS: number;
  geometry: LngLat[];
  intersections: Intersection[];
}

/**
 * OSRM's `approaches`: 'curb' arrives at (and leaves from) a point with it on the curb side (the
 * right, where traffic keeps right), so a rider is picked up on their side of the street.
 */
export type Approach = 'curb' | 'unrestricted';

export interface RouteOptions {
  /** Build turn-by-turn steps per leg. */
  steps?: boolean;
  /** Per point; null or absent = unrestricted. */
  approaches?: ReadonlyArray<Approach | null>;
  /** Per point: the farthest (m) a point may be snapped; null = the backend's default. */
  radiuses?: ReadonlyArray<number | null>;
  /** Per point: [bearing, range] in degrees; only roads driven in that heading are snapped to. */
  bearings?: ReadonlyArray<readonly [number, number] | null>;
  /**
   * OSRM's `exclude`: classes of road the route must not use (car.lua: toll, motorway, ferry). A backend that cannot
   * honour the set refuses it (InvalidInput) rather than ignoring it.
   */
  exclude?: readonly string[];
}

export interface TableOptions {
  sourceApproaches?: ReadonlyArray<Approach | null>;
  destinationApproaches?: ReadonlyArray<Approach | null>;
  /** Per source / destination, as RouteOptions.radiuses. */
  sourceRadiuses?: ReadonlyArray<number | null>;
  destinationRadiuses?: ReadonlyArray<number | null>;
  /** Per source / destination, as RouteOptions.bearings. */
  sourceBearings?: ReadonlyArray<readonly [number, number] | null>;
  destinationBearings?: ReadonlyArray<readonly [number, number] | null>;
  /** As RouteOptions.exclude. */
  exclude?: readonly string[];
}

export interface NearestOptions {
  /** The farthest (m) the point may be snapped; absent = the backend's default. */
  radiusM?: number;
  /** [bearing, range]: only roads driven in that heading. */
  bearing?: readonly [number, number];
  /** As RouteOptions.exclude: roads of these classes are not snapped to. */
  exclude?: readonly string[];
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
  /** Routing weight between consecutive geometry points (OSRM's `weight` annotation), when the backend reports it. */
  segmentWeightsS?: number[];
  /** What the backend minimised over the whole route (OSRM's `weight`), when it reports it. */
  weightS?: number;
  /** OSM node ids along the route (OSRM's `nodes` annotation), when the backend reports them. */
  nodeIds?: number[];
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
  /** Fastest route through `points` in order (at least two). Options are optional: a backend may ignore those it lacks. */
  route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult>;
  /** Many-to-many travel times and distances. */
  table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult>;
  /** Snap one point onto the drivable network. */
  nearest(point: LngLat, options?: NearestOptions): Promise<NearestResult>;
  /** The `count` closest road points (OSRM's nearest with `number`), closest first, when the backend has it. */
  nearestMany?(point: LngLat, count: number, options?: NearestOptions): Promise<NearestResult[]>;
  /**
   * The fastest a vehicle drives anywhere on the network (m/s), when the backend knows its network (the built-in
   * router). A vehicle farther from a pickup in a straight line than the time left times this speed cannot reach it.
   */
  topSpeedMps?(): number | undefined;
  /** Release sockets, timers and memory. */
  close(): Promise<void>;
}
