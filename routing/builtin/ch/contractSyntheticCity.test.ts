import { syntheticCity } from '../../../bench/syntheticCity';
import { Random } from '../../../dispatcher/optimizer/Random';
import { OneToManyDijkstra } from '../dijkstra/OneToManyDijkstra';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { buildTurnGraph } from '../graph/turnGraph';
import { ChQuery } from './ChQuery';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';

/**
 * The contraction of the edge-based graph of seeded synthetic cities (arterials with signals and no-left-turn
 * restrictions, one-way residential streets, missing blocks) keeps every shortest time: the CH query and the
 * many-to-many table equal plain Dijkstra on the uncontracted turn graph.
 */
const seed = (node: number) => [{ node, weightS: 0, durationS: 0, distanceM: 0 }];

describe.each([
  [1, 400],
  [2, 900],
  [3, 1600],
])('contraction of synthetic city seed %d (%d road nodes)', (citySeed, size) => {
  const city = syntheticCity(size, citySeed);
  const network = buildRoadNetwork(city.extract);
  const turns = buildTurnGraph(network);
  const ch = contractGraph(turns);

  test('the city has turn restrictions and one-way streets', () => {
    expect(network.restrictionFrom.length).toBeGreaterThan(0);
    let oneWay = 0;
    for (let c = 0; c < network.chainCount; c++) if (network.chainForwardS[c] < 0 || network.chainBackwardS[c] < 0) oneWay++;
    expect(oneWay).toBeGreaterThan(0);
  });

  test('CH queries and tables equal plain Dijkstra on the turn graph', () => {
    const rng = new Random(citySeed * 31);
    const n = turns.nodeCount;
    const sources = Array.from({ length: 25 }, () => rng.int(0, n - 1));
    const targets = Array.from({ length: 40 }, () => rng.int(0, n - 1));
    const dijkstra = new OneToManyDijkstra(turns);
    const query = new ChQuery(ch);
    const table = new ChTable(ch).compute(sources.map(seed), targets.map(seed));
    let reachable = 0;
    sources.forEach((s, i) => {
      const want = dijkstra.row(seed(s), targets.map(seed));
      targets.forEach((t, j) => {
        const got = query.shortestPath(seed(s), seed(t));
        const cell = table.weightS[i * targets.length + j];
        if (want[j] === Infinity) {
          expect(got).toBeNull();
          expect(cell).toBe(Infinity);
          return;
        }
        reachable++;
        expect(got).not.toBeNull();
        expect(got!.weightS).toBeCloseTo(want[j], 6);
        expect(cell).toBeCloseTo(want[j], 6);
      });
    });
    expect(reachable).toBeGreaterThan(sources.length * targets.length * 0.5);
  });
});
