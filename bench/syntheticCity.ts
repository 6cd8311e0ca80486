import { Random } from '../dispatcher/optimizer/Random';
import type { LngLat } from '../routing/Router';
import type { Tags } from '../routing/builtin/osm/carProfile';
import { SyntheticWays } from './SyntheticWays';
import type { DrivableExtract, TurnRestriction } from '../routing/builtin/osm/readOsmExtract';
import { syntheticGrid } from './syntheticGrid';

export interface SyntheticCity {
  extract: DrivableExtract;
  /** Road nodes (OSM-node equivalents: junctions, dead ends and shape points). */
  nodes: number;
  bbox: [number, number, number, number];
  /** Random points on the streets, for queries. */
  samplePoints(count: number, rng: Random): LngLat[];
  /** The highway tag of each way, by way id (for bench/streetPattern.ts). */
  highwayOf(wayId: number): string;
}

/** `city`: the street pattern measured on the real extracts (the default); `grid`: every node a four-way junction. */
export type SyntheticLayout = 'city' | 'grid';

const ORIGIN: LngLat = [127.0, 37.4];
const M_PER_DEG_LAT = 111_195;
/** Lattice of junctions: along the streets (x) and between them (y), metres. */
const SPACING_X_M = 70;
const SPACING_Y_M = 110;
/** Every fourth column is a through street (4-way junctions); the others' connectors are staggered (T junctions). */
const THROUGH_COLUMN_EVERY = 4;
const STUB_SHARE = 0.35;
const GAP_SHARE = 0.05;
/** Road nodes per lattice point, about (junction, shape points, stubs): sizes the lattice for a target count. */
const NODES_PER_POINT = 6.05;

/**
 * A seeded synthetic city for growth curves, shaped after the real extracts in ../shared/data/osm (measured in
 * docs/benchmarks.md: 74–88 % of road nodes are shape points of degree 2; junctions are mostly T's, 5–23 % four-way
 * and 12–27 % dead ends; junction-to-junction segments of about 66 m median; a third of the length residential, a
 * third one-way). Streets run along x every 110 m; between two of them, connectors 70 m apart are staggered like
 * bricks so that each junction is a T, except on the through columns (every fourth: tertiary, secondary every 8th,
 * primary every 16th, trunk every 32nd) which cross as 4-way junctions. Rows: trunk every 16th, primary every 8th, secondary every 4th, tertiary every
 * other, residential between (one-way, alternating directions); a third of the connectors one-way; a few left out;
 * a service dead end off a third of the residential blocks. Every segment has 1–5 shape points. Signals at the
 * crossings of arterials (secondary and up) and a no-left-turn restriction at every fifth of them.
 * With `layout: 'grid'` it is the first synthetic city, a grid of four-way junctions (syntheticGrid.ts).
 * It is handed to the same pipeline as an OSM extract (buildRoadNetwork, turns, contraction).
 */
