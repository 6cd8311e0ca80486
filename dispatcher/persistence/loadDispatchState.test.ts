import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, OLYMPIC_PARK, promiseFor, SEOKCHON_LAKE, SONGPA_OFFICE, stopsOf, T0, vehicleOnShift } from '../../test-support/dbFixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('dispatch state after a restart', () => {
  test('a morning of writes, pool closed, new pool opened: the loaded state is the same', async () => {
    const repos = t.db.repos;
    await vehicleOnShift(repos, 'bus-1');
    await vehicleOnShift(repos, 'bus-2');
    await repos.vehicles.upsert({ id: 'bus-idle', name: 'spare', seats: 4, wheelchairPlaces: 0, depot: SONGPA_OFFICE }, T0);
    const a = newTrip('trip-a');
    const b = newTrip('trip-b', { origin: SEOKCHON_LAKE, destination: OLYMPIC_PARK, wheelchairs: 1, passengers: 0 });
    await acceptAlone(repos, 'bus-1', a, T0 + 120, 0);
    await repos.schedules.acceptTrip({
      trip: b, promise: promiseFor(T0 + 240), vehicleId: 'bus-1', expectedScheduleVersion: 1,
      stops: [stopsOf(a, T0 + 120)[0], stopsOf(b, T0 + 240)[0], stopsOf(a, T0 + 120)[1], stopsOf(b, T0 + 240)[1]], atS: T0 + 10,
    });
    await repos.stopEvents.pickedUp('trip-a', T0 + 130);
    await acceptAlone(repos, 'bus-2', newTrip('trip-c'), T0 + 400, 0);
    await repos.trips.create(newTrip('trip-waiting'), { atS: T0 + 20 });
    await repos.trips.create(newTrip('trip-gone'), { atS: T0 + 21 });
    await repos.trips.reject('trip-gone', 'MaxWaitExceeded', T0 + 22);
    await repos.positions.record({ vehicleId: 'bus-1', atS: T0 + 140, location: [127.1003, 37.5131], headingDeg: 92.5, speedMps: 8.3 });
    await repos.positions.record({ vehicleId: 'bus-1', atS: T0 + 150, location: [127.1011, 37.5130], headingDeg: 95, speedMps: 9.1 });

    const before = await repos.loadDispatchState();
    await t.db.close();
    const reopened = await t.reopen();
    const after = await reopened.repos.loadDispatchState();

    expect(after).toEqual(before);
    expect(reopened.migrations?.applied).toEqual([]);
    expect(after.vehicles.map((v) => v.vehicle.id)).toEqual(['bus-1', 'bus-2']);
    const bus1 = after.vehicles[0]!;
    expect(bus1.vehicle.scheduleVersion).toBe(3);
    expect(bus1.shift).toMatchObject({ state: 'active', startedAtS: T0 });
    expect(bus1.lastPosition).toEqual({ vehicleId: 'bus-1', atS: T0 + 150, location: [127.1011, 37.513], headingDeg: 95, speedMps: 9.1 });
    expect(bus1.stops.map((s) => `${s.trip.id}/${s.stop.kind}/${s.trip.state}`)).toEqual([
      'trip-b/pickup/accepted', 'trip-a/dropoff/on_board', 'trip-b/dropoff/accepted',
    ]);
    expect(bus1.stops[0]!.stop).toMatchObject({ location: SEOKCHON_LAKE, plannedArrivalS: T0 + 240, earliestS: T0 + 240, latestS: T0 + 840, serviceS: 30 });
    expect(after.openTrips.map((x) => x.id)).toEqual(['trip-a', 'trip-c', 'trip-b', 'trip-waiting']) // by creation time;
    expect(after.lastEventSeq).toBe(await reopened.repos.events.latestSeq());
  });

});

describe('reading back a few vehicles', () => {
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
  });
  afterAll(async () => {
    await own?.drop();
  });

  test('named vehicles: only their rows and the trips on their stops, not the fleet', async () => {
    const repos = own.db.repos;
    await vehicleOnShift(repos, 'bus-n1');
    await vehicleOnShift(repos, 'bus-n2');
    await repos.vehicles.upsert({ id: 'bus-n3', name: 'spare', seats: 4, wheelchairPlaces: 0, depot: SONGPA_OFFICE }, T0);
    await acceptAlone(repos, 'bus-n1', newTrip('trip-n1'), T0 + 120, 0);
    await acceptAlone(repos, 'bus-n2', newTrip('trip-n2'), T0 + 300, 0);
    await repos.trips.create(newTrip('trip-n-waiting'), { atS: T0 + 20 });

    const one = await repos.loadDispatchState(['bus-n2', 'bus-n3']);

    // bus-n3 is neither on shift nor holding stops: it is not in the state (the dispatcher drops it from the fleet).
    expect(one.vehicles.map((v) => v.vehicle.id)).toEqual(['bus-n2']);
    expect(one.vehicles[0]!.stops.map((s) => `${s.trip.id}/${s.stop.kind}`)).toEqual(['trip-n2/pickup', 'trip-n2/dropoff']);
    expect(one.openTrips.map((x) => x.id)).toEqual(['trip-n2']);
    expect(one.lastEventSeq).toBe(await repos.events.latestSeq());
  });
});
