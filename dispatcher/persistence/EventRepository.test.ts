import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, T0, vehicleOnShift } from '../../test-support/dbFixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('event log', () => {
  test('empty log: latest seq is 0 and nothing to replay', async () => {
    expect(await t.db.repos.events.latestSeq()).toBe(0);
    expect(await t.db.repos.events.listAfter(0)).toEqual([]);
  });

  test('writes in a row: seq strictly increases, listAfter pages from any seq', async () => {
    const repos = t.db.repos;
    for (let i = 0; i < 5; i++) await repos.trips.create(newTrip(`trip-seq-${i}`), { atS: T0 + i });
    const all = await repos.events.listAfter(0);
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(all.map((e) => e.atS)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i));
    expect(await repos.events.latestSeq()).toBe(seqs[seqs.length - 1]);
    const page = await repos.events.listAfter(seqs[1]!, 2);
    expect(page.map((e) => e.seq)).toEqual(seqs.slice(2, 4));
  });

  test('twenty riders accepted at once on twenty buses: a reader following the log sees every event, none twice', async () => {
    const repos = t.db.repos;
    const ids = Array.from({ length: 20 }, (_, i) => `bus-${String(i).padStart(2, '0')}`);
    for (const id of ids) await vehicleOnShift(repos, id);
    const start = await repos.events.latestSeq();
    const seen: number[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      while (writing || cursor < (await repos.events.latestSeq())) {
        for (const e of await repos.events.listAfter(cursor, 7)) {
          seen.push(e.seq);
          cursor = e.seq;
        }
      }
    })();
    await Promise.all(ids.map((id, i) => acceptAlone(repos, id, newTrip(`trip-c-${i}`), T0, 0)));
    writing = false;
    await reader;
    const expected = (await repos.events.listAfter(start, 1000)).map((e) => e.seq);
    expect(expected).toHaveLength(40);
    expect(seen).toEqual(expected);
  });
});
