import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { ApiError } from '../dispatcher/errors/ApiError';
import { ManualClock } from '../dispatcher/clock/Clock';
import { MetricsRepository } from '../dispatcher/persistence/MetricsRepository';
import { type AcceptTripInput, ScheduleRepository } from '../dispatcher/persistence/ScheduleRepository';
import { Dispatcher } from '../dispatcher/service/Dispatcher';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../test-support/dbFixtures';
import { sharedPath } from '../test-support/sharedData';

/**
 * The database goes away in the middle of an acceptance: before its COMMIT (nothing saved) or after it (saved, but the
 * answer never reaches the dispatcher). Either way the rider is told DatabaseUnavailable, never "accepted"; the
 * in-memory fleet is read back from PostgreSQL, and the rider's retry with the same Idempotency-Key ends accepted.
 */
class SchedulesThatLoseTheConnection extends ScheduleRepository {
  fault: 'none' | 'before-commit' | 'after-commit' = 'none';

  override async acceptTrip(input: AcceptTripInput) {
    return this.losing(() => super.acceptTrip(input));
  }

  /** An auto-accepted request offers and accepts in this one transaction. */
  override async offerAndAccept(input: Parameters<ScheduleRepository['offerAndAccept']>[0]) {
    return this.losing(() => super.offerAndAccept(input));
  }

  private async losing<T>(commit: () => Promise<T>): Promise<T> {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), {});
    if (this.fault === 'before-commit') throw lost;
    const result = await commit();
    if (this.fault === 'after-commit') throw lost;
    return result;
  }
}

let testDb: TestDatabase;
let dispatcher: Dispatcher;
let schedules: SchedulesThatLoseTheConnection;
const clock = new ManualClock(T0);

beforeAll(async () => {
  const [db, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))]);
  testDb = db;
  schedules = new SchedulesThatLoseTheConnection(db.db.pool);
  const repos = { ...db.db.repos, schedules };
  await repos.serviceAreas.create({ name: 'Songpa', geometry: SONGPA_AREA, atS: T0 });
  dispatcher = await Dispatcher.start({ repos, router: new BuiltinRouter(prepared), clock, referenceLat: 37.52, metrics: new MetricsRepository(db.db.pool) });
  await dispatcher.upsertVehicle({ id: 'bus-1', seats: 6, wheelchairPlaces: 0, depot: pair(SONGPA_OFFICE) });
  await dispatcher.startShift('bus-1', { endsAt: T0 + 8 * 3600 });
}, 60_000);

afterAll(async () => {
  dispatcher.resync.stop();
  await testDb.drop();
});

const pair = (p: readonly [number, number]): [number, number] => [p[0], p[1]];
const request = (riderId: string, destination = OLYMPIC_PARK) => ({ riderId, origin: pair(JAMSIL_STATION), destination: pair(destination), passengers: 1, wheelchairs: 0, autoAccept: true });

async function failure(work: Promise<unknown>): Promise<ApiError> {
  const e = await work.then(() => null, (err: unknown) => err);
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return e;
}

async function resynced(): Promise<void> {
  for (let i = 0; i < 200 && dispatcher.resync.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(dispatcher.resync.size).toBe(0);
}

const stopsOnBus = () => dispatcher.fleet.vehicles.get('bus-1')!.stops.map((s) => `${s.kind}:${s.tripId}`);

describe('an acceptance whose connection is lost', () => {
  test('after its commit: reported DatabaseUnavailable, not accepted; the bus is read back with the trip; the retry returns it accepted', async () => {
    schedules.fault = 'after-commit';
    const e = await failure(dispatcher.requestTrip(request('rider-a'), 'key-a'));
    schedules.fault = 'none';
    expect(e.code).toBe('DatabaseUnavailable');
    expect(e.status).toBe(503);
    expect(e.retryAfterS).toBeGreaterThan(0);

    const saved = await testDb.db.repos.trips.getByIdempotencyKey('rider-a', 'key-a');
    expect(saved?.state).toBe('accepted');
    await resynced();
    expect(stopsOnBus()).toEqual(expect.arrayContaining([`pickup:${saved!.id}`, `dropoff:${saved!.id}`]));
    const busInDb = (await testDb.db.repos.loadDispatchState()).vehicles.find((v) => v.vehicle.id === 'bus-1')!;
    expect(dispatcher.fleet.vehicles.get('bus-1')!.scheduleVersion).toBe(busInDb.vehicle.scheduleVersion);

    const retry = await dispatcher.requestTrip(request('rider-a'), 'key-a');
    expect(retry).toMatchObject({ created: false, trip: { id: saved!.id, state: 'accepted', vehicleId: 'bus-1' } });
  });

  // The offer and the acceptance of an auto-accepted request are one transaction: lost before its commit, nothing of
  // the trip is saved, and the retry with the same key books it from scratch.
  test('before its commit: reported DatabaseUnavailable; nothing saved and the bus unchanged; the retry books it', async () => {
    const before = stopsOnBus();
    schedules.fault = 'before-commit';
    const e = await failure(dispatcher.requestTrip(request('rider-b', SEOKCHON_LAKE), 'key-b'));
    schedules.fault = 'none';
    expect(e.code).toBe('DatabaseUnavailable');

    expect(await testDb.db.repos.trips.getByIdempotencyKey('rider-b', 'key-b')).toBeNull();
    await resynced();
    expect(stopsOnBus()).toEqual(before);

    const retry = await dispatcher.requestTrip(request('rider-b', SEOKCHON_LAKE), 'key-b');
    expect(retry).toMatchObject({ created: true, trip: { state: 'accepted' } });
    const saved = await testDb.db.repos.trips.getByIdempotencyKey('rider-b', 'key-b');
    expect(saved).toMatchObject({ id: retry.trip.id, state: 'accepted' });
    expect(stopsOnBus()).toEqual(expect.arrayContaining([`pickup:${saved!.id}`, `dropoff:${saved!.id}`]));
  });
});
