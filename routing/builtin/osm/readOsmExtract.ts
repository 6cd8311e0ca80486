import { carNodeObstacle, carWaySpeeds, NODE_TAG_KEYS, type Tags, type WaySpeeds } from './carProfile';
import { carWayClasses } from './carWayClasses';
import { osmElements, type OsmElement } from './osmElements';

/** A turn restriction relation with a via node: from-way → via node → to-way (OSM ids). */
export interface TurnRestriction {
  fromWay: number;
  viaNode: number;
  toWay: number;
  /** only_*: from fromWay at viaNode, toWay is the only way on; no_*: toWay is forbidden. */
  only: boolean;
}

/**
 * A turn restriction relation whose via member is one way or several (OSRM's "way restrictions"): from-way →
 * via ways, driven end to end in this order → to-way (OSM ids).
 */
export interface WayTurnRestriction {
  fromWay: number;
  viaWays: number[];
  toWay: number;
  /** only_*: having driven from fromWay along the via ways, toWay is the only way on; no_*: toWay is forbidden. */
  only: boolean;
}

/** The drivable part of an extract, as read from the file: ways with their car speeds, and their nodes. */
export interface DrivableExtract {
  ways: DrivableWay[];
  /** OSM node id → position in nodeLon/nodeLat. Only nodes used by drivable ways. */
  nodeIndex: Map<number, number>;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** Seconds lost passing each node (traffic signals, stop, give way, gates). */
  nodePenaltyS: Float32Array;
  /** 1 where a barrier stops cars. */
  nodeBlocked: Uint8Array;
  /** Bit 1: a turning place (turning circle, mini roundabout); bit 2: stop=minor. */
  nodeFlags?: Uint8Array;
  /** Turn restrictions with a via node (car.lua `restrictions`: motorcar, motor_vehicle, vehicle). */
  restrictions?: TurnRestriction[];
  /** Turn restrictions with via ways. */
  wayRestrictions?: WayTurnRestriction[];
}

export const NODE_TURNING = 1;
export const NODE_MINOR_STOP = 2;

export interface DrivableWay extends WaySpeeds {
  id: number;
  refs: number[];
  /** carWayClasses.ts bits (toll, motorway, ferry) along the node order and against it; absent = none. */
  forwardClasses?: number;
  backwardClasses?: number;
}

/** A drivable way as read: its speeds (car.lua) and its classes (for `exclude`). */
export function drivableWay(id: number, refs: number[], speeds: WaySpeeds, tags: Tags): DrivableWay {
  const classes = carWayClasses(tags);
  return { id, refs, ...speeds, forwardClasses: classes.forward, backwardClasses: classes.backward };
}

export type ReadProgress = (phase: 'ways' | 'nodes', elements: number) => void;

/** Vehicle classes a restriction may name (car.lua `restrictions`); `except=` one of them lifts it. */
const RESTRICTION_CLASSES = ['motorcar', 'motor_vehicle', 'vehicle'];

/** OSRM's restriction_parser for a car: the restriction value that applies, or undefined. */
export function carRestrictionValue(tags: Tags): string | undefined {
  const type = tags.type;
  if (type !== 'restriction') return undefined;
  const except = tags.except;
  if (except !== undefined && except.split(';').some((e) => RESTRICTION_CLASSES.includes(e.trim()))) return undefined;
  let value: string | undefined;
  for (const c of RESTRICTION_CLASSES) value ??= tags[`restriction:${c}`];
  value ??= tags.restriction;
  if (value === undefined) return undefined;
  return value.startsWith('no_') || value.startsWith('only_') ? value : undefined;
}

/**
 * Reads an .osm.pbf in two passes: ways and restriction relations first (which nodes matter), then
 * only those nodes, so memory follows the road network, not the whole extract.
 */
export async function readOsmExtract(file: string, onProgress?: ReadProgress): Promise<DrivableExtract> {
  const ways: DrivableWay[] = [];
  const nodeIndex = new Map<number, number>();
  const restrictions: TurnRestriction[] = [];
  const wayRestrictions: WayTurnRestriction[] = [];
  let seen = 0;
  for await (const el of osmElements(file, { node: false, way: true, relation: ['type', 'restriction', 'except', ...RESTRICTION_CLASSES.map((c) => `restriction:${c}`)] })) {
    if (el.type === 'relation') {
      const r = el.tags ? restrictionOf(el) : undefined;
      if (r && 'viaWays' in r) wayRestrictions.push(r);
      else if (r) restrictions.push(r);
      continue;
    }
    if (el.type !== 'way' || !el.refs || el.refs.length < 2 || !el.tags || el.id === undefined) continue;
    if (++seen % 5000 === 0) onProgress?.('ways', seen);
    const speeds = carWaySpeeds(el.tags);
    if (!speeds || (speeds.forwardKmh <= 0 && speeds.backwardKmh <= 0)) continue;
    ways.push(drivableWay(el.id, el.refs, speeds, el.tags));
    for (const ref of el.refs) if (!nodeIndex.has(ref)) nodeIndex.set(ref, nodeIndex.size);
  }
  onProgress?.('ways', seen);

  const n = nodeIndex.size;
  const nodeLon = new Float64Array(n).fill(NaN);
  const nodeLat = new Float64Array(n).fill(NaN);
  const nodePenaltyS = new Float32Array(n);
  const nodeBlocked = new Uint8Array(n);
  const nodeFlags = new Uint8Array(n);
  seen = 0;
  for await (const el of osmElements(file, { node: NODE_TAG_KEYS, way: false, relation: false })) {
    if (el.type !== 'node' || el.id === undefined) continue;
    if (++seen % 100000 === 0) onProgress?.('nodes', seen);
    const i = nodeIndex.get(el.id);
    if (i === undefined || el.lon === undefined || el.lat === undefined) continue;
    nodeLon[i] = el.lon;
    nodeLat[i] = el.lat;
    const o = carNodeObstacle(el.tags);
    nodePenaltyS[i] = o.penaltyS;
    nodeBlocked[i] = o.blocked ? 1 : 0;
    nodeFlags[i] = (o.turning ? NODE_TURNING : 0) | (o.minorStop ? NODE_MINOR_STOP : 0);
  }
  onProgress?.('nodes', seen);
  return { ways, nodeIndex, nodeLon, nodeLat, nodePenaltyS, nodeBlocked, nodeFlags, restrictions, wayRestrictions };
}

/**
 * A restriction relation as a car obeys it: one from way and one to way, and a via node or one or more via ways
 * (in the relation's order, as OSRM reads them). Anything else (several from or to ways, mixed via members) is
 * ignored, as OSRM's restriction parser does.
 */
export function restrictionOf(el: OsmElement): TurnRestriction | WayTurnRestriction | undefined {
  const value = el.tags ? carRestrictionValue(el.tags) : undefined;
  if (value === undefined || !el.members) return undefined;
  const from = el.members.filter((m) => m.role === 'from' && m.type === 'way');
  const via = el.members.filter((m) => m.role === 'via');
  const to = el.members.filter((m) => m.role === 'to' && m.type === 'way');
  if (from.length !== 1 || to.length !== 1 || via.length === 0) return undefined;
  const only = value.startsWith('only_');
  if (via.length === 1 && via[0].type === 'node') return { fromWay: from[0].ref, viaNode: via[0].ref, toWay: to[0].ref, only };
  if (via.every((m) => m.type === 'way')) return { fromWay: from[0].ref, viaWays: via.map((m) => m.ref), toWay: to[0].ref, only };
  return undefined;
}
