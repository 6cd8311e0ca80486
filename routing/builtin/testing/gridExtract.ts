import { carNodeObstacle, carWaySpeeds, type Tags } from '../osm/carProfile';
import { drivableWay, NODE_MINOR_STOP, NODE_TURNING, type DrivableExtract, type TurnRestriction, type WayTurnRestriction } from '../osm/readOsmExtract';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { contractNetwork } from '../prepare';
import type { PreparedRouter } from '../storage';
import type { LngLat } from '../../Router';

/** Metres between neighbouring characters of a grid map (both axes). */
export const GRID_SPACING_M = 100;
const ORIGIN: LngLat = [127.1, 37.5];
const M_PER_DEG_LAT = 111_195;

/**
 * A tiny road network drawn as an OSRM-style node map: each letter is a node, one character
 * is GRID_SPACING_M metres. Ways list the letters they pass, with their OSM tags:
 *
 *   const grid = gridNetwork(`
 *     a b c
 *     d e f
 *   `, [['abc', { highway: 'residential' }], ['be', { highway: 'service', oneway: 'yes' }]]);
 */
export function gridNetwork(
  map: string,
  ways: Array<[string, Tags]>,
  nodeTags: Record<string, Tags> = {},
  /** Turn restrictions as [from way index, via letter, to way index, only]. */
  restrictions: Array<[number, string, number, boolean]> = [],
  /** Turn restrictions with via ways as [from way index, via way indexes in driving order, to way index, only]. */
  wayRestrictions: Array<[number, number[], number, boolean]> = [],
) {
  const rows = map.split('\n').filter((l) => l.trim().length > 0);
  const indent = Math.min(...rows.map((r) => r.length - r.trimStart().length));
  const position = new Map<string, LngLat>();
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);
  rows.forEach((row, y) => {
    [...row.slice(indent)].forEach((ch, x) => {
      if (/[a-z]/.test(ch)) {
        position.set(ch, [ORIGIN[0] + (x * GRID_SPACING_M) / mPerDegLon, ORIGIN[1] - (y * GRID_SPACING_M) / M_PER_DEG_LAT]);
      }
    });
  });
  const letters = [...position.keys()];
  const idOf = (ch: string) => letters.indexOf(ch) + 1;
  const extract: DrivableExtract = {
    ways: [],
    nodeIndex: new Map(letters.map((ch, i) => [idOf(ch), i])),
    nodeLon: Float64Array.from(letters.map((ch) => position.get(ch)![0])),
    nodeLat: Float64Array.from(letters.map((ch) => position.get(ch)![1])),
    nodePenaltyS: Float32Array.from(letters.map((ch) => carNodeObstacle(nodeTags[ch]).penaltyS)),
    nodeBlocked: Uint8Array.from(letters.map((ch) => (carNodeObstacle(nodeTags[ch]).blocked ? 1 : 0))),
    nodeFlags: Uint8Array.from(letters.map((ch) => {
      const o = carNodeObstacle(nodeTags[ch]);
      return (o.turning ? NODE_TURNING : 0) | (o.minorStop ? NODE_MINOR_STOP : 0);
    })),
    restrictions: restrictions.map(([from, via, to, only]): TurnRestriction => ({ fromWay: from + 1, viaNode: idOf(via), toWay: to + 1, only })),
    wayRestrictions: wayRestrictions.map(([from, via, to, only]): WayTurnRestriction => ({ fromWay: from + 1, viaWays: via.map((v) => v + 1), toWay: to + 1, only })),
  };
  ways.forEach(([path, tags], i) => {
    const speeds = carWaySpeeds(tags);
    if (!speeds) return;
    for (const ch of path) if (!position.has(ch)) throw new Error(`way ${path} names node '${ch}' that is not on the map`);
    extract.ways.push(drivableWay(i + 1, [...path].map(idOf), speeds, tags));
  });
  return {
    extract,
    /** The position of a letter. */
    at: (ch: string): LngLat => {
      const p = position.get(ch);
      if (!p) throw new Error(`no node '${ch}' on the map`);
      return p;
    },
    /** A point between two letters, `t` of the way from a to b. */
    between: (a: string, b: string, t = 0.5): LngLat => {
      const pa = position.get(a)!;
      const pb = position.get(b)!;
      return [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])];
    },
    /** Road network, turns and contraction hierarchy, ready for BuiltinRouter. */
    prepare: (): PreparedRouter => contractNetwork(buildRoadNetwork(extract)),
  };
}
