import type { Intersection, LngLat, ManeuverModifier, ManeuverType, RouteStep } from '../../Router';
import { distanceM } from '../../geo';
import { CHAIN_ROUNDABOUT, type RoadNetwork } from '../graph/RoadNetwork';
import { ebBearings, ebTail, findTurn, type TurnGraph } from '../graph/turnGraph';
import { turnAngle } from '../graph/turnPenalty';

/** One edge-based node of a leg, and where its stretch lies in the leg's coordinates. */
export interface LegPiece {
  code: number;
  /** Index in the leg's coordinates where this piece starts (its junction with the previous one). */
  fromK: number;
  toK: number;
}

/** Leaving edge-based nodes per graph node, for the bearings and entries of an intersection. */
export interface NodeRoads {
  first: Int32Array;
  leaving: Int32Array;
}

export function nodeRoads(net: RoadNetwork): NodeRoads {
  const first = new Int32Array(net.nodeCount + 1);
  for (let c = 0; c < net.chainCount; c++) {
    first[net.chainFrom[c] + 1]++;
    first[net.chainTo[c] + 1]++;
  }
  for (let v = 0; v < net.nodeCount; v++) first[v + 1] += first[v];
  const fill = first.slice(0, net.nodeCount);
  const leaving = new Int32Array(first[net.nodeCount]);
  for (let c = 0; c < net.chainCount; c++) {
    leaving[fill[net.chainFrom[c]]++] = c * 2;
    leaving[fill[net.chainTo[c]]++] = c * 2 + 1;
  }
  return { first, leaving };
}

/**
 * OSRM's getTurnDirection over its guidance angle (180 straight, < 180 right): the modifier of a turn
 * whose angle is given in car.lua's convention (0 straight, + right).
 */
export function modifierOf(angle: number, isUTurn = false): ManeuverModifier {
  if (isUTurn) return 'uturn';
  const g = 180 - angle;
  if (g > 0 && g < 60) return 'sharp right';
  if (g >= 60 && g < 140) return 'right';
  if (g >= 140 && g < 160) return 'slight right';
  if (g >= 160 && g <= 200) return 'straight';
  if (g > 200 && g <= 220) return 'slight left';
  if (g > 220 && g <= 300) return 'left';
  if (g > 300 && g < 360) return 'sharp left';
  return 'uturn';
}

/** OSRM's BearingClass: intersection bearings in steps of 360/24 = 15 degrees. */
export function discreteBearing(deg: number): number {
  const step = 360 / 24;
  return (Math.floor((((deg % 360) + 360) % 360 + step / 2) / step) * step) % 360;
}

/** A left or right turn where no allowed exit goes on straight: OSRM's 'end of road' (a T-junction). */
function endOfRoad(net: RoadNetwork, turns: TurnGraph, list: Array<{ code: number }>, a: number, modifier: ManeuverModifier): boolean {
  if (list.length < 3 || (modifier !== 'left' && modifier !== 'right' && modifier !== 'sharp left' && modifier !== 'sharp right')) return false;
  const inBearing = ebBearings(net, a).in;
  return !list.some((r) => r.code !== (a ^ 1) && findTurn(turns, a, r.code) >= 0 && modifierOf(turnAngle(inBearing, ebBearings(net, r.code).out)) === 'straight');
}

function bearing(a: LngLat, b: LngLat): number {
  const r = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * r) * Math.cos(b[1] * r);
  const x = Math.cos(a[1] * r) * Math.sin(b[1] * r) - Math.sin(a[1] * r) * Math.cos(b[1] * r) * Math.cos((b[0] - a[0]) * r);
  return Math.round(((Math.atan2(y, x) / r) + 360) % 360) % 360;
}

interface Draft {
  type: ManeuverType;
  modifier?: ManeuverModifier;
  name: string;
  startK: number;
  exit?: number;
  intersections: Intersection[];
}

/**
 * Turn-by-turn steps of one leg, shaped as OSRM's: depart, a step at every maneuver (a change of
 * road name, a turn off the straight line at an intersection, a roundabout), arrive. Every
 * intersection passed (three or more roads) is listed in the step that drives through it.
 */
