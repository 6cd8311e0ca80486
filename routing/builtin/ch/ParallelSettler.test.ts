import { syntheticCity } from '../../../bench/syntheticCity';
import { Random } from '../../../dispatcher/optimizer/Random';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { buildTurnGraph } from '../graph/turnGraph';
import { targetSeeds, type Phantom } from '../snap/Phantom';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';
import { ParallelSettler, type SettleJob } from './ParallelSettler';
import { SearchSpaces, type SearchSpace } from './SearchSpaces';

/**
 * A table's missing search spaces split between the caller's thread and a search thread over shared hierarchy
 * arrays: every space is bit for bit the one searched on the caller's thread, in job order, and a table computed so
 * equals one computed on one thread in every byte.
 */
const city = syntheticCity(1600, 4);
const network = buildRoadNetwork(city.extract);
const ch = contractGraph(buildTurnGraph(network));
const rng = new Random(99);
const phantom = (chain: number): Phantom => ({ chain, offsetM: rng.next() * network.chainLengthM[chain], location: [0, 0], distanceM: 0 });
const randomTargets = (n: number) => Array.from({ length: n }, () => targetSeeds(network, phantom(rng.int(0, network.chainCount - 1))));
const alone = (node: number) => [{ node, weightS: 0, durationS: 0, distanceM: 0 }];

const bytes = (s: SearchSpace) => [s.node, s.weightS, s.durationS, s.distanceM].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ready(); i++) await sleep(25);
  if (!ready()) throw new Error('the search thread did not come up in 10 s');
}

describe('ParallelSettler', () => {
  const fwd = new SearchSpaces(ch, 'forward', 1);
  const bwd = new SearchSpaces(ch, 'backward', 1);
  const settleHere = (j: SettleJob) => (j.direction === 'forward' ? fwd : bwd).settle(j.seeds);
  const jobs: SettleJob[] = [
    ...Array.from({ length: 120 }, () => ({ direction: 'forward' as const, seeds: alone(rng.int(0, ch.nodeCount - 1)) })),
    ...randomTargets(80).map((seeds) => ({ direction: 'backward' as const, seeds })),
  ];

  test('a search thread answers, in job order, the spaces this thread would search', async () => {
    const settler = new ParallelSettler(ch, 1);
    try {
      await until(() => settler.ready);
      // this thread is slowed to 2 ms a space, so the search thread surely takes some of them
      const slow = new Int32Array(new SharedArrayBuffer(4));
      const spaces = settler.settleAll(jobs, (j) => {
        Atomics.wait(slow, 0, 0, 2);
        return settleHere(j);
      });
      expect(settler.jobsElsewhere).toBeGreaterThan(0);
      expect(settler.jobsElsewhere).toBeLessThan(jobs.length + 1);
      expect(spaces.map(bytes)).toEqual(jobs.map((j) => bytes(settleHere(j))));
      // and again on the same board: a second job starts clean
      expect(settler.ready).toBe(true);
      const again = settler.settleAll(jobs.slice(0, 50), settleHere);
      expect(again.map(bytes)).toEqual(jobs.slice(0, 50).map((j) => bytes(settleHere(j))));
      expect(settler.splitTables).toBe(2);
    } finally {
      await settler.close();
    }
  });

  test('closed, it searches every space on this thread', async () => {
    const settler = new ParallelSettler(ch, 1);
    await settler.close();
    expect(settler.ready).toBe(false);
    const spaces = settler.settleAll(jobs.slice(0, 20), settleHere);
    expect(settler.jobsElsewhere).toBe(0);
    expect(spaces.map(bytes)).toEqual(jobs.slice(0, 20).map((j) => bytes(settleHere(j))));
  });
});

describe('ChTable with a search thread', () => {
  test('tables equal the one-thread tables in every byte, and the thread searched part of them', async () => {
    const one = new ChTable(ch);
    const two = new ChTable(ch, { threads: 1 });
    try {
      const tables = Array.from({ length: 6 }, () => {
        const points = randomTargets(40);
        // a source's seeds as the router's: one seed array per point, each seed node searched alone
        return { sources: points.map((t) => t.map((s) => ({ ...s }))), targets: points };
      });
      two.compute(tables[0].sources, tables[0].targets); // starts the thread
      await until(() => {
        const probe = randomTargets(20);
        two.compute(probe, probe);
        return two.parallelStats.splitTables > 0;
      });
      for (const t of tables) {
        const a = one.compute(t.sources, t.targets);
        const b = two.compute(t.sources.map((s) => [...s]), t.targets);
        for (const key of ['weightS', 'durationS', 'distanceM'] as const) expect(Buffer.from(b[key].buffer).equals(Buffer.from(a[key].buffer))).toBe(true);
      }
      expect(two.parallelStats.splitTables).toBeGreaterThan(1);
    } finally {
      await two.close();
    }
  });
});
