/**
 * The car profile: which OSM ways and nodes a car may use, in which directions, how fast (duration)
 * and how much a route should prefer them (weight). A transcription of OSRM's profiles/car.lua and
 * profiles/lib/way_handlers.lua (api_version 4); see routing/README.md for what is left out.
 */

export type Tags = Readonly<Record<string, string>>;

/** km/h by highway class (car.lua `speeds.highway`). */
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
  winter_road: 20,
  ice_road: 15,
};

/** car.lua `default_speed`: a way of another class that access tags open to cars. */
export const DEFAULT_SPEED_KMH = 10;

/** service=* values whose routing weight is doubled (car.lua `service_penalties`: rate × 0.5). */
export const SERVICE_PENALTIES: Readonly<Record<string, number>> = {
  alley: 0.5,
  parking: 0.5,
  parking_aisle: 0.5,
  driveway: 0.5,
  'drive-through': 0.5,
  'drive-thru': 0.5,
};

/** side_road=yes|rotary multiplies the rate (car.lua `side_road_multiplier`). */
export const SIDE_ROAD_MULTIPLIER = 0.8;
/** maxspeed is a legal limit; cars drive below it on average (car.lua `speed_reduction`). */
export const MAXSPEED_FACTOR = 0.8;
/** Seconds lost at highway=traffic_signals (lib/obstacles.lua). */
export const TRAFFIC_SIGNAL_PENALTY_S = 2;
/** Seconds lost at highway=stop (lib/obstacles.lua) and highway=give_way. */
export const STOP_PENALTY_S = 2;
export const GIVE_WAY_PENALTY_S = 1;
/** car.lua `barrier_penalties`: gates are passable but cost a minute. */
export const BARRIER_PENALTIES_S: Readonly<Record<string, number>> = { gate: 60, lift_gate: 60 };

const VEHICLE_WIDTH_M = 1.9;
const VEHICLE_HEIGHT_M = 2.0;
const VEHICLE_LENGTH_M = 4.8;
const VEHICLE_WEIGHT_KG = 2000;

const ACCESS_WHITELIST = new Set(['yes', 'motorcar', 'motor_vehicle', 'vehicle', 'permissive', 'designated', 'hov']);
const ACCESS_BLACKLIST = new Set([
  'no', 'agricultural', 'forestry', 'emergency', 'psv', 'taxi', 'share_taxi', 'minibus', 'bus', 'foot', 'emergency_vehicle',
  'restricted', 'military', 'official', 'customers', 'private', 'delivery', 'destination', 'permit', 'residents',
]);
/** Access values that keep a road open but penalise entering it (car.lua `restricted_access_tag_list`). */
const RESTRICTED_ACCESS = new Set(['private', 'delivery', 'destination', 'customers', 'permit', 'residents', 'unknown']);
const RESTRICTED_HIGHWAYS = new Set([
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary',
  'tertiary_link', 'residential', 'living_street', 'unclassified', 'service', 'winter_road', 'ice_road',
]);
/** car.lua `access_tags_hierarchy`: the first key present decides. */
export const ACCESS_KEYS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'] as const;
const RESTRICTION_KEYS = ['motorcar', 'motor_vehicle', 'vehicle'] as const;
const AVOID_HIGHWAYS = new Set(['steps', 'construction', 'proposed']);
const CONSTRUCTION_WHITELIST = new Set(['no', 'widening', 'minor']);
const BARRIER_WHITELIST = new Set(['cattle_grid', 'border_control', 'toll_booth', 'sally_port', 'no', 'entrance', 'height_restrictor', 'arch']);

