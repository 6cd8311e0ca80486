import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, promiseFor, T0, vehicleOnShift } from '../../test-support/dbFixtures';
import { isPersistenceError } from './PersistenceError';
import { TRIP_STATES } from './records';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('trips', () => {
  test('rider retries a request with the same idempotency key: same trip, one row, one event', async () => {
    const trips = t.db.repos.trips;
    const first = await trips.create(newTrip('trip-retry-1', { riderId: 'minji', idempotencyKey: 'k-42' }), { atS: T0 });
    const again = await trips.create(newTrip('trip-retry-2', { riderId: 'minji', idempotencyKey: 'k-42' }), { atS: T0 + 5 });
    expect(first.created).toBe(true);
    expect(again).toEqual({ trip: first.trip, created: false });
    expect(await trips.getByIdempotencyKey('minji', 'k-42')).toEqual(first.trip);
    expect(await trips.get('trip-retry-2')).toBeNull();
    const events = await t.db.repos.events.listAfter(0);
    expect(events.filter((e) => e.tripId === 'trip-retry-1').map((e) => e.type)).toEqual(['trip_requested']);
  });

  test('request refused at once: one trip stored rejected with its reason, trip_requested + trip_rejected; the same key again writes nothing', async () => {
    const trips = t.db.repos.trips;
    const first = await trips.createRejected(newTrip('trip-refused-1', { riderId: 'seoyeon', idempotencyKey: 'k-9' }), 'OutsideServiceArea', T0);
    expect(first.created).toBe(true);
    expect(first.trip).toMatchObject({ id: 'trip-refused-1', state: 'rejected', rejectReason: 'OutsideServiceArea' });
    const { rows } = await t.db.pool.query<{ type: string; payload: Record<string, unknown> }>('SELECT type, payload FROM events WHERE trip_id = $1 ORDER BY seq', ['trip-refused-1']);
    expect(rows.map((r) => r.type)).toEqual(['trip_requested', 'trip_rejected']);
    expect(rows[1]!.payload).toEqual({ reason: 'OutsideServiceArea' });
    const again = await trips.createRejected(newTrip('trip-refused-2', { riderId: 'seoyeon', idempotencyKey: 'k-9' }), 'NoVehicleInReach', T0 + 5);
    expect(again).toEqual({ trip: first.trip, created: false });
    expect(await trips.get('trip-refused-2')).toBeNull();
    const count = await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE trip_id = $1', ['trip-refused-1']);
    expect(Number(count.rows[0]!.n)).toBe(2);
  });

  test('same key from another rider: a different trip', async () => {
    const trips = t.db.repos.trips;
    const a = await trips.create(newTrip('trip-key-a', { riderId: 'a', idempotencyKey: 'same' }), { atS: T0 });
    const b = await trips.create(newTrip('trip-key-b', { riderId: 'b', idempotencyKey: 'same' }), { atS: T0 });
    expect([a.created, b.created]).toEqual([true, true]);
    expect(b.trip.id).toBe('trip-key-b');
  });

  test('requested trip round-trips every field in [lon, lat] and epoch seconds', async () => {
    const trip = newTrip('trip-fields', {
      riderName: 'Jisoo', originSnapped: [127.1002, 37.5134], walkToPickupM: 14.5, passengers: 2, wheelchairs: 1, requestedPickupAtS: T0 + 3600.25,
    });
    const { trip: stored } = await t.db.repos.trips.create(trip, { atS: T0 });
    expect(stored).toMatchObject({ ...trip, destinationSnapped: null, state: 'requested', promise: null, createdAtS: T0, updatedAtS: T0, version: 0 });
  });

  test('request offered then rejected for lack of vehicles: reason kept, later transitions refused', async () => {
    const trips = t.db.repos.trips;
    await trips.create(newTrip('trip-rejected'), { atS: T0 });
    const offered = await trips.offer('trip-rejected', { promise: promiseFor(T0), offerExpiresAtS: T0 + 60, walkToPickupM: 40 }, T0 + 1);
    expect(offered).toMatchObject({ state: 'offered', promise: promiseFor(T0), offerExpiresAtS: T0 + 60, walkToPickupM: 40, version: 1 });
    const rejected = await trips.reject('trip-rejected', 'NoVehicleInReach', T0 + 2);
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: 'NoVehicleInReach', version: 2 });
    const error = await trips.cancel('trip-rejected', 'changed my mind', T0 + 3).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidTripTransition');
    expect((error as Error).message).toMatch(/is rejected/);
  });

  test('accepted rider cancels: stops skipped, vehicle schedule version moves on, trip_cancelled + schedule_changed', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-cancel');
    await acceptAlone(repos, 'bus-cancel', newTrip('trip-cancel'), T0 + 600, 0);
    const result = await repos.trips.cancel('trip-cancel', 'rider cancelled', T0 + 60);
    expect(result.trip).toMatchObject({ state: 'cancelled', cancelReason: 'rider cancelled' });
    expect(result.scheduleVersion).toBe(2);
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-cancel')!;
    expect(bus.stops).toEqual([]);
    const events = await repos.events.listAfter((await repos.events.latestSeq()) - 2);
    expect(events.map((e) => e.type)).toEqual(['trip_cancelled', 'schedule_changed']);
  });

  test('driver confirms then heads to the pickup: assigned, arriving; a stale expected version is refused', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-states');
    const { trip } = await acceptAlone(repos, 'bus-states', newTrip('trip-states'), T0, 0);
    const assigned = await repos.trips.markState('trip-states', 'assigned', { atS: T0 + 1, expectedVersion: trip.version });
    expect(assigned).toMatchObject({ state: 'assigned', version: trip.version + 1 });
    const error = await repos.trips.markState('trip-states', 'arriving', { atS: T0 + 2, expectedVersion: trip.version }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is at version 1, not 0/);
    expect((await repos.trips.markState('trip-states', 'arriving', { atS: T0 + 2 })).state).toBe('arriving');
  });

  test('the trips table allows exactly the wire trip states of protocol/trips.ts', async () => {
    const { rows } = await t.db.pool.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'trips'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''requested''%'`,
    );
    expect(rows).toHaveLength(1);
    const allowed = [...rows[0]!.def.matchAll(/'(\w+)'::text/g)].map((m) => m[1]);
    expect(new Set(allowed)).toEqual(new Set(TRIP_STATES));
  });

  test('unknown trip: TripNotFound', async () => {
    const error = await t.db.repos.trips.reject('nobody', 'NoRoute', T0).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('TripNotFound');
  });
});
