import type { DirectedEdges } from '../graph/DirectedEdges';
import { BidirectionalDijkstra } from '../dijkstra/BidirectionalDijkstra';
import { ChQuery } from './ChQuery';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';

/** Mulberry32: a seeded PRNG so every run checks the same graphs. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random directed graph with some one-way and some missing edges, in both edge directions. */
function randomGraph(n: number, m: number, seed: number): { fwd: DirectedEdges; bwd: DirectedEdges } {
  const rand = prng(seed);
  const edges: Array<[number, number, number]> = [];
  for (let k = 0; k < m; k++) {
    const u = Math.floor(rand() * n);
    const v = (u + 1 + Math.floor(rand() * 6)) % n; // mostly local, like roads
    const w = 1 + Math.floor(rand() * 100);
    edges.push([u, v, w]);
    if (rand() < 0.7) edges.push([v, u, w]);
  }
  const build = (reverse: boolean): DirectedEdges => {
    const list = edges.map(([u, v, w]) => (reverse ? [v, u, w] : [u, v, w]));
    list.sort((a, b) => a[0] - b[0]);
    const firstOut = new Int32Array(n + 1);
    for (const [u] of list) firstOut[u + 1]++;
    for (let i = 0; i < n; i++) firstOut[i + 1] += firstOut[i];
    return {
      nodeCount: n,
      firstOut,
      head: Int32Array.from(list.map((e) => e[1])),
      weightS: Float64Array.from(list.map((e) => e[2])),
      durationS: Float64Array.from(list.map((e) => e[2] * 2)),
      distanceM: Float64Array.from(list.map((e) => e[2] * 10)),
      edgeChain: Int32Array.from(list.map((_, i) => i * 2)),
    };
  };
  return { fwd: build(false), bwd: build(true) };
}

const seed = (node: number) => [{ node, weightS: 0, durationS: 0, distanceM: 0 }];

describe('contraction hierarchy', () => {
  test.each([1, 2, 3])('CH shortest times equal plain Dijkstra on random graph %d', (s) => {
    const { fwd, bwd } = randomGraph(300, 700, s);
    const ch = contractGraph(fwd);
    const query = new ChQuery(ch);
    const dijkstra = new BidirectionalDijkstra(fwd, bwd);
    const rand = prng(s * 7);
    for (let k = 0; k < 400; k++) {
      const a = Math.floor(rand() * 300);
      const b = Math.floor(rand() * 300);
      const got = query.shortestPath(seed(a), seed(b));
      const want = dijkstra.shortest(seed(a), seed(b));
      expect(got === null).toBe(want === null);
      if (got && want) {
        expect(got.weightS).toBeCloseTo(want.weightS, 6);
        expect(got.distanceM).toBeCloseTo(want.distanceM, 6);
      }
    }
  });

  test('an unpacked path is a chain of road edges with the same total time', () => {
    const { fwd } = randomGraph(200, 500, 9);
    const ch = contractGraph(fwd);
    const query = new ChQuery(ch);
    const weightOfRoadEdge = new Map<number, number>();
    for (let u = 0; u < fwd.nodeCount; u++) {
      for (let e = fwd.firstOut[u]; e < fwd.firstOut[u + 1]; e++) weightOfRoadEdge.set(fwd.edgeChain[e], fwd.weightS[e]);
    }
    let checked = 0;
    for (let a = 0; a < 200; a += 13) {
      for (let b = 0; b < 200; b += 17) {
        const p = query.shortestPath(seed(a), seed(b));
        if (!p || a === b) continue;
        const sum = p.roadEdges.reduce((s, code) => s + weightOfRoadEdge.get(code)!, 0);
        expect(sum).toBeCloseTo(p.weightS, 6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  test('the many-to-many table equals one CH query per cell', () => {
    const { fwd } = randomGraph(250, 600, 4);
    const ch = contractGraph(fwd);
    const query = new ChQuery(ch);
    const sources = [0, 10, 20, 30, 40, 55, 99].map(seed);
    const targets = [5, 15, 25, 35, 45, 77, 120, 249].map(seed);
    const m = new ChTable(ch).compute(sources, targets);
    sources.forEach((s, i) =>
      targets.forEach((t, j) => {
        const p = query.shortestPath(s, t);
        expect(m.weightS[i * targets.length + j]).toBeCloseTo(p ? p.weightS : Infinity, 6);
      }),
    );
  });

  test('kept search spaces answer bit for bit what fresh searches do, however the tables are ordered', () => {
    const { fwd } = randomGraph(250, 600, 5);
    const ch = contractGraph(fwd);
    const points = [0, 10, 20, 30, 40, 55, 99, 120, 200, 249].map(seed);
    const kept = new ChTable(ch);
    const first = kept.compute(points, points);
    const reversed = [...points].reverse();
    const again = kept.compute(reversed, points.slice(0, 3));
    const fresh = new ChTable(ch, { cacheNodes: 1 }); // room for one space: nearly every space searched anew
    expect(first).toEqual(fresh.compute(points, points));
    expect(again).toEqual(fresh.compute(reversed, points.slice(0, 3)));
    expect(again).toEqual(new ChTable(ch).compute(reversed.map((s) => s.map((x) => ({ ...x }))), points.slice(0, 3)));
  });
});