const SURFACE_SPEEDS: Readonly<Record<string, number>> = {
  cement: 80, compacted: 80, fine_gravel: 80, paving_stones: 60, metal: 60, bricks: 60, grass: 40, wood: 40, sett: 40,
  grass_paver: 40, gravel: 40, unpaved: 40, ground: 40, dirt: 40, pebblestone: 40, tartan: 40, cobblestone: 30, clay: 30,
  earth: 20, stone: 20, rocky: 20, sand: 20, laterite: 15, mud: 10, ice: 20, snow: 30,
};
const TRACKTYPE_SPEEDS: Readonly<Record<string, number>> = { grade1: 60, grade2: 40, grade3: 30, grade4: 25, grade5: 20 };
const SMOOTHNESS_SPEEDS: Readonly<Record<string, number>> = { intermediate: 80, bad: 40, very_bad: 20, horrible: 10, very_horrible: 5, impassable: 0 };

/** car.lua `maxspeed_table_default` and the exceptions of `maxspeed_table`. */
const MAXSPEED_DEFAULT: Readonly<Record<string, number>> = { urban: 50, rural: 90, trunk: 110, motorway: 130 };
const MAXSPEED_TABLE: Readonly<Record<string, number>> = {
  'at:rural': 100, 'at:trunk': 100, 'ar:urban': 40, 'ar:rural': 110, 'be:motorway': 120, 'be-bru:rural': 70, 'be-bru:urban': 30,
  'be-vlg:rural': 70, 'bg:motorway': 140, 'by:urban': 60, 'by:motorway': 110, 'ca-on:rural': 80, 'ch:rural': 80, 'ch:trunk': 100,
  'ch:motorway': 120, 'de:living_street': 7, 'de:rural': 100, 'de:motorway': 0, 'dk:rural': 80, 'es:trunk': 90, 'fr:rural': 80,
  'gb:nsl_single': (60 * 1609) / 1000, 'gb:nsl_dual': (70 * 1609) / 1000, 'gb:motorway': (70 * 1609) / 1000, 'lv:living_street': 20,
  'nl:rural': 80, 'nl:trunk': 100, 'no:rural': 80, 'no:motorway': 110, 'ph:urban': 40, 'ph:rural': 80, 'ph:motorway': 100,
  'pl:rural': 100, 'pl:expressway': 120, 'pl:motorway': 140, 'ro:trunk': 100, 'ru:living_street': 20, 'ru:urban': 60,
  'ru:motorway': 110, 'uk:nsl_single': (60 * 1609) / 1000, 'uk:nsl_dual': (70 * 1609) / 1000, 'uk:motorway': (70 * 1609) / 1000,
  'za:urban': 60, 'za:rural': 100, none: 140,
};

export interface WaySpeeds {
  /** km/h along the way's node order (duration); 0 when forbidden in that direction. */
  forwardKmh: number;
  /** km/h against the node order; 0 when forbidden. */
  backwardKmh: number;
  /** Multiplier of the speed that gives the routing rate (≤ 1: service, width, side-road penalties). */
  forwardRate: number;
  backwardRate: number;
  /** Access only for some (destination, private, ...): entering from an open road costs car.lua's max turn weight. */
  forwardRestricted: boolean;
  backwardRestricted: boolean;
  roundabout: boolean;
  name: string;
}

/** Lua's `tonumber(s:match("%d*"))`: the leading digits, or undefined. */
function leadingNumber(s: string): number | undefined {
  const m = /^\d+/.exec(s);
  return m ? Number(m[0]) : undefined;
}

/** Measure.parse_value_meters: "2.5", "2,5 m", "6'6\"". */
function parseMeters(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /\d+\.?\d*/.exec(value.replace(/,/g, '.'));
  if (!m) return undefined;
  let n = Number(m[0]);
  const inches = /'.*/.exec(value);
  if (inches) {
    n *= 12;
    const i = /\d+/.exec(inches[0]);
    if (i) n += Number(i[0]);
    n *= 0.0254;
  }
  return n;
}

