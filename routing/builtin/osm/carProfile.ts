/**
 * The car profile: which OSM ways a car may use, in which directions, and how fast.
 * Speeds follow OSRM's car.lua so the built-in router agrees with OSRM on the same extract
 * (see routing/README.md for the full table and what is left out).
 */

export type Tags = Readonly<Record<string, string>>;

/** km/h by highway class (OSRM car.lua). */
export const HIGHWAY_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 45,
  trunk: 85,
  trunk_link: 40,
  primary: 65,
  primary_link: 30,
  secondary: 55,
  secondary_link: 25,
  tertiary: 40,
  tertiary_link: 20,
  unclassified: 25,
  residential: 25,
  living_street: 10,
  service: 15,
  road: 25,
};

/** service=* values that slow a service road to walking pace. */
export const SLOW_SERVICE_KMH: Readonly<Record<string, number>> = {
  alley: 5,
  parking: 5,
  parking_aisle: 5,
  driveway: 5,
  'drive-through': 5,
};

/** service=* values a car must not use. */
const BLOCKED_SERVICE = new Set(['emergency_access']);

/** maxspeed is a legal limit; cars drive below it on average (OSRM: 0.8). */
export const MAXSPEED_FACTOR = 0.8;

/** Seconds lost at a node tagged highway=traffic_signals (OSRM car.lua: 2 s). */
export const TRAFFIC_SIGNAL_PENALTY_S = 2;

const DENIED_ACCESS = new Set(['no', 'private', 'agricultural', 'forestry', 'emergency', 'psv', 'customers', 'delivery', 'restricted']);
const ACCESS_KEYS = ['motor_vehicle', 'motorcar', 'vehicle', 'access'] as const;

/** Country-specific implicit limits seen in maxspeed tags (km/h). */
const IMPLICIT_MAXSPEED_KMH: Readonly<Record<string, number>> = {
  urban: 50,
  rural: 90,
  trunk: 110,
  motorway: 130,
  living_street: 10,
  walk: 5,
};

export interface WaySpeeds {
  /** km/h along the way's node order; 0 when forbidden in that direction. */
  forwardKmh: number;
  /** km/h against the node order; 0 when forbidden. */
  backwardKmh: number;
  name: string;
}

/** Parses a maxspeed value ("50", "30 mph", "FR:urban", "none") to km/h, or undefined. */
export function parseMaxspeedKmh(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh)?$/.exec(v);
  if (m) {
    const n = Number(m[1]);
    return m[2] === 'mph' ? n * 1.609344 : n;
  }
  const zone = /^[a-z]{2}:([a-z_]+)$/.exec(v);
  if (zone) return IMPLICIT_MAXSPEED_KMH[zone[1]];
  return undefined;
}

function accessDenied(tags: Tags): boolean {
  // The most specific key present decides (motor_vehicle beats vehicle beats access).
  for (const key of ACCESS_KEYS) {
    const v = tags[key];
    if (v !== undefined) return DENIED_ACCESS.has(v);
  }
  return false;
}

/** Direction rules: oneway=yes|1|true, oneway=-1 (reverse), roundabouts and motorways are one-way. */
function onewayOf(tags: Tags): 'both' | 'forward' | 'backward' {
  const oneway = tags.oneway;
  if (oneway === '-1' || oneway === 'reverse') return 'backward';
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 'forward';
  if (oneway === 'no' || oneway === '0' || oneway === 'false') return 'both';
  const junction = tags.junction;
  if (junction === 'roundabout' || junction === 'circular') return 'forward';
  if (tags.highway === 'motorway' || tags.highway === 'motorway_link') return 'forward';
  return 'both';
}

/** Speeds of a way for cars, or null when cars may not use it at all. */
export function carWaySpeeds(tags: Tags): WaySpeeds | null {
  const highway = tags.highway;
  if (highway === undefined) return null;
  let speed = HIGHWAY_SPEEDS_KMH[highway];
  if (speed === undefined) return null; // footway, path, cycleway, steps, track, pedestrian, construction, ...
  if (tags.area === 'yes') return null;
  if (accessDenied(tags)) return null;
  if (tags.impassable === 'yes' || tags.status === 'impassable') return null;
  if (highway === 'service' && tags.service !== undefined) {
    if (BLOCKED_SERVICE.has(tags.service)) return null;
    speed = SLOW_SERVICE_KMH[tags.service] ?? speed;
  }

  let forward = speed;
  let backward = speed;
  const maxFwd = parseMaxspeedKmh(tags['maxspeed:forward'] ?? tags.maxspeed);
  const maxBwd = parseMaxspeedKmh(tags['maxspeed:backward'] ?? tags.maxspeed);
  if (maxFwd !== undefined && maxFwd > 0) forward = maxFwd * MAXSPEED_FACTOR;
  if (maxBwd !== undefined && maxBwd > 0) backward = maxBwd * MAXSPEED_FACTOR;

  const oneway = onewayOf(tags);
  if (oneway === 'forward') backward = 0;
  if (oneway === 'backward') forward = 0;
  return { forwardKmh: forward, backwardKmh: backward, name: tags.name ?? tags.ref ?? '' };
}

/** Seconds a car loses passing this node. */
export function carNodePenaltyS(tags: Tags | undefined): number {
  return tags?.highway === 'traffic_signals' ? TRAFFIC_SIGNAL_PENALTY_S : 0;
}

/** Barriers a car passes (OSRM car.lua's whitelist); any other barrier blocks unless access allows cars. */
const PASSABLE_BARRIERS = new Set([
  'cattle_grid', 'border_control', 'toll_booth', 'sally_port', 'gate', 'lift_gate', 'no', 'entrance', 'height_restrictor', 'arch',
]);
const ALLOWED_ACCESS = new Set(['yes', 'motorcar', 'motor_vehicle', 'vehicle', 'permissive', 'designated', 'hov']);

/** Nodes a car cannot pass: barriers outside the whitelist, unless tagged for cars. */
export function carNodeBlocked(tags: Tags | undefined): boolean {
  const barrier = tags?.barrier;
  if (!tags || barrier === undefined || PASSABLE_BARRIERS.has(barrier)) return false;
  for (const key of ACCESS_KEYS) {
    const v = tags[key];
    if (v !== undefined) return !ALLOWED_ACCESS.has(v);
  }
  return true;
}
