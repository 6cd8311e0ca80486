import { syntheticCity } from '../../../bench/syntheticCity';
import { Random } from '../../../dispatcher/optimizer/Random';
import { buildRoadNetwork } from '../graph/buildRoadNetwork';
import { buildTurnGraph } from '../graph/turnGraph';
import { targetSeeds, type Phantom } from '../snap/Phantom';
import { ChTable } from './ChTable';
import { contractGraph } from './contractGraph';
import { ParallelSettler, SettleBatch, type SettleJob } from './ParallelSettler';
import { ARENA, IN_ARENA, NO_ROOM, PENDING, SettleBoard } from './SettleBoard';
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
  test('tables split over the thread equal the one-thread tables in every byte', async () => {
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

describe('SettleBoard and SettleBatch, on this thread alone', () => {
  const fwd = new SearchSpaces(ch, 'forward', 1);
  const jobs: SettleJob[] = Array.from({ length: 4 }, (_, i) => ({ direction: 'forward' as const, seeds: alone((i * 97) % ch.nodeCount) }));
  const post = (board: SettleBoard) => {
    for (let i = 0; i < jobs.length; i++) {
      board.claim[i] = 0;
      board.done[i] = PENDING;
    }
  };

  test('a space put in the arena is taken out bit for bit; a full arena says NO_ROOM', () => {
    const board = new SettleBoard();
    const space = fwd.settle(jobs[0].seeds);
    expect(board.put(0, space)).toBe(true);
    expect(board.done[0]).toBe(IN_ARENA);
    expect(bytes(board.take(0))).toEqual(bytes(space));
    Atomics.store(board.ctl, ARENA, board.arena.length - 2);
    expect(board.put(1, space)).toBe(false);
    expect(board.done[1]).toBe(NO_ROOM);
  });

  test('a job claimed there and not yet written, or out of room, is searched here and counted twice', () => {
    const board = new SettleBoard();
    post(board);
    const counts = { jobsElsewhere: 0, jobsTwice: 0 };
    let here = 0;
    const batch = new SettleBatch(counts, board, jobs, 3, (j) => {
      here++;
      return fwd.settle(j.seeds);
    });
    board.claim[0] = 1; // claimed by a thread that has not written it
    board.claim[1] = 1; // claimed and written
    board.put(1, fwd.settle(jobs[1].seeds));
    board.claim[2] = 1; // claimed, but the arena was full
    Atomics.store(board.done, 2, NO_ROOM);
    const got = jobs.map((_, i) => batch.get(i)); // job 3 was never posted (past the board's room)
    expect(got.map(bytes)).toEqual(jobs.map((j) => bytes(fwd.settle(j.seeds))));
    expect(counts).toEqual({ jobsElsewhere: 1, jobsTwice: 2 });
    expect(here).toBe(3);
    expect(batch.get(0)).toBe(got[0]); // each job answered once
    expect(here).toBe(3);
  });
});