/** Measure.parse_value_kilograms: metric tons unless "kg" or "lbs". */
function parseKilograms(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /\d+\.?\d*/.exec(value.replace(/,/g, '.'));
  if (!m) return undefined;
  const n = Number(m[0]);
  if (/lbs/.test(value)) return n * 0.45359237;
  return /kg/.test(value) ? n : n * 1000;
}

/** WayHandlers.parse_maxspeed: "50", "30 mph", "FR:urban", "none" → km/h; 0 when unknown. */
export function parseMaxspeedKmh(value: string | undefined): number {
  if (!value) return 0;
  const n = leadingNumber(value);
  if (n !== undefined) return /mph|mp\/h/.test(value) ? n * 1.609 : n;
  const lower = value.toLowerCase();
  const exact = MAXSPEED_TABLE[lower];
  if (exact !== undefined) return exact;
  const zone = /[a-z][a-z]:([a-z]+)/.exec(lower);
  return (zone && MAXSPEED_DEFAULT[zone[1]]) || 0;
}

/** Tags.get_forward_backward_by_set. */
function forwardBackward(tags: Tags, keys: readonly string[]): [string | undefined, string | undefined] {
  let forward: string | undefined;
  let backward: string | undefined;
  for (const key of keys) {
    forward ??= tags[`${key}:forward`];
    backward ??= tags[`${key}:backward`];
    if (forward === undefined || backward === undefined) {
      const common = tags[key];
      forward ??= common;
      backward ??= common;
    }
    if (forward !== undefined && backward !== undefined) break;
  }
  return [forward, backward];
}

function accessRank(v: string): number {
  if (ACCESS_WHITELIST.has(v)) return 3;
  if (RESTRICTED_ACCESS.has(v)) return 2;
  if (ACCESS_BLACKLIST.has(v)) return 1;
  return 0;
}

/** Access.resolve_access: of "a;b" the most permissive part. */
function resolveAccess(v: string | undefined): string | undefined {
  if (v === undefined || !v.includes(';')) return v;
  let best: string | undefined;
  let rank = -1;
  for (const part of v.split(';')) {
    const t = part.trim();
    if (accessRank(t) > rank) {
      best = t;
      rank = accessRank(t);
    }
  }
  return best ?? v;
}

function blocked(tags: Tags, highway: string | undefined): boolean {
  if (tags.area === 'yes') return true;
  if (highway !== undefined && AVOID_HIGHWAYS.has(highway)) return true;
  if (tags.railway === 'construction') return true;
  if (tags.construction !== undefined && !CONSTRUCTION_WHITELIST.has(tags.construction)) return true;
  if (tags.oneway === 'reversible') return true;
  if (tags.impassable === 'yes' || tags.status === 'impassable') return true;
  const height = parseMeters(tags.maxheight);
  if (height !== undefined && height > 0 && height < VEHICLE_HEIGHT_M) return true;
  const length = parseMeters(tags.maxlength);
  if (length !== undefined && length > 0 && length < VEHICLE_LENGTH_M) return true;
  const weightKg = parseKilograms(tags.maxweight);
  if (weightKg !== undefined && weightKg > 0 && weightKg < VEHICLE_WEIGHT_KG) return true;
  return false;
}

