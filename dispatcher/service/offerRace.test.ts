import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { sharedPath } from '../../test-support/sharedData';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import type { TripRequest } from '../../protocol/trips';
import { ManualClock } from '../clock/Clock';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { HoldingRouter } from './__tests__/HoldingRouter';
import { Dispatcher } from './Dispatcher';

/**
 * An offer waits for its travel times while the fleet changes under it: a stop event, another rider's commit and a
 * re-optimizer round all land on the one vehicle in between. The offer must be decided on the fleet as it was when it
 * started (or refused with a named reason), never on old indices over new stops.
 */
let testDb: TestDatabase;
let router: HoldingRouter;
let dispatcher: Dispatcher;
const clock = new ManualClock(T0);

type Place = readonly [number, number];
const wire = (p: Place): [number, number] => [p[0], p[1]];
const request = (riderId: string, origin: Place, destination: Place, autoAccept: boolean): TripRequest => ({
  riderId, origin: wire(origin), destination: wire(destination), passengers: 1, wheelchairs: 0, autoAccept,
});

beforeAll(async () => {
  const [db, builtin] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  testDb = db;
  router = new HoldingRouter(builtin);
  dispatcher = await Dispatcher.start({ repos: db.db.repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(db.db.pool) });
  await dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((ring) => ring.map(wire)) } });
  await dispatcher.upsertVehicle({ id: 'bus-1', seats: 8, wheelchairPlaces: 1, depot: wire(SONGPA_OFFICE) });
  await dispatcher.startShift('bus-1', { endsAt: T0 + 8 * 3600 });
}, 60_000);

afterAll(async () => {
  await dispatcher?.reoptimizer.stop();
  await testDb?.drop();
});

test('an offer waiting on the router while a stop event, a commit and a re-optimizer round change its vehicle is decided on one consistent view', async () => {
  const first = await dispatcher.requestTrip(request('rider-a', JAMSIL_STATION, OLYMPIC_PARK, true), undefined);
  const second = await dispatcher.requestTrip(request('rider-b', SEOKCHON_LAKE, OLYMPIC_PARK, true), undefined);
  expect([first.trip.state, second.trip.state]).toEqual(['accepted', 'accepted']);
  const stopsBefore = dispatcher.fleet.vehicles.get('bus-1')!.stops.length;
  expect(stopsBefore).toBe(4);

  // The offer's table call to its new stops (the vehicle's position, 4 stops, P, D: 7 sources; nothing is driven
  // from the depot, so it is no source) waits.
  const held = router.holdNextTable((sources, destinations) => sources.length === 7 && destinations.length === 2);
  const offer = dispatcher.requestTrip(request('rider-c', SONGPA_OFFICE, SEOKCHON_LAKE, false), undefined);
  await held;

  // Meanwhile: the vehicle reaches rider-a's pickup and picks them up (one stop fewer, the order changes)...
  clock.advance(60);
  const firstStop = dispatcher.fleet.vehicles.get('bus-1')!.stops[0];
  const pickedUpTrip = firstStop.tripId;
  await dispatcher.stopEvent('bus-1', pickedUpTrip, 'arrived_pickup');
  clock.set(Math.max(clock.nowS(), (await dispatcher.getTrip(pickedUpTrip))!.promisedPickup!.earliestS));
  await dispatcher.stopEvent('bus-1', pickedUpTrip, 'picked_up');
  // ...another rider's trip is committed onto it (two stops more)...
  const third = await dispatcher.requestTrip(request('rider-d', JAMSIL_STATION, SEOKCHON_LAKE, true), undefined);
  expect(third.trip.state).toBe('accepted');
  // ...and a re-optimizer round runs over it.
  const round = await dispatcher.reoptimizer.round('bus-1', { maxIterations: 200 });
  expect(round.vehicles).toBe(1);
  const live = dispatcher.fleet.vehicles.get('bus-1')!;
  expect(live.stops.length).toBe(stopsBefore - 1 + 2);

  router.releaseHeld();
  const decided = await offer;

  // Decided on the view it started from: an offer (the vehicle has room), not a 500 from old indices.
  expect(decided.created).toBe(true);
  expect(decided.trip.state).toBe('offered');
  expect(decided.trip.promisedPickup!.earliestS).toBeLessThanOrEqual(decided.trip.promisedPickup!.latestS);
  expect(decided.trip.promisedArrivalBy!).toBeGreaterThan(decided.trip.promisedPickup!.latestS);

  // Accepting it plans again on the fleet as it is now, and the stored schedule is the in-memory one.
  const accepted = await dispatcher.acceptOffer(decided.trip.id);
  expect(accepted.state).toBe('accepted');
  expect(accepted.vehicleId).toBe('bus-1');
  const stored = (await testDb.db.repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-1')!;
  const inMemory = dispatcher.fleet.vehicles.get('bus-1')!;
  expect(stored.stops.map((s) => `${s.stop.tripId}/${s.stop.kind}`)).toEqual(inMemory.stops.map((s) => `${s.tripId}/${s.kind}`));
  expect(stored.vehicle.scheduleVersion).toBe(inMemory.scheduleVersion);
  expect(inMemory.stops).toHaveLength(stopsBefore - 1 + 2 + 2);
  // Each planned arrival keeps the rider's promise.
  for (const s of inMemory.stops) expect(s.plannedArrivalS).toBeLessThanOrEqual(s.latestS);
});
