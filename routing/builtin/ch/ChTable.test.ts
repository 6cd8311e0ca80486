import { syntheticCity } from '../../../bench/syntheticCity';
import { Random } from '../../../dispatcher/optimizer/Random';
import { OneToManyDijkstra } from '../dijkstra/OneToManyDijkstra';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { buildTurnGraph } from '../graph/turnGraph';
import { sourceSeeds, targetSeeds, type Phantom, type Seed } from '../snap/Phantom';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';
import { SearchSpaces } from './SearchSpaces';

/**
 * A vehicle moving along a road asks a table from each fix. The table searches each source seed's node alone and
 * offsets it by the seed's label; these tests hold it to the table that searches all of a source's seeds at once
 * (the one it replaced, written out below): the same weight, duration and distance in every cell, up to rounding.
 */
function combinedTable(ch: ReturnType<typeof contractGraph>, sources: readonly (readonly Seed[])[], targets: readonly (readonly Seed[])[]) {
  const fwd = new SearchSpaces(ch, 'forward');
  const bwd = new SearchSpaces(ch, 'backward');
  const back = targets.map((t) => {
    const b = bwd.of(t);
    const at = new Map<number, number>();
    b.node.forEach((u, k) => at.set(u, k));
    return { b, at };
  });
  return sources.map((s) => {
    const f = fwd.of(s);
    return back.map(({ b, at }) => {
      let best = { weightS: Infinity, durationS: 0, distanceM: 0 };
      f.node.forEach((u, q) => {
        const k = at.get(u);
        if (k === undefined) return;
        const w = f.weightS[q] + b.weightS[k];
        if (w < best.weightS) best = { weightS: w, durationS: f.durationS[q] + b.durationS[k], distanceM: f.distanceM[q] + b.distanceM[k] };
      });
      return best;
    });
  });
}

describe.each([
  [1, 900],
  [2, 1600],
])('fixes along the roads of synthetic city seed %d (%d road nodes)', (citySeed, size) => {
  const city = syntheticCity(size, citySeed);
  const network = buildRoadNetwork(city.extract);
  const turns = buildTurnGraph(network);
  const ch = contractGraph(turns);
  const rng = new Random(citySeed * 17);
  const phantom = (chain: number, offsetM: number): Phantom => ({ chain, offsetM, location: [0, 0], distanceM: 0 });
  const randomChain = () => rng.int(0, network.chainCount - 1);
  // Ten fixes a road, metres apart from its start to its end, on 30 roads (one-way ones among them).
  const roads = Array.from({ length: 30 }, randomChain);
  const fixes = roads.flatMap((c) => Array.from({ length: 10 }, (_, k) => sourceSeeds(network, phantom(c, (network.chainLengthM[c] * k) / 9))));
  const stops = Array.from({ length: 12 }, () => {
    const c = randomChain();
    return targetSeeds(network, phantom(c, rng.next() * network.chainLengthM[c]));
  });

  test('the roads include one-way ones (a single seed) and two-way ones (two)', () => {
    expect(fixes.some((s) => s.length === 1)).toBe(true);
    expect(fixes.some((s) => s.length === 2)).toBe(true);
  });

  test('every cell equals the all-seeds-at-once table, and its weight plain Dijkstra', () => {
    const table = new ChTable(ch).compute(fixes, stops);
    const want = combinedTable(ch, fixes, stops);
    const dijkstra = new OneToManyDijkstra(turns);
    let reachable = 0;
    fixes.forEach((s, i) => {
      const plain = dijkstra.row(s, stops);
      stops.forEach((_, j) => {
        const cell = i * stops.length + j;
        const w = want[i][j];
        if (w.weightS === Infinity) {
          expect(table.weightS[cell]).toBe(Infinity);
          expect(plain[j]).toBe(Infinity);
          return;
        }
        reachable++;
        expect(table.weightS[cell]).toBeCloseTo(w.weightS, 8);
        expect(table.durationS[cell]).toBeCloseTo(w.durationS, 8);
        expect(table.distanceM[cell]).toBeCloseTo(w.distanceM, 8);
        expect(table.weightS[cell]).toBeCloseTo(plain[j], 6);
      });
    });
    expect(reachable).toBeGreaterThan(fixes.length * stops.length * 0.5);
  });

  test('a table answers the same whether the road was searched before or not, bit for bit', () => {
    const warm = new ChTable(ch);
    warm.compute(fixes.slice(0, 50), stops);
    const again = warm.compute(fixes, stops);
    const fresh = new ChTable(ch, { cacheNodes: 1 }).compute(fixes, stops); // room for one space: searched anew
    expect(again).toEqual(fresh);
  });

  test('few sources to many targets (their spaces met directly, no buckets) answer as through buckets, bit for bit', () => {
    // The decision's shape: its two new stops (up to four seeds) to every candidate's stops; targets include one-way
    // and two-way roads, stops met twice, and points some sources cannot reach.
    const targets = [...stops, ...fixes.slice(0, 40).filter((_, i) => i % 3 === 0), stops[0]];
    const direct = new ChTable(ch);
    const buckets = new ChTable(ch, { directUpToSeeds: 0 });
    let reachable = 0;
    for (let i = 0; i + 1 < fixes.length; i += 7) {
      const sources = [fixes[i], fixes[i + 1]];
      const a = direct.compute(sources, targets);
      const b = buckets.compute(sources, targets);
      expect(a).toEqual(b);
      reachable += a.weightS.filter((w) => w < Infinity).length;
      expect(direct.compute([fixes[i]], targets)).toEqual(buckets.compute([fixes[i]], targets));
    }
    expect(direct.directTables).toBe(2 * Math.ceil((fixes.length - 1) / 7));
    expect(buckets.directTables).toBe(0);
    expect(reachable).toBeGreaterThan(0);
    // more seeds than the bound: through buckets
    const wide = new ChTable(ch, { directUpToSeeds: 2 });
    wide.compute(fixes.filter((s) => s.length === 2).slice(0, 2), targets);
    expect(wide.directTables).toBe(0);
  });

  test('fix after fix to one stop (answers kept per road) equals the column of the stop in one big table, bit for bit', () => {
    const big = new ChTable(ch).compute(fixes, stops);
    const perFix = new ChTable(ch);
    for (let round = 0; round < 2; round++) {
      fixes.forEach((s, i) => {
        const j = (i + round) % stops.length;
        const one = perFix.compute([s], [stops[j]]);
        const cell = i * stops.length + j;
        expect([one.weightS[0], one.durationS[0], one.distanceM[0]]).toEqual([big.weightS[cell], big.durationS[cell], big.distanceM[cell]]);
      });
    }
  });
});
