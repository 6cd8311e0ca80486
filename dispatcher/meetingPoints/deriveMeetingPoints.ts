import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import type { MeetingPoint } from './MeetingPointSet';

/** One OSM way as the derivation reads it: its tags, its nodes' ids and positions (same length). */
export interface CurbWay {
  id: number;
  tags: Readonly<Record<string, string>>;
  nodeIds: readonly number[];
  coords: readonly LngLat[];
}

export interface DeriveOptions {
  /** Metres kept clear of every junction: a vehicle stopping there blocks the turn. */
  junctionClearanceM: number;
  /** Metres between points along one stretch of road. */
  spacingM: number;
}

export const DERIVE_DEFAULTS: DeriveOptions = Object.freeze({ junctionClearanceM: 30, spacingM: 120 });

/** Roads a car may stop at the curb of. Motorways, trunks, every *_link, service roads and tracks are left out. */
const STOPPABLE_HIGHWAYS: ReadonlySet<string> = new Set(['primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street']);
/** Parking tags that forbid stopping (parking:lane=* in the old scheme, parking:* in the new). */
const NO_STOPPING_KEYS = ['parking:lane:both', 'parking:lane:right', 'parking:both', 'parking:right', 'parking:condition:both', 'parking:both:restriction', 'parking:right:restriction'];
const NO_STOPPING_VALUES: ReadonlySet<string> = new Set(['no_stopping', 'no_parking', 'no']);
const NO_ACCESS: ReadonlySet<string> = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery']);

/**
 * Why a way offers no safe curb, or null when it does: not a road cars stop on (motorway, trunk, a link), a
 * roundabout, a tunnel or bridge, closed to cars, or signed no stopping. Pure.
 */
export function unsafeCurb(tags: Readonly<Record<string, string>>): string | null {
  const highway = tags.highway ?? '';
  if (!STOPPABLE_HIGHWAYS.has(highway)) return `highway=${highway || 'none'}`;
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 'roundabout';
  if ((tags.tunnel && tags.tunnel !== 'no') || (tags.bridge && tags.bridge !== 'no')) return 'tunnel or bridge';
  for (const k of ['motor_vehicle', 'motorcar', 'vehicle', 'access']) if (tags[k] && NO_ACCESS.has(tags[k])) return `${k}=${tags[k]}`;
  if (tags.area === 'yes') return 'area';
  for (const k of NO_STOPPING_KEYS) if (tags[k] && NO_STOPPING_VALUES.has(tags[k])) return `${k}=${tags[k]}`;
  return null;
}

/**
 * Safe curbs from the road network: along each stoppable way, the stretches between junctions (`junctionNodeIds`:
 * nodes where another drivable way meets it, and its ends) get points at least junctionClearanceM from either end,
 * spacingM apart, centred on the stretch. A stretch too short for the clearance gets none. Pure; ids are
 * `osm-<way>-<n>`, stable for one extract.
 */
export function deriveMeetingPoints(ways: readonly CurbWay[], junctionNodeIds: ReadonlySet<number>, options: DeriveOptions = DERIVE_DEFAULTS): MeetingPoint[] {
  const out: MeetingPoint[] = [];
  for (const way of ways) {
    if (unsafeCurb(way.tags) !== null || way.coords.length < 2) continue;
    let n = 0;
    let start = 0;
    for (let i = 1; i < way.coords.length; i++) {
      const end = i === way.coords.length - 1 || junctionNodeIds.has(way.nodeIds[i]);
      if (!end) continue;
      for (const location of pointsAlong(way.coords.slice(start, i + 1), options)) {
        out.push({ id: `osm-${way.id}-${++n}`, location, source: 'network', name: way.tags.name ?? '' });
      }
      start = i;
    }
  }
  return out;
}

/** Points on a polyline, clear of both ends and spaced apart, centred. */
function pointsAlong(line: readonly LngLat[], { junctionClearanceM: c, spacingM }: DeriveOptions): LngLat[] {
  const offsets = [0];
  for (let i = 1; i < line.length; i++) offsets.push(offsets[i - 1] + distanceM(line[i - 1], line[i]));
  const length = offsets[offsets.length - 1];
  const usable = length - 2 * c;
  if (usable < 0) return [];
  const count = Math.floor(usable / spacingM) + 1;
  const first = c + (usable - (count - 1) * spacingM) / 2;
  const found: LngLat[] = [];
  let seg = 1;
  for (let k = 0; k < count; k++) {
    const at = first + k * spacingM;
    while (seg < line.length - 1 && offsets[seg] < at) seg++;
    const a = line[seg - 1];
    const b = line[seg];
    const span = offsets[seg] - offsets[seg - 1];
    const t = span > 0 ? (at - offsets[seg - 1]) / span : 0;
    found.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
  }
  return found;
}
