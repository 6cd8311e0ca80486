import { Random } from '../dispatcher/optimizer/Random';
import type { LngLat } from '../routing/Router';
import type { Tags } from '../routing/builtin/osm/carProfile';
import { SyntheticWays } from './SyntheticWays';
import type { DrivableExtract, TurnRestriction } from '../routing/builtin/osm/readOsmExtract';
import type { SyntheticCity } from './syntheticCity';

/**
 * The first synthetic city (`bench:routing --synthetic --grid`): a jittered grid of streets about 110 m apart, every
 * eighth street an arterial (primary, 50 km/h, signals at arterial crossings, no-left-turn restrictions at a fifth
 * of them), every fourth one a secondary, residential streets between with a third of them one-way in alternating
 * directions and a few blocks left out. Every road node is a four-way junction and none is a shape point, so its
 * edge-based graph has about 3.8 nodes per road node: much harsher than a real city of as many OSM nodes
 * (docs/benchmarks.md). It is handed to the same pipeline as an OSM extract (buildRoadNetwork, turns, contraction).
 */
const ORIGIN: LngLat = [127.0, 37.4];
const SPACING_M = 110;
const M_PER_DEG_LAT = 111_195;
const ARTERIAL_EVERY = 8;
const SECONDARY_EVERY = 4;

export function syntheticGrid(targetNodes: number, seed = 42): SyntheticCity {
  const rng = new Random(seed);
  const side = Math.max(4, Math.round(Math.sqrt(targetNodes)));
  const n = side * side;
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((ORIGIN[1] * Math.PI) / 180);
  const nodeLon = new Float64Array(n);
  const nodeLat = new Float64Array(n);
  const nodePenaltyS = new Float32Array(n);
  const id = (x: number, y: number) => y * side + x;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const jx = (rng.next() - 0.5) * 0.3 * SPACING_M;
      const jy = (rng.next() - 0.5) * 0.3 * SPACING_M;
      nodeLon[id(x, y)] = ORIGIN[0] + (x * SPACING_M + jx) / mPerDegLon;
      nodeLat[id(x, y)] = ORIGIN[1] + (y * SPACING_M + jy) / M_PER_DEG_LAT;
    }
  }
  const classOf = (k: number) => (k % ARTERIAL_EVERY === 0 ? 'primary' : k % SECONDARY_EVERY === 0 ? 'secondary' : 'residential');
  const syntheticWays = new SyntheticWays();
  const { ways } = syntheticWays;
  const restrictions: TurnRestriction[] = [];
  const addWay = (refs: number[], tags: Tags): number => syntheticWays.add(refs, tags);
  // Streets along both axes; arterials are split at arterial crossings so restrictions can name them.
  const waysAt = new Map<number, { along: 'x' | 'y'; before: number; after: number }[]>();
  for (const along of ['x', 'y'] as const) {
    for (let k = 0; k < side; k++) {
      const cls = classOf(k);
      const tags: Record<string, string> = { highway: cls, name: `${cls === 'residential' ? 'Street' : 'Avenue'} ${along}${k}` };
      if (cls === 'primary') tags.maxspeed = '50';
      if (cls === 'residential' && k % 3 === 1) tags.oneway = k % 2 === 0 ? 'yes' : '-1';
      let run: number[] = [];
      const flush = () => {
        if (run.length >= 2) {
          const w = addWay(run, tags);
          const a = run[0];
          const b = run[run.length - 1];
          for (const [v, role] of [[a, 'after'], [b, 'before']] as const) {
            const l = waysAt.get(v) ?? [];
            const e = l.find((x) => x.along === along) ?? { along, before: -1, after: -1 };
            if (!l.includes(e)) l.push(e);
            e[role] = w;
            waysAt.set(v, l);
          }
        }
        run = [];
      };
      for (let t = 0; t < side; t++) {
        const v = along === 'x' ? id(t, k) : id(k, t);
        // leave out a few residential blocks so the grid is not perfectly regular
        if (cls === 'residential' && t > 0 && rng.next() < 0.06) flush();
        run.push(v);
        const crossing = classOf(t) === 'primary' && cls === 'primary';
        if (crossing && run.length > 1) {
          flush();
          run.push(v);
        }
      }
      flush();
    }
  }
  // Signals and no-left-turn restrictions at arterial crossings.
  for (let y = 0; y < side; y += ARTERIAL_EVERY) {
    for (let x = 0; x < side; x += ARTERIAL_EVERY) {
      const v = id(x, y);
      nodePenaltyS[v] = 2;
      if (rng.next() >= 0.2) continue;
      const at = waysAt.get(v);
      const ex = at?.find((w) => w.along === 'x');
      const ey = at?.find((w) => w.along === 'y');
      // northbound on the y-avenue turning left = westbound on the x-avenue
      if (ex && ey && ey.before > 0 && ex.before > 0) restrictions.push({ fromWay: ey.before, viaNode: v + 1, toWay: ex.before, only: false });
    }
  }
  const nodeIndex = new Map<number, number>();
  for (let i = 0; i < n; i++) nodeIndex.set(i + 1, i);
  const extract: DrivableExtract = {
    ways,
    nodeIndex,
    nodeLon,
    nodeLat,
    nodePenaltyS,
    nodeBlocked: new Uint8Array(n),
    nodeFlags: new Uint8Array(n),
    restrictions,
  };
  const bbox: [number, number, number, number] = [ORIGIN[0], ORIGIN[1], ORIGIN[0] + (side * SPACING_M) / mPerDegLon, ORIGIN[1] + (side * SPACING_M) / M_PER_DEG_LAT];
  return {
    extract,
    nodes: n,
    bbox,
    highwayOf: (wid) => syntheticWays.highwayOf(wid),
    samplePoints: (count, r) =>
      Array.from({ length: count }, () => {
        const x = r.int(0, side - 2);
        const y = r.int(0, side - 1);
        const t = r.next();
        const a = id(x, y);
        const b = id(x + 1, y);
        return [nodeLon[a] + t * (nodeLon[b] - nodeLon[a]), nodeLat[a] + t * (nodeLat[b] - nodeLat[a])] as LngLat;
      }),
  };
}