/** Speeds, rates and restrictions of a way for cars, or null when cars may not use it at all. */
export function carWaySpeeds(tags: Tags): WaySpeeds | null {
  const highway = tags.highway;
  if (highway === undefined || highway === '') return null; // ferries (route=*) are not modelled
  if (blocked(tags, highway)) return null;

  let fwdOk = true;
  let bwdOk = true;
  // handle_width
  const [wf, wb] = forwardBackward(tags, ['maxwidth:physical', 'maxwidth', 'width', 'est_width']);
  const fw = wf === 'narrow' ? undefined : parseMeters(wf);
  const bw = wb === 'narrow' ? undefined : parseMeters(wb);
  if (fw !== undefined && fw <= VEHICLE_WIDTH_M) fwdOk = false;
  if (bw !== undefined && bw <= VEHICLE_WIDTH_M) bwdOk = false;

  // access
  const [fa0, ba0] = forwardBackward(tags, ACCESS_KEYS);
  const fa = resolveAccess(fa0);
  const ba = resolveAccess(ba0);
  const restrictable = RESTRICTED_HIGHWAYS.has(highway);
  const forwardRestricted = restrictable && fa !== undefined && RESTRICTED_ACCESS.has(fa);
  const backwardRestricted = restrictable && ba !== undefined && RESTRICTED_ACCESS.has(ba);
  if (fa !== undefined && ACCESS_BLACKLIST.has(fa) && !forwardRestricted) fwdOk = false;
  if (ba !== undefined && ACCESS_BLACKLIST.has(ba) && !backwardRestricted) bwdOk = false;
  if (!fwdOk && !bwdOk) return null;

  // oneway
  let oneway: string | undefined;
  for (const k of RESTRICTION_KEYS) oneway ??= tags[`oneway:${k}`];
  oneway ??= tags.oneway;
  const junction = tags.junction;
  const roundabout = junction === 'roundabout' || junction === 'circular';
  if (oneway === '-1') fwdOk = false;
  else if (oneway === 'yes' || oneway === '1' || oneway === 'true') bwdOk = false;
  else if ((highway === 'motorway' || roundabout) && oneway !== 'no') bwdOk = false;

  if (tags.service === 'emergency_access') return null;

  // speed
  let forward = HIGHWAY_SPEEDS_KMH[highway];
  let backward = forward;
  if (forward === undefined) {
    const open = (a: string | undefined) => a !== undefined && (ACCESS_WHITELIST.has(a) || !ACCESS_BLACKLIST.has(a));
    forward = open(fa) ? DEFAULT_SPEED_KMH : 0;
    backward = open(ba) ? DEFAULT_SPEED_KMH : 0;
    if (forward === 0 && backward === 0) return null;
  }
  // maxspeed (replaces the class speed)
  const [mf, mb] = forwardBackward(tags, ['maxspeed:advisory', 'maxspeed', 'source:maxspeed', 'maxspeed:type']);
  const maxF = parseMaxspeedKmh(mf);
  const maxB = parseMaxspeedKmh(mb);
  if (maxF > 0) forward = maxF * MAXSPEED_FACTOR;
  if (maxB > 0) backward = maxB * MAXSPEED_FACTOR;
  // surface, tracktype, smoothness cap the speed
  for (const [key, table] of [['surface', SURFACE_SPEEDS], ['tracktype', TRACKTYPE_SPEEDS], ['smoothness', SMOOTHNESS_SPEEDS]] as const) {
    const cap = tags[key] !== undefined ? table[tags[key]] : undefined;
    if (cap !== undefined) {
      forward = Math.min(forward, cap);
      backward = Math.min(backward, cap);
    }
  }
  if (!fwdOk) forward = 0;
  if (!bwdOk) backward = 0;
  if (forward <= 0 && backward <= 0) return null;

  // penalties → rates (WayHandlers.penalties)
  const bidirectional = forward > 0 && backward > 0;
  const service = tags.service !== undefined ? (SERVICE_PENALTIES[tags.service] ?? 1) : 1;
  let width = 1;
  if (tags.lane_markings === 'no' && bidirectional) width = 0.75;
  const widthM = parseMeters(tags.width);
  if (widthM !== undefined && bidirectional) {
    if (widthM <= 3) width = 0.5;
    else if (widthM < 4) width = 0.6;
    else if (widthM < 5) width = 0.75;
    else if (widthM < 6) width = 0.8;
  }
  const lanes = tags.lanes !== undefined ? leadingNumber(tags.lanes) : undefined;
  if (lanes !== undefined && lanes <= 1 && bidirectional) width = 0.5;
  const alternating = tags.oneway === 'alternating' ? 0.4 : 1;
  const sideRoad = tags.side_road === 'yes' || tags.side_road === 'rotary' ? SIDE_ROAD_MULTIPLIER : 1;
  const priorityF = tags.priority === 'backward' ? 0.7 : 1;
  const priorityB = tags.priority === 'forward' ? 0.7 : 1;
  const common = Math.min(service, width, alternating, sideRoad);
  return {
    forwardKmh: forward,
    backwardKmh: backward,
    forwardRate: Math.min(common, priorityF),
    backwardRate: Math.min(common, priorityB),
    forwardRestricted,
    backwardRestricted,
    roundabout,
    name: tags.name ?? tags.ref ?? '',
  };
}

