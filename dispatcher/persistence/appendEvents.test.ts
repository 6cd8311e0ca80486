import type { PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { appendEvents, commitTransaction, EventType } from './appendEvents';
import { withTransaction } from './withTransaction';

/** How long this process stays busy (a lagging event loop) while its transaction ends. */
const BUSY_MS = 800;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // When (epoch s, server clock) the backend `pid` was first seen idle, out of any transaction (so holding no
  // transaction lock), polled every 5 ms for at most `timeout` s.
  await t.db.pool.query(`CREATE FUNCTION test_idle_at(p_pid int, p_timeout float8) RETURNS float8 LANGUAGE plpgsql AS $$
    DECLARE v_until timestamptz := clock_timestamp() + make_interval(secs => p_timeout);
    BEGIN
      LOOP
        PERFORM pg_stat_clear_snapshot();
        IF clock_timestamp() > v_until OR EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = p_pid AND state = 'idle') THEN
          RETURN extract(epoch FROM clock_timestamp())::float8;
        END IF;
        PERFORM pg_sleep(0.005);
      END LOOP;
    END $$`);
});
afterAll(async () => {
  await t?.drop();
});

function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a blocked event loop, as under overload: no socket is read meanwhile
  }
}

/**
 * This process ends its transaction on `a` (`end`) and is blocked right after sending it, while another connection
 * watches `a`'s backend: when (server clock, epoch s) the transaction was over and when (the same machine's clock)
 * this process woke up.
 */
async function endedWhileBlocked(a: PoolClient, b: PoolClient, end: () => Promise<unknown>): Promise<{ endedS: number; wokeS: number }> {
  const { rows: [backend] } = await a.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const ending = end();
  const watch = b.query<{ at: number }>('SELECT test_idle_at($1, 5) AS at', [backend!.pid]);
  busyFor(BUSY_MS);
  const wokeS = Date.now() / 1000;
  await ending;
  const { rows } = await watch;
  return { endedS: rows[0]!.at, wokeS };
}

describe('appendEvents', () => {
  test('the append lock is released at COMMIT without waiting for the writing process (a busy instance stalls no other writer)', async () => {
    const a = await t.db.pool.connect();
    const b = await t.db.pool.connect();
    try {
      await a.query('BEGIN');
      await appendEvents(a, 100, [{ type: EventType.TripRated, tripId: 'trip-lock', payload: { stars: 5 } }]);
      const staged = await endedWhileBlocked(a, b, () => commitTransaction(a));
      // The transaction, its append lock with it, was over while this process was still blocked: well before it woke.
      expect(staged.endedS).toBeLessThan(staged.wokeS - BUSY_MS / 2000);
      expect((await t.db.repos.events.listAfter(0)).map((e) => e.tripId)).toEqual(['trip-lock']);

      // Control, the old way: the lock taken in one statement, COMMIT sent once its answer was read. The transaction
      // (and the lock) lasts until this process wakes, so the measure above can tell the two apart.
      await a.query('BEGIN');
      const held = await endedWhileBlocked(a, b, async () => {
        await a.query('SELECT pg_advisory_xact_lock($1::bigint)', [0x65766e74]);
        await a.query('COMMIT');
      });
      expect(held.endedS).toBeGreaterThanOrEqual(held.wokeS - 0.01);
    } finally {
      a.release();
      b.release();
    }
  });

  test('events are written at COMMIT in the order appended, across calls; a rolled-back transaction writes none', async () => {
    const repos = t.db.repos;
    const before = await repos.events.latestSeq();
    const { first, second } = await withTransaction(t.db.pool, async (client) => {
      const first = await appendEvents(client, 200, [
        { type: EventType.TripRated, tripId: 'trip-a', payload: { stars: 4 } },
        { type: EventType.TripRated, tripId: 'trip-b', vehicleId: 'bus-1', payload: {} },
      ]);
      expect(() => first.records).toThrow(/COMMIT/);
      const second = await appendEvents(client, 201.5, [{ type: EventType.OperatorAction, vehicleId: 'bus-2', payload: { action: 'x', by: 'op' } }]);
      return { first, second };
    });
    expect(first.records.map((e) => [e.type, e.tripId, e.vehicleId, e.atS, e.payload])).toEqual([
      [EventType.TripRated, 'trip-a', null, 200, { stars: 4 }],
      [EventType.TripRated, 'trip-b', 'bus-1', 200, {}],
    ]);
    expect(second.records.map((e) => [e.type, e.vehicleId, e.atS])).toEqual([[EventType.OperatorAction, 'bus-2', 201.5]]);
    const seqs = [...first.records, ...second.records].map((e) => e.seq);
    expect(seqs[0]).toBeGreaterThan(before);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    expect(await repos.events.listAfter(before)).toEqual([...first.records, ...second.records]);

    const afterFirst = await repos.events.latestSeq();
    await expect(
      withTransaction(t.db.pool, async (client) => {
        await appendEvents(client, 300, [{ type: EventType.TripRated, tripId: 'trip-gone', payload: {} }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // The next transaction on the same pooled client neither sees nor writes the rolled-back stage.
    await withTransaction(t.db.pool, (client) => appendEvents(client, 301, [{ type: EventType.TripRated, tripId: 'trip-next', payload: {} }]));
    expect((await repos.events.listAfter(afterFirst)).map((e) => e.tripId)).toEqual(['trip-next']);
  });
});
