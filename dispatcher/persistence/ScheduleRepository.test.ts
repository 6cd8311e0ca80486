import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, OLYMPIC_PARK, promiseFor, SEOKCHON_LAKE, stopsOf, T0, vehicleOnShift } from '../../test-support/dbFixtures';
import { isPersistenceError, ScheduleConflict } from './PersistenceError';
import type { PlannedStop } from './records';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function counts(tripId: string): Promise<{ trips: number; stops: number; events: number }> {
  const { rows } = await t.db.pool.query<{ trips: string; stops: string; events: string }>(
    `SELECT (SELECT count(*) FROM trips WHERE id = $1) AS trips, (SELECT count(*) FROM stops WHERE trip_id = $1) AS stops,
            (SELECT count(*) FROM events WHERE trip_id = $1 OR type = 'schedule_changed') AS events`,
    [tripId],
  );
  return { trips: Number(rows[0]!.trips), stops: Number(rows[0]!.stops), events: Number(rows[0]!.events) };
}

describe('acceptTrip', () => {
  test('empty minibus accepts a rider: trip accepted with its promise, two stops in order, version 1, two events', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-1');
    const trip = newTrip('trip-1');
    const result = await acceptAlone(repos, 'bus-1', trip, T0 + 300, 0);
    expect(result.scheduleVersion).toBe(1);
    expect(result.trip).toMatchObject({ id: 'trip-1', state: 'accepted', vehicleId: 'bus-1', promise: promiseFor(T0 + 300), version: 0 });
    expect(result.events.map((e) => e.type)).toEqual(['trip_accepted', 'schedule_changed']);
    const state = await repos.loadDispatchState();
    const bus = state.vehicles.find((v) => v.vehicle.id === 'bus-1')!;
    expect(bus.vehicle.scheduleVersion).toBe(1);
    expect(bus.stops.map((s) => [s.stop.tripId, s.stop.kind, s.stop.seq])).toEqual([['trip-1', 'pickup', 0], ['trip-1', 'dropoff', 1]]);
  });

  test('forced failure mid-transaction (a stop for a trip that does not exist): no trip, no stops, no event, version kept', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-2');
    const trip = newTrip('trip-doomed');
    const ghost: PlannedStop = { ...stopsOf(trip, T0)[1], tripId: 'no-such-trip' };
    const before = await counts('trip-doomed');
    const error = await repos.schedules
      .acceptTrip({ trip, promise: promiseFor(T0), vehicleId: 'bus-2', expectedScheduleVersion: 0, stops: [...stopsOf(trip, T0), ghost], atS: T0 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23503' }); // foreign key: failed at the stops, after the trip was written
    expect(await counts('trip-doomed')).toEqual(before);
    expect(before.trips).toBe(0);
    expect((await repos.vehicles.get('bus-2'))!.scheduleVersion).toBe(0);
  });

  test('forced failure at the very last write (the event append): trip and stops roll back with it', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-7');
    await t.db.pool.query(`CREATE FUNCTION fail_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
    await t.db.pool.query(`CREATE TRIGGER fail_event BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.trip_id = 'trip-fails-late') EXECUTE FUNCTION fail_event()`);
    try {
      const error = await acceptAlone(repos, 'bus-7', newTrip('trip-fails-late'), T0, 0).catch((e: unknown) => e);
      expect((error as Error).message).toBe('forced failure');
      expect(await counts('trip-fails-late')).toMatchObject({ trips: 0, stops: 0 });
      expect((await repos.vehicles.get('bus-7'))!.scheduleVersion).toBe(0);
    } finally {
      await t.db.pool.query('DROP TRIGGER fail_event ON events');
    }
  });

  test('stale schedule version: ScheduleConflict, nothing written', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-3');
    await acceptAlone(repos, 'bus-3', newTrip('trip-3a'), T0 + 60, 0);
    const latestBefore = await repos.events.latestSeq();
    const late = newTrip('trip-3b');
    const error = await acceptAlone(repos, 'bus-3', late, T0 + 120, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScheduleConflict);
    expect(error).toMatchObject({ code: 'ScheduleConflict', vehicleId: 'bus-3', expectedVersion: 0, actualVersion: 1 });
    expect(await repos.trips.get('trip-3b')).toBeNull();
    expect(await repos.events.latestSeq()).toBe(latestBefore);
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-3')!;
    expect(bus.stops.map((s) => s.stop.tripId)).toEqual(['trip-3a', 'trip-3a']);
    expect(bus.vehicle.scheduleVersion).toBe(1);
  });

  test('offered trip accepted: the offered row becomes accepted and its version moves on', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-4');
    const trip = newTrip('trip-4');
    await repos.trips.create(trip, { atS: T0, offer: { promise: promiseFor(T0), offerExpiresAtS: T0 + 60 } });
    const result = await acceptAlone(repos, 'bus-4', trip, T0, 0);
    expect(result.trip).toMatchObject({ state: 'accepted', version: 1, offerExpiresAtS: null });
  });

  test('second rider shares the bus: new sequence interleaves both trips, old stops keep their ids', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-5');
    const first = newTrip('trip-5a');
    await acceptAlone(repos, 'bus-5', first, T0, 0);
    const idsBefore = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-5')!.stops.map((s) => s.stop.id);
    const second = newTrip('trip-5b', { origin: SEOKCHON_LAKE, destination: OLYMPIC_PARK });
    const [p1, d1] = stopsOf(first, T0);
    const [p2, d2] = stopsOf(second, T0 + 120);
    const result = await repos.schedules.acceptTrip({
      trip: second, promise: promiseFor(T0 + 120), vehicleId: 'bus-5', expectedScheduleVersion: 1, stops: [p1, p2, d1, d2], atS: T0 + 10,
    });
    expect(result.scheduleVersion).toBe(2);
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-5')!;
    expect(bus.stops.map((s) => `${s.stop.tripId}/${s.stop.kind}`)).toEqual(['trip-5a/pickup', 'trip-5b/pickup', 'trip-5a/dropoff', 'trip-5b/dropoff']);
    expect(bus.stops.filter((s) => s.trip.id === 'trip-5a').map((s) => s.stop.id)).toEqual(idsBefore);
  });

  test('new sequence that forgets an accepted rider: refused, the rider keeps its stops', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-6');
    await acceptAlone(repos, 'bus-6', newTrip('trip-6a'), T0, 0);
    const error = await acceptAlone(repos, 'bus-6', newTrip('trip-6b'), T0, 1).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidSchedule');
    expect(await repos.trips.get('trip-6b')).toBeNull();
    expect((await repos.vehicles.get('bus-6'))!.scheduleVersion).toBe(1);
  });
});

describe('offerAndAccept', () => {
  const offerAndAccept = (vehicleId: string, trip: ReturnType<typeof newTrip>, expected: number) =>
    t.db.repos.schedules.offerAndAccept({ trip, promise: promiseFor(T0 + 300), vehicleId, expectedScheduleVersion: expected, stops: stopsOf(trip, T0 + 300), atS: T0, direct: { s: 840, m: 5200 } });

  test('auto-accepted rider: one transaction stores the trip accepted with promise and direct drive, stops, offered + accepted + schedule_changed', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-oa1');
    const result = await offerAndAccept('bus-oa1', newTrip('trip-oa1'), 0);
    expect(result.created).toBe(true);
    if (!result.created) return;
    expect(result.scheduleVersion).toBe(1);
    expect(result.trip).toMatchObject({ id: 'trip-oa1', state: 'accepted', vehicleId: 'bus-oa1', promise: promiseFor(T0 + 300), offerExpiresAtS: null });
    expect(result.events.map((e) => [e.type, e.tripId])).toEqual([['trip_offered', 'trip-oa1'], ['trip_accepted', 'trip-oa1'], ['schedule_changed', null]]);
    const { rows } = await t.db.pool.query<{ direct_s: number; direct_m: number }>('SELECT direct_s, direct_m FROM trips WHERE id = $1', ['trip-oa1']);
    expect(rows[0]).toEqual({ direct_s: 840, direct_m: 5200 });
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-oa1')!;
    expect(bus.stops.map((s) => [s.stop.tripId, s.stop.kind])).toEqual([['trip-oa1', 'pickup'], ['trip-oa1', 'dropoff']]);
  });

  test('stale schedule version: ScheduleConflict, and not even the offer is written', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-oa2');
    await acceptAlone(repos, 'bus-oa2', newTrip('trip-oa2a'), T0 + 60, 0);
    const latestBefore = await repos.events.latestSeq();
    const error = await offerAndAccept('bus-oa2', newTrip('trip-oa2b'), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScheduleConflict);
    expect(error).toMatchObject({ vehicleId: 'bus-oa2', expectedVersion: 0, actualVersion: 1 });
    expect(await repos.trips.get('trip-oa2b')).toBeNull();
    expect(await repos.events.latestSeq()).toBe(latestBefore);
    expect((await repos.vehicles.get('bus-oa2'))!.scheduleVersion).toBe(1);
  });

  test('one statement answers what a fresh read finds: the trip row, the events as logged, the stops (walks and snapped ends kept)', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-oa5');
    const before = await repos.events.latestSeq();
    const trip = newTrip('trip-oa5', { riderName: 'Mina', originSnapped: [127.1, 37.51], walkToPickupM: 42.5, walks: { toPickup: { meetingPointId: 'mp-1', path: [[127.1, 37.51], [127.1005, 37.5102]], distanceM: 42.5, durationS: 31 }, fromDropoff: null } });
    const result = await offerAndAccept('bus-oa5', trip, 0);
    if (!result.created) throw new Error('expected a new trip');
    expect(result.trip).toEqual(await repos.trips.get('trip-oa5'));
    expect(result.trip).toMatchObject({ riderName: 'Mina', originSnapped: [127.1, 37.51], walkToPickupM: 42.5, directS: 840 });
    expect(result.events).toEqual(await repos.events.listAfter(before));
    expect(result.events.map((e) => e.payload.scheduleVersion ?? null)).toEqual([null, 1, 1]);
  });

  test('a new plan that drops another accepted trip of the vehicle: InvalidSchedule, nothing written', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-oa6');
    await acceptAlone(repos, 'bus-oa6', newTrip('trip-oa6a'), T0 + 60, 0);
    const latestBefore = await repos.events.latestSeq();
    const error = await offerAndAccept('bus-oa6', newTrip('trip-oa6b'), 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'InvalidSchedule', message: expect.stringContaining('trip-oa6a') });
    expect(await repos.trips.get('trip-oa6b')).toBeNull();
    expect(await repos.events.latestSeq()).toBe(latestBefore);
    expect((await repos.vehicles.get('bus-oa6'))!.scheduleVersion).toBe(1);
  });

  test('the same idempotency key again: the first trip, nothing written, the vehicle untouched', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-oa3');
    await vehicleOnShift(repos, 'bus-oa4');
    const first = await offerAndAccept('bus-oa3', newTrip('trip-oa3', { riderId: 'jiwoo', idempotencyKey: 'k-7' }), 0);
    const latestBefore = await repos.events.latestSeq();
    const again = await offerAndAccept('bus-oa4', newTrip('trip-oa4', { riderId: 'jiwoo', idempotencyKey: 'k-7' }), 0);
    expect(again).toEqual({ created: false, trip: first.trip });
    expect(await repos.events.latestSeq()).toBe(latestBefore);
    expect((await repos.vehicles.get('bus-oa4'))!.scheduleVersion).toBe(0);
    expect(await repos.trips.get('trip-oa4')).toBeNull();
  });
});

describe('applySchedules', () => {
  test('re-optimizer moves a waiting rider from bus-a to bus-b: both versions bump, trip follows, events appended', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-a');
    await vehicleOnShift(repos, 'bus-b');
    const stay = newTrip('trip-stay');
    const move = newTrip('trip-move', { origin: SEOKCHON_LAKE });
    await acceptAlone(repos, 'bus-a', stay, T0, 0);
    await repos.schedules.acceptTrip({
      trip: move, promise: promiseFor(T0 + 60), vehicleId: 'bus-a', expectedScheduleVersion: 1,
      stops: [...stopsOf(stay, T0), ...stopsOf(move, T0 + 60)], atS: T0,
    });
    const result = await repos.schedules.applySchedules({
      changes: [
        { vehicleId: 'bus-a', expectedVersion: 2, stops: stopsOf(stay, T0) },
        { vehicleId: 'bus-b', expectedVersion: 0, stops: stopsOf(move, T0 + 60) },
      ],
      events: [{ type: 'reoptimized', payload: { savedS: 240 } }],
      atS: T0 + 30,
    });
    expect(result.versions).toEqual({ 'bus-a': 3, 'bus-b': 1 });
    expect(result.movedTrips).toEqual([{ tripId: 'trip-move', fromVehicleId: 'bus-a', toVehicleId: 'bus-b' }]);
    expect(result.events.map((e) => e.type)).toEqual(['schedule_changed', 'schedule_changed', 'trip_reassigned', 'reoptimized']);
    expect((await repos.trips.get('trip-move'))!.vehicleId).toBe('bus-b');
    const state = await repos.loadDispatchState();
    const stopsOfBus = (id: string) => state.vehicles.find((v) => v.vehicle.id === id)!.stops.map((s) => `${s.stop.tripId}/${s.stop.kind}`);
    expect(stopsOfBus('bus-a')).toEqual(['trip-stay/pickup', 'trip-stay/dropoff']);
    expect(stopsOfBus('bus-b')).toEqual(['trip-move/pickup', 'trip-move/dropoff']);
  });

  test('one of two vehicles changed meanwhile: ScheduleConflict, neither vehicle changes', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-c');
    await vehicleOnShift(repos, 'bus-d');
    const trip = newTrip('trip-cd');
    await acceptAlone(repos, 'bus-c', trip, T0, 0);
    const latestBefore = await repos.events.latestSeq();
    const error = await repos.schedules
      .applySchedules({
        changes: [
          { vehicleId: 'bus-c', expectedVersion: 1, stops: [] },
          { vehicleId: 'bus-d', expectedVersion: 7, stops: stopsOf(trip, T0) },
        ],
        atS: T0,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScheduleConflict);
    expect(error).toMatchObject({ vehicleId: 'bus-d', actualVersion: 0 });
    expect((await repos.vehicles.get('bus-c'))!.scheduleVersion).toBe(1);
    expect((await repos.trips.get('trip-cd'))!.vehicleId).toBe('bus-c');
    expect(await repos.events.latestSeq()).toBe(latestBefore);
  });

  test('trip moved to a vehicle whose old vehicle is not in the plan: refused', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-e');
    await vehicleOnShift(repos, 'bus-f');
    const trip = newTrip('trip-ef');
    await acceptAlone(repos, 'bus-e', trip, T0, 0);
    const error = await repos.schedules
      .applySchedules({ changes: [{ vehicleId: 'bus-f', expectedVersion: 0, stops: stopsOf(trip, T0) }], atS: T0 })
      .catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidSchedule');
    expect((await repos.trips.get('trip-ef'))!.vehicleId).toBe('bus-e');
  });

  test('dropoff before pickup in a sequence: refused before any SQL', async () => {
    const trip = newTrip('trip-backwards');
    const [p, d] = stopsOf(trip, T0);
    const error = await t.db.repos.schedules
      .applySchedules({ changes: [{ vehicleId: 'bus-a', expectedVersion: 3, stops: [d, p] }], atS: T0 })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/dropped off before its pickup/);
  });
});
