import { buildRoadNetwork } from '../routing/builtin/graph/buildRoadNetwork';
import { buildTurnGraph } from '../routing/builtin/graph/turnGraph';
import { osmElements } from '../routing/builtin/osm/osmElements';
import { readOsmExtract, type DrivableExtract } from '../routing/builtin/osm/readOsmExtract';
import { distanceM } from '../routing/geo';
import { syntheticCity, type SyntheticLayout } from './syntheticCity';

/** What makes a road graph cheap or dear to contract, measured alike on an OSM extract and on a synthetic city. */
export interface StreetPattern {
  roadNodes: number;
  /** Share of road nodes with exactly two neighbours (shape points the network compresses away). */
  degree2Share: number;
  /** Junctions (degree ≠ 2) by degree: share of dead ends, three-way, four-way, more. */
  junctions: number;
  deadEndShare: number;
  threeWayShare: number;
  fourWayShare: number;
  moreShare: number;
  /** Junction-to-junction segment lengths (m). */
  segmentP10M: number;
  segmentMedianM: number;
  segmentP90M: number;
  /** Share of the drivable length by highway class, largest first. */
  classShare: Record<string, number>;
  /** Share of the drivable length open in one direction only. */
  oneWayShare: number;
  restrictionsPerJunction: number;
  /** Edge-based graph nodes (two per chain) per road node. */
  edgeBasedPerRoadNode: number;
}

export function measureStreetPattern(ex: DrivableExtract, highwayOf: (wayId: number) => string): StreetPattern {
  const n = ex.nodeLon.length;
  const neighbours = Array.from({ length: n }, () => new Set<number>());
  const d = (a: number, b: number) => distanceM([ex.nodeLon[a], ex.nodeLat[a]], [ex.nodeLon[b], ex.nodeLat[b]]);
  const classLength = new Map<string, number>();
  let total = 0;
  let oneWay = 0;
  for (const w of ex.ways) {
    let length = 0;
    for (let i = 0; i + 1 < w.refs.length; i++) {
      const a = ex.nodeIndex.get(w.refs[i])!;
      const b = ex.nodeIndex.get(w.refs[i + 1])!;
      if (a === b) continue;
      neighbours[a].add(b);
      neighbours[b].add(a);
      length += d(a, b);
    }
    const cls = highwayOf(w.id) || '?';
    classLength.set(cls, (classLength.get(cls) ?? 0) + length);
    total += length;
    if (w.forwardKmh <= 0 || w.backwardKmh <= 0) oneWay += length;
  }
  let used = 0;
  let degree2 = 0;
  const byDegree = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const k = neighbours[i].size;
    if (k === 0) continue;
    used++;
    if (k === 2) degree2++;
    else if (k <= 4) byDegree[k]++;
  }
  const more = used - degree2 - byDegree[1] - byDegree[3] - byDegree[4];
  const junctions = used - degree2;
  // Segments: walk from every junction along degree-2 nodes to the next junction (each segment found from both ends).
  const segments: number[] = [];
  for (let i = 0; i < n; i++) {
    if (neighbours[i].size === 0 || neighbours[i].size === 2) continue;
    for (const first of neighbours[i]) {
      let prev = i;
      let cur = first;
      let length = d(i, first);
      for (let guard = 0; neighbours[cur].size === 2 && guard < n; guard++) {
        let next = -1;
        for (const x of neighbours[cur]) if (x !== prev) next = x;
        if (next < 0) break;
        length += d(cur, next);
        prev = cur;
        cur = next;
      }
      if (i < cur || (i === cur && first < prev)) segments.push(length);
    }
  }
  segments.sort((a, b) => a - b);
  const q = (p: number) => (segments.length ? segments[Math.floor(p * (segments.length - 1))] : 0);
  const turns = buildTurnGraph(buildRoadNetwork(ex));
  const share = (x: number, of: number) => (of > 0 ? x / of : 0);
  return {
    roadNodes: used,
    degree2Share: share(degree2, used),
    junctions,
    deadEndShare: share(byDegree[1], junctions),
    threeWayShare: share(byDegree[3], junctions),
    fourWayShare: share(byDegree[4], junctions),
    moreShare: share(more, junctions),
    segmentP10M: q(0.1),
    segmentMedianM: q(0.5),
    segmentP90M: q(0.9),
    classShare: Object.fromEntries([...classLength].sort((a, b) => b[1] - a[1]).map(([c, l]) => [c, share(l, total)])),
    oneWayShare: share(oneWay, total),
    restrictionsPerJunction: share((ex.restrictions?.length ?? 0) + (ex.wayRestrictions?.length ?? 0), junctions),
    edgeBasedPerRoadNode: share(turns.nodeCount, used),
  };
}

async function highwayTags(file: string): Promise<Map<number, string>> {
  const tags = new Map<number, string>();
  for await (const el of osmElements(file, { node: false, way: ['highway'], relation: false })) {
    if (el.type === 'way' && el.id !== undefined && el.tags?.highway) tags.set(el.id, el.tags.highway);
  }
  return tags;
}

/** `node dist/bench/streetPattern.js [FILE.osm.pbf ...] [--synthetic N [--grid]]`: one JSON line per graph. */
async function main(args: string[]): Promise<void> {
  const round = (p: StreetPattern) => JSON.parse(JSON.stringify(p, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(3)) : v))) as StreetPattern;
  const s = args.indexOf('--synthetic');
  if (s >= 0) {
    const layout: SyntheticLayout = args.includes('--grid') ? 'grid' : 'city';
    const city = syntheticCity(Number(args[s + 1]), 42, layout);
    process.stdout.write(`${JSON.stringify({ graph: `synthetic ${layout} ${args[s + 1]}`, ...round(measureStreetPattern(city.extract, city.highwayOf)) })}\n`);
  }
  for (const file of args.filter((a, i) => a.endsWith('.pbf') && (s < 0 || i !== s + 1))) {
    const ex = await readOsmExtract(file);
    const tags = await highwayTags(file);
    process.stdout.write(`${JSON.stringify({ graph: file, ...round(measureStreetPattern(ex, (id) => tags.get(id) ?? '')) })}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
