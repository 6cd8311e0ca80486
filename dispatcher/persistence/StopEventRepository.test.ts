import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, promiseFor, stopsOf, T0, vehicleOnShift } from '../../test-support/dbFixtures';
import { isPersistenceError } from './PersistenceError';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('stop events', () => {
  test('a whole ride: arrive at pickup, board, arrive at dropoff, alight; every step bumps the schedule version', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-ride');
    await acceptAlone(repos, 'bus-ride', newTrip('trip-ride'), T0 + 300, 0);

    const arrived = await repos.stopEvents.arrived('trip-ride', 'pickup', T0 + 290);
    expect(arrived.trip.state).toBe('arriving');
    expect(arrived.stop).toMatchObject({ state: 'arrived', actualArrivalS: T0 + 290 });
    expect(arrived.scheduleVersion).toBe(2);

    const boarded = await repos.stopEvents.pickedUp('trip-ride', T0 + 320);
    expect(boarded.trip).toMatchObject({ state: 'on_board', actualPickupAtS: T0 + 320 });
    expect(boarded.stop).toMatchObject({ state: 'done', actualArrivalS: T0 + 290, actualDepartureS: T0 + 320 });

    const mid = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-ride')!;
    expect(mid.stops.map((s) => s.stop.kind)).toEqual(['dropoff']);

    await repos.stopEvents.arrived('trip-ride', 'dropoff', T0 + 1200);
    const done = await repos.stopEvents.droppedOff('trip-ride', T0 + 1230);
    expect(done.trip).toMatchObject({ state: 'completed', actualDropoffAtS: T0 + 1230 });
    expect(done.scheduleVersion).toBe(5);
    expect(done.events[0]).toMatchObject({ type: 'trip_completed', tripId: 'trip-ride', vehicleId: 'bus-ride', atS: T0 + 1230 });

    const after = await repos.loadDispatchState();
    expect(after.openTrips.map((x) => x.id)).not.toContain('trip-ride');
    const types = (await repos.events.listAfter(0)).filter((e) => e.tripId === 'trip-ride').map((e) => e.type);
    expect(types).toEqual(['trip_accepted', 'stop_arrived', 'trip_picked_up', 'stop_arrived', 'trip_completed']);
  });

  test('rider does not come out: pickup and dropoff skipped, trip no_show, the bus has no stops left', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-noshow');
    await acceptAlone(repos, 'bus-noshow', newTrip('trip-noshow'), T0, 0);
    await repos.stopEvents.arrived('trip-noshow', 'pickup', T0);
    const result = await repos.stopEvents.noShow('trip-noshow', T0 + 300);
    expect(result.trip.state).toBe('no_show');
    expect(result.stop.state).toBe('skipped');
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-noshow')!;
    expect(bus.stops).toEqual([]);
  });

  test('dropoff reported before the pickup: refused, nothing changes', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-early');
    await acceptAlone(repos, 'bus-early', newTrip('trip-early'), T0, 0);
    const error = await repos.stopEvents.droppedOff('trip-early', T0).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidTripTransition');
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-early')!;
    expect(bus.vehicle.scheduleVersion).toBe(1);
    expect(bus.stops.map((s) => s.stop.state)).toEqual(['planned', 'planned']);
  });

  test('the bus waits at a pickup while a new plan arrives: the arrived stop stays first', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-wait');
    const a = newTrip('trip-wait-a');
    await acceptAlone(repos, 'bus-wait', a, T0, 0);
    const { scheduleVersion } = await repos.stopEvents.arrived('trip-wait-a', 'pickup', T0);
    const b = newTrip('trip-wait-b');
    // The plan leaves out the stop the bus stands at; it keeps leading the schedule.
    const [pickupB, dropoffB] = stopsOf(b, T0 + 60);
    await repos.schedules.acceptTrip({
      trip: b, promise: promiseFor(T0 + 60), vehicleId: 'bus-wait', expectedScheduleVersion: scheduleVersion,
      stops: [pickupB, stopsOf(a, T0)[1], dropoffB], atS: T0 + 5,
    });
    const bus = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-wait')!;
    expect(bus.stops.map((s) => `${s.stop.tripId}/${s.stop.kind}/${s.stop.state}`)).toEqual([
      'trip-wait-a/pickup/arrived', 'trip-wait-b/pickup/planned', 'trip-wait-a/dropoff/planned', 'trip-wait-b/dropoff/planned',
    ]);
  });
});

describe('an arrival out of order', () => {
  test('the driver stands at the second trip\'s pickup first: the stored order leads with it, by seq alone', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-order');
    const a = newTrip('trip-order-a');
    const b = newTrip('trip-order-b');
    await acceptAlone(repos, 'bus-order', a, T0 + 300, 0);
    await repos.schedules.acceptTrip({
      trip: b, promise: promiseFor(T0 + 600), vehicleId: 'bus-order', expectedScheduleVersion: 1,
      stops: [...stopsOf(a, T0 + 300), ...stopsOf(b, T0 + 600)], atS: T0 + 10,
    });

    await repos.stopEvents.arrived('trip-order-b', 'pickup', T0 + 200);

    const bySeq = await t.db.pool.query<{ trip_id: string; kind: string }>(
      `SELECT trip_id, kind FROM stops WHERE vehicle_id = 'bus-order' AND state IN ('planned', 'arrived') ORDER BY seq`,
    );
    expect(bySeq.rows.map((r) => `${r.trip_id}/${r.kind}`)).toEqual(['trip-order-b/pickup', 'trip-order-a/pickup', 'trip-order-a/dropoff', 'trip-order-b/dropoff']);
    const loaded = (await repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-order')!;
    expect(loaded.stops.map((s) => `${s.trip.id}/${s.stop.kind}`)).toEqual(bySeq.rows.map((r) => `${r.trip_id}/${r.kind}`));
  });
});