export function syntheticCity(targetNodes: number, seed = 42, layout: SyntheticLayout = 'city'): SyntheticCity {
  if (layout === 'grid') return syntheticGrid(targetNodes, seed);
  const rng = new Random(seed);
  const points = Math.max(16, targetNodes / NODES_PER_POINT);
  const cols = Math.max(4, Math.round(Math.sqrt((points * SPACING_Y_M) / SPACING_X_M)));
  const rows = Math.max(4, Math.round(points / cols));
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);
  const lon: number[] = [];
  const lat: number[] = [];
  const penalty: number[] = [];
  const addNode = (xM: number, yM: number): number => {
    lon.push(ORIGIN[0] + xM / mPerDegLon);
    lat.push(ORIGIN[1] + yM / M_PER_DEG_LAT);
    penalty.push(0);
    return lon.length - 1;
  };
  const px = new Float64Array(cols * rows);
  const py = new Float64Array(cols * rows);
  const at = (c: number, r: number) => r * cols + c;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      px[at(c, r)] = c * SPACING_X_M + (rng.next() - 0.5) * 0.3 * SPACING_X_M;
      py[at(c, r)] = r * SPACING_Y_M + (rng.next() - 0.5) * 0.3 * SPACING_Y_M;
      addNode(px[at(c, r)], py[at(c, r)]);
    }
  }
  /** Shape points between two lattice points (1–5, a little off the straight line); returns their node ids. */
  const shape = (a: number, b: number): number[] => {
    const k = 1 + Math.floor(rng.next() * 5);
    const dx = px[b] - px[a];
    const dy = py[b] - py[a];
    const len = Math.hypot(dx, dy) || 1;
    const out: number[] = [];
    for (let i = 1; i <= k; i++) {
      const t = i / (k + 1);
      const off = (rng.next() - 0.5) * 8;
      out.push(addNode(px[a] + t * dx - (off * dy) / len, py[a] + t * dy + (off * dx) / len));
    }
    return out;
  };
  const rowClass = (r: number) => (r % 16 === 0 ? 'trunk' : r % 8 === 0 ? 'primary' : r % 4 === 0 ? 'secondary' : r % 2 === 0 ? 'tertiary' : 'residential');
  const colClass = (c: number) => (c % 32 === 0 ? 'trunk' : c % 16 === 0 ? 'primary' : c % 8 === 0 ? 'secondary' : 'tertiary');
  const through = (c: number) => c % THROUGH_COLUMN_EVERY === 0;
  const arterialRow = (r: number) => r % 4 === 0;
  const syntheticWays = new SyntheticWays();
  const { ways } = syntheticWays;
  const restrictions: TurnRestriction[] = [];
  const addWay = (refs: number[], tags: Tags): number => syntheticWays.add(refs, tags);
  const tagsOf = (cls: string, name: string): Record<string, string> => {
    const tags: Record<string, string> = { highway: cls, name };
    if (cls === 'trunk') tags.maxspeed = '80';
    if (cls === 'primary') tags.maxspeed = '60';
    if (cls === 'secondary') tags.maxspeed = '50';
    return tags;
  };
  /** Per crossing of a through column and an arterial row: the ways that end there (for restrictions). */
  const rowWayBefore = new Int32Array(cols * rows).fill(-1);
  const colWayBefore = new Int32Array(cols * rows).fill(-1);
  const stubs: number[][] = [];
  // Rows: split at through columns on arterial rows (so a restriction can name the ways), and at left-out blocks.
  for (let r = 0; r < rows; r++) {
    const cls = rowClass(r);
    const tags = tagsOf(cls, `${cls === 'residential' ? 'Street' : 'Avenue'} ${r}`);
    if (cls === 'residential') tags.oneway = r % 4 === 1 ? 'yes' : '-1';
    let run: number[] = [at(0, r)];
    for (let c = 0; c + 1 < cols; c++) {
      const a = at(c, r);
      const b = at(c + 1, r);
      if (cls === 'residential' && rng.next() < GAP_SHARE) {
        addWay(run, tags);
        run = [b];
        continue;
      }
      const mid = shape(a, b);
      if (cls === 'residential' && rng.next() < STUB_SHARE) stubs.push([mid[Math.floor(rng.next() * mid.length)], a, b]);
      run.push(...mid, b);
      if (arterialRow(r) && through(c + 1)) {
        rowWayBefore[b] = addWay(run, tags);
        run = [b];
      }
    }
    addWay(run, tags);
  }
  // Through columns (split at arterial rows) and staggered connectors.
  for (let c = 0; c < cols; c++) {
    if (through(c)) {
      const cls = colClass(c);
      const tags = tagsOf(cls, `Avenue ${c}`);
      let run: number[] = [at(c, 0)];
      for (let r = 0; r + 1 < rows; r++) {
        const b = at(c, r + 1);
        run.push(...shape(at(c, r), b), b);
        if (arterialRow(r + 1)) {
          colWayBefore[b] = addWay(run, tags);
          run = [b];
        }
      }
      addWay(run, tags);
      continue;
    }
    for (let r = (c + 1) % 2; r + 1 < rows; r += 2) {
      if (rng.next() < GAP_SHARE) continue;
      const a = at(c, r);
      const b = at(c, r + 1);
      const tags = tagsOf('residential', `Lane ${c}-${r}`);
      const u = rng.next();
      if (u < 1 / 6) tags.oneway = 'yes';
      else if (u < 1 / 3) tags.oneway = '-1';
      addWay([a, ...shape(a, b), b], tags);
    }
  }
  // Service dead ends off residential blocks, perpendicular, 40–100 m with one shape point.
  for (const [from, a, b] of stubs) {
    const dx = px[b] - px[a];
    const dy = py[b] - py[a];
    const len = Math.hypot(dx, dy) || 1;
    const side = rng.next() < 0.5 ? -1 : 1;
    const l = 40 + rng.next() * 60;
    const x0 = ORIGIN[0];
    const fx = (lon[from] - x0) * mPerDegLon;
    const fy = (lat[from] - ORIGIN[1]) * M_PER_DEG_LAT;
    const nx = (-dy / len) * side;
    const ny = (dx / len) * side;
    const m = addNode(fx + nx * l * 0.5 + (rng.next() - 0.5) * 6, fy + ny * l * 0.5);
    const e = addNode(fx + nx * l, fy + ny * l);
    addWay([from, m, e], { highway: 'service' });
  }
  // Signals at arterial crossings; a no-left-turn (northbound onto westbound) at every fifth interior one.
  let crossings = 0;
  for (let r = 4; r < rows; r += 4) {
    for (let c = THROUGH_COLUMN_EVERY; c < cols; c += THROUGH_COLUMN_EVERY) {
      if (colClass(c) === 'tertiary') continue;
      const v = at(c, r);
      penalty[v] = 2;
      if (crossings++ % 5 === 0 && rowWayBefore[v] > 0 && colWayBefore[v] > 0) restrictions.push({ fromWay: colWayBefore[v], viaNode: v + 1, toWay: rowWayBefore[v], only: false });
    }
  }
  const n = lon.length;
  const nodeIndex = new Map<number, number>();
  for (let i = 0; i < n; i++) nodeIndex.set(i + 1, i);
  const nodeLon = Float64Array.from(lon);
  const nodeLat = Float64Array.from(lat);
  const extract: DrivableExtract = {
    ways,
    nodeIndex,
    nodeLon,
    nodeLat,
    nodePenaltyS: Float32Array.from(penalty),
    nodeBlocked: new Uint8Array(n),
    nodeFlags: new Uint8Array(n),
    restrictions,
  };
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < n; i++) {
    minLon = Math.min(minLon, nodeLon[i]);
    maxLon = Math.max(maxLon, nodeLon[i]);
    minLat = Math.min(minLat, nodeLat[i]);
    maxLat = Math.max(maxLat, nodeLat[i]);
  }
  return {
    extract,
    nodes: n,
    bbox: [minLon, minLat, maxLon, maxLat],
    highwayOf: (wid) => syntheticWays.highwayOf(wid),
    samplePoints: (count, r) =>
      Array.from({ length: count }, () => {
        const w = ways[r.int(0, ways.length - 1)];
        const k = r.int(0, w.refs.length - 2);
        const a = w.refs[k] - 1;
        const b = w.refs[k + 1] - 1;
        const t = r.next();
        return [nodeLon[a] + t * (nodeLon[b] - nodeLon[a]), nodeLat[a] + t * (nodeLat[b] - nodeLat[a])] as LngLat;
      }),
  };
}
