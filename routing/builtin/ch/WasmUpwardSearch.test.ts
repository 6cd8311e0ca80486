import { syntheticCity } from '../../../bench/syntheticCity';
import { Random } from '../../../dispatcher/optimizer/Random';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { buildTurnGraph } from '../graph/turnGraph';
import { sourceSeeds, targetSeeds, type Phantom, type Seed } from '../snap/Phantom';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';
import { SearchSpaces, type SearchSpace } from './SearchSpaces';
import { WasmUpwardSearch } from './WasmUpwardSearch';

/**
 * The WebAssembly core searches what UpwardSearch + SearchSpaces.settle search, operation for operation: every space
 * (nodes in settle order and the three labels) equal byte for byte, from one node at zero, from a point's seeds with
 * their labels, in both directions, on cities with one-way streets and turn restrictions.
 */
const bytes = (s: SearchSpace) => [s.node, s.weightS, s.durationS, s.distanceM].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));

describe.each([
  [3, 1200],
  [5, 2500],
])('the WebAssembly search core on synthetic city seed %d (%d road nodes)', (citySeed, size) => {
  const network = buildRoadNetwork(syntheticCity(size, citySeed).extract);
  const ch = contractGraph(buildTurnGraph(network));
  const rng = new Random(citySeed * 31);
  const phantom = (): Phantom => {
    const chain = rng.int(0, network.chainCount - 1);
    return { chain, offsetM: rng.next() * network.chainLengthM[chain], location: [0, 0], distanceM: 0 };
  };
  const alone = (node: number): Seed[] => [{ node, weightS: 0, durationS: 0, distanceM: 0 }];
  const seedSets: Seed[][] = [
    ...Array.from({ length: 150 }, () => alone(rng.int(0, ch.nodeCount - 1))),
    ...Array.from({ length: 100 }, () => sourceSeeds(network, phantom())),
    ...Array.from({ length: 100 }, () => targetSeeds(network, phantom())),
  ];

  test.each(['forward', 'backward'] as const)('%s spaces equal the TypeScript search, byte for byte', (direction) => {
    const js = new SearchSpaces(ch, direction, 1, 'js');
    const wasm = new WasmUpwardSearch(ch, direction);
    let settled = 0;
    for (const seeds of seedSets) {
      const want = js.settle(seeds);
      const got = wasm.settle(seeds);
      expect(bytes(got)).toEqual(bytes(want));
      settled += got.node.length;
    }
    // searches that climb: a space is more than its seeds
    expect(settled).toBeGreaterThan(seedSets.length * 5);
  });

  test('two directions and two tables in one thread share the hierarchy and keep their own state', () => {
    const a = new WasmUpwardSearch(ch, 'forward');
    const b = new WasmUpwardSearch(ch, 'backward');
    const first = seedSets.slice(0, 20).map((s) => bytes(a.settle(s)));
    seedSets.slice(0, 20).forEach((s) => b.settle(s)); // the other direction's searches between
    const c = new WasmUpwardSearch(ch, 'forward'); // a third instance grows the memory
    expect(seedSets.slice(0, 20).map((s) => bytes(a.settle(s)))).toEqual(first);
    expect(seedSets.slice(0, 20).map((s) => bytes(c.settle(s)))).toEqual(first);
  });

  test('a table searched by either core is the same in every byte', () => {
    const points = seedSets.slice(150, 250);
    const sources = points.slice(0, 40);
    const targets = seedSets.slice(250, 290);
    const wasm = new ChTable(ch, { searchCore: 'wasm' }).compute(sources, targets);
    const js = new ChTable(ch, { searchCore: 'js' }).compute(sources, targets);
    expect(wasm).toEqual(js);
    expect(wasm.weightS.some((w) => w < Infinity)).toBe(true);
  });

  test('more seeds than the core takes is refused', () => {
    const many = Array.from({ length: 257 }, (_, i) => ({ node: i % ch.nodeCount, weightS: i, durationS: i, distanceM: i }));
    expect(() => new WasmUpwardSearch(ch, 'forward').settle(many)).toThrow(RangeError);
  });
});