/** What a node does to a car passing it (car.lua process_node and lib/obstacles.lua). */
export interface NodeObstacle {
  /** A barrier: no route passes through it (U-turns before it are allowed). */
  blocked: boolean;
  /** Seconds lost passing it: traffic signals, stop, give way, gates. */
  penaltyS: number;
  /** highway=turning_circle|turning_loop|mini_roundabout: a place to turn around. */
  turning: boolean;
  /** stop=minor: only roads entering by the minor road pay the stop. */
  minorStop: boolean;
}

const NONE: NodeObstacle = { blocked: false, penaltyS: 0, turning: false, minorStop: false };

export function carNodeObstacle(tags: Tags | undefined): NodeObstacle {
  if (!tags) return NONE;
  let blockedNode = false;
  let penaltyS = 0;
  let accessValue: string | undefined;
  for (const key of ACCESS_KEYS) if (accessValue === undefined) accessValue = tags[key];
  const access = resolveAccess(accessValue);
  if (access !== undefined) {
    blockedNode = ACCESS_BLACKLIST.has(access) && !RESTRICTED_ACCESS.has(access);
  } else if (tags.barrier !== undefined) {
    const barrier = tags.barrier;
    const height = barrier === 'height_restrictor' ? parseMeters(tags.maxheight) : undefined;
    const byHeight = height !== undefined && height < VEHICLE_HEIGHT_M;
    const rising = tags.bollard === 'rising';
    const flatKerb = tags.kerb === 'lowered' || tags.kerb === 'flush';
    const crossingKerb = barrier === 'kerb' && tags.highway === 'crossing';
    const audible = barrier === 'fence' && (tags.sensory === 'audible' || tags.sensory === 'audio');
    const gate = BARRIER_PENALTIES_S[barrier];
    if ((!BARRIER_WHITELIST.has(barrier) && !rising && !flatKerb && !crossingKerb && !audible && gate === undefined) || byHeight) blockedNode = true;
    if (gate !== undefined) penaltyS += gate;
  }
  const highway = tags.highway;
  let minorStop = false;
  if (highway === 'traffic_signals') penaltyS += TRAFFIC_SIGNAL_PENALTY_S;
  else if (highway === 'stop') {
    penaltyS += STOP_PENALTY_S;
    minorStop = tags.stop === 'minor';
  } else if (highway === 'give_way') penaltyS += GIVE_WAY_PENALTY_S;
  const turning = highway === 'turning_circle' || highway === 'turning_loop' || highway === 'mini_roundabout';
  if (!blockedNode && penaltyS === 0 && !turning) return NONE;
  return { blocked: blockedNode, penaltyS, turning, minorStop };
}

/** Seconds a car loses passing this node. */
export function carNodePenaltyS(tags: Tags | undefined): number {
  return carNodeObstacle(tags).penaltyS;
}

/** Nodes a car cannot pass through. */
export function carNodeBlocked(tags: Tags | undefined): boolean {
  return carNodeObstacle(tags).blocked;
}

/** Node tags the car profile reads; other node tags are dropped while parsing. */
export const NODE_TAG_KEYS = ['highway', 'barrier', 'access', 'motor_vehicle', 'motorcar', 'vehicle', 'stop', 'bollard', 'kerb', 'sensory', 'maxheight'];