export function buildSteps(
  net: RoadNetwork,
  turns: TurnGraph,
  roads: NodeRoads,
  pieces: readonly LegPiece[],
  coordinates: readonly LngLat[],
  pointS: readonly number[],
): RouteStep[] {
  const nameOf = (code: number) => net.names[net.chainName[code >> 1]] ?? '';
  const roundabout = (code: number) => (net.chainFlags[code >> 1] & CHAIN_ROUNDABOUT) !== 0;
  const last = coordinates.length - 1;
  const start = coordinates[0];
  const departBearing = last > 0 ? bearing(coordinates[0], coordinates[1]) : 0;
  const drafts: Draft[] = [
    { type: 'depart', name: nameOf(pieces[0].code), startK: 0, intersections: [{ location: start, bearings: [departBearing], entry: [true], out: 0 }] },
  ];
  for (let i = 1; i < pieces.length; i++) {
    const a = pieces[i - 1].code;
    const b = pieces[i].code;
    const v = ebTail(net, b);
    const k = pieces[i].fromK;
    const location = coordinates[Math.min(k, last)];
    const list: Array<{ bearing: number; code: number }> = [];
    for (let j = roads.first[v]; j < roads.first[v + 1]; j++) list.push({ bearing: discreteBearing(ebBearings(net, roads.leaving[j]).out), code: roads.leaving[j] });
    list.sort((x, y) => x.bearing - y.bearing);
    const isUTurn = b === (a ^ 1);
    const intersection: Intersection = {
      location,
      bearings: list.map((r) => r.bearing),
      entry: list.map((r) => findTurn(turns, a, r.code) >= 0),
      in: list.findIndex((r) => r.code === (a ^ 1)),
      out: list.findIndex((r) => r.code === b),
    };
    const angle = isUTurn ? 180 : turnAngle(ebBearings(net, a).in, ebBearings(net, b).out);
    const modifier = modifierOf(angle, isUTurn);
    const current = drafts[drafts.length - 1];
    const intersectionHere = list.length >= 3;
    let step: Draft | null = null;
    if (roundabout(b) && !roundabout(a)) {
      step = { type: 'roundabout', modifier, name: nameOf(b), startK: k, exit: 0, intersections: [] };
    } else if (roundabout(a) && roundabout(b)) {
      if (intersectionHere && current.exit !== undefined) current.exit++;
    } else if (roundabout(a) && !roundabout(b)) {
      if (current.exit !== undefined) current.exit++;
      step = { type: 'exit roundabout', modifier, name: nameOf(b), startK: k, intersections: [] };
    } else if (isUTurn) {
      step = { type: 'continue', modifier: 'uturn', name: nameOf(b), startK: k, intersections: [] };
    } else if (endOfRoad(net, turns, list, a, modifier)) {
      step = { type: 'end of road', modifier, name: nameOf(b), startK: k, intersections: [] };
    } else if (nameOf(b) !== current.name || (nameOf(b) === '' && intersectionHere && modifier !== 'straight')) {
      step = { type: modifier === 'straight' ? 'new name' : 'turn', modifier, name: nameOf(b), startK: k, intersections: [] };
    } else if (intersectionHere && modifier !== 'straight' && modifier !== 'slight left' && modifier !== 'slight right') {
      step = { type: 'continue', modifier, name: nameOf(b), startK: k, intersections: [] };
    }
    if (step) {
      step.intersections.push(intersection);
      drafts.push(step);
    } else if (intersectionHere) {
      current.intersections.push(intersection);
    }
  }
  const steps: RouteStep[] = drafts.map((d, i) => {
    const endK = i + 1 < drafts.length ? drafts[i + 1].startK : last;
    const geometry = coordinates.slice(d.startK, endK + 1);
    let dist = 0;
    let dur = 0;
    for (let k = d.startK + 1; k <= endK; k++) {
      dist += distanceM(coordinates[k - 1], coordinates[k]);
      dur += pointS[k] ?? 0;
    }
    const before = d.startK > 0 ? bearing(coordinates[d.startK - 1], coordinates[d.startK]) : 0;
    const after = d.startK < last ? bearing(coordinates[d.startK], coordinates[d.startK + 1]) : 0;
    return {
      type: d.type,
      ...(d.modifier && d.type !== 'depart' ? { modifier: d.modifier } : {}),
      name: d.name,
      location: coordinates[d.startK],
      bearingBefore: before,
      bearingAfter: after,
      ...(d.exit !== undefined ? { exit: Math.max(1, d.exit) } : {}),
      distanceM: dist,
      durationS: dur,
      geometry: geometry.length > 1 ? geometry : [geometry[0], geometry[0]],
      intersections: d.intersections,
    };
  });
  const end = coordinates[last];
  const arriveBefore = last > 0 ? bearing(coordinates[last - 1], coordinates[last]) : 0;
  steps.push({
    type: 'arrive',
    name: nameOf(pieces[pieces.length - 1].code),
    location: end,
    bearingBefore: arriveBefore,
    bearingAfter: 0,
    distanceM: 0,
    durationS: 0,
    geometry: [end, end],
    intersections: [{ location: end, bearings: [(arriveBefore + 180) % 360], entry: [true], in: 0 }],
  });
  return steps;
}
