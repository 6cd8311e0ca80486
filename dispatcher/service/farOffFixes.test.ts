import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { distanceM } from '../../routing/geo';
import { sharedPath } from '../../test-support/sharedData';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import type { TripRequest, TripView } from '../../protocol/trips';
import { ManualClock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { Dispatcher } from './Dispatcher';

/**
 * A few vehicles send GPS fixes far from any road ([0, 0], 40 km outside the city): the fixes are refused when no
 * vehicle could have got there, kept and flagged when it could, and either way the other vehicles go on serving
 * riders at the same acceptance rate, with no 5xx.
 */
type Place = readonly [number, number];
const wire = (p: Place): [number, number] => [p[0], p[1]];
const FAR_40KM: Place = [127.55, 37.52]; // 40 km east of Songpa: a valid lon/lat, no road of the map near it
const PLACES: Place[] = [JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_OFFICE, [127.09, 37.52], [127.115, 37.51]];
/** Every ordered pair of distinct places: the same riders before and after the bad fixes. */
const PAIRS = PLACES.flatMap((a, i) => PLACES.filter((_, j) => j !== i).map((b) => [a, b] as const)).filter(([a, b]) => distanceM(a, b) > 100).slice(0, 12);

let testDb: TestDatabase;
let dispatcher: Dispatcher;
const clock = new ManualClock(T0);
/** Status of every refused call: none may be 5xx. */
const refusals: { status: number; code: string }[] = [];

async function attempt<T>(call: () => Promise<T>): Promise<T | ApiError> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e; // a 500
    refusals.push({ status: e.status, code: e.code });
    return e;
  }
}

async function offers(tag: string): Promise<TripView[]> {
  const out: TripView[] = [];
  for (const [k, [a, b]] of PAIRS.entries()) {
    const r: TripRequest = { riderId: `rider-${tag}-${k}`, origin: wire(a), destination: wire(b), passengers: 1, wheelchairs: 0, autoAccept: false };
    const got = await attempt(() => dispatcher.requestTrip(r, undefined));
    if (!(got instanceof ApiError)) out.push(got.trip);
  }
  return out;
}

beforeAll(async () => {
  const [db, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  testDb = db;
  dispatcher = await Dispatcher.start({ repos: db.db.repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(db.db.pool) });
  await dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((ring) => ring.map(wire)) } });
  for (const [id, depot] of [['good-1', SONGPA_OFFICE], ['good-2', OLYMPIC_PARK], ['good-3', JAMSIL_STATION], ['bad-1', SONGPA_OFFICE], ['bad-2', SEOKCHON_LAKE], ['bad-3', OLYMPIC_PARK]] as const) {
    await dispatcher.upsertVehicle({ id, seats: 6, wheelchairPlaces: 1, depot: wire(depot) });
  }
  for (const id of ['good-1', 'good-2', 'good-3']) await dispatcher.startShift(id, { endsAt: T0 + 8 * 3600 });
}, 60_000);

afterAll(async () => {
  await testDb?.drop();
});

test('far-off fixes from three vehicles leave the others offering and accepting as before, with no 5xx', async () => {
  const before = await offers('before');
  const offeredBefore = before.filter((t) => t.state === 'offered').length;
  expect(offeredBefore).toBe(PAIRS.length);

  for (const id of ['bad-1', 'bad-2', 'bad-3']) await dispatcher.startShift(id, { endsAt: T0 + 8 * 3600 });
  // bad-1's first fix of the shift is [0, 0]: nothing to compare it with, so it is kept as reported, and flagged.
  expect(await attempt(() => dispatcher.reportPosition('bad-1', { location: [0, 0] }))).toBeUndefined();
  // bad-2 jumps 40 km a second after a fix at its depot: no vehicle drives that fast, the fix is refused (422).
  expect(await attempt(() => dispatcher.reportPosition('bad-2', { location: wire(SEOKCHON_LAKE) }))).toBeUndefined();
  clock.advance(1);
  const jump = await attempt(() => dispatcher.reportPosition('bad-2', { location: wire(FAR_40KM) }));
  expect(jump).toBeInstanceOf(ApiError);
  expect(jump).toMatchObject({ code: 'ImplausiblePosition', status: 422 });
  // A speed no vehicle drives is refused too.
  expect(await attempt(() => dispatcher.reportPosition('bad-3', { location: wire(OLYMPIC_PARK), speedMps: 300 }))).toMatchObject({ code: 'ImplausiblePosition' });
  // bad-3 then really is 40 km away an hour later (plausible, 11 m/s): kept as reported, flagged off the network.
  expect(await attempt(() => dispatcher.reportPosition('bad-3', { location: wire(OLYMPIC_PARK) }))).toBeUndefined();
  clock.advance(3600);
  expect(await attempt(() => dispatcher.reportPosition('bad-3', { location: wire(FAR_40KM) }))).toBeUndefined();

  const bad1 = dispatcher.fleet.vehicles.get('bad-1')!;
  const bad3 = dispatcher.fleet.vehicles.get('bad-3')!;
  expect(bad1.position).toEqual([0, 0]);
  expect(bad1.offNetwork).toBe(true);
  expect(bad3.position).toEqual(FAR_40KM);
  expect(bad3.offNetwork).toBe(true);
  expect(dispatcher.fleet.vehicles.get('bad-2')!.offNetwork).toBeUndefined();
  // Out of the R-tree: no box stretched from Songpa to [0, 0], no candidate slot taken.
  expect(dispatcher.fleet.index.size).toBe(4);
  expect(await dispatcher.nearbyVehicles([0, 0], 5000, 10)).toEqual([]);

  const after = await offers('after');
  expect(after.filter((t) => t.state === 'offered').length).toBe(offeredBefore);

  // Booked at once, every rider goes to a vehicle with a usable fix.
  const booked: TripView[] = [];
  for (const [k, [a, b]] of PAIRS.slice(0, 6).entries()) {
    const got = await attempt(() => dispatcher.requestTrip({ riderId: `rider-book-${k}`, origin: wire(a), destination: wire(b), passengers: 1, wheelchairs: 0, autoAccept: true }, undefined));
    if (!(got instanceof ApiError)) booked.push(got.trip);
  }
  expect(booked.map((t) => t.state)).toEqual(Array(6).fill('accepted'));
  for (const t of booked) expect(['good-1', 'good-2', 'good-3', 'bad-2']).toContain(t.vehicleId);

  // A usable fix puts bad-1 back into service (a fix off the network is no anchor for the jump check).
  clock.advance(1);
  expect(await attempt(() => dispatcher.reportPosition('bad-1', { location: wire(SONGPA_OFFICE) }))).toBeUndefined();
  expect(bad1.offNetwork).toBeUndefined();
  expect(dispatcher.fleet.index.size).toBe(5);
  expect(refusals.every((r) => r.status < 500)).toBe(true);
  expect(refusals.map((r) => r.code)).toEqual(['ImplausiblePosition', 'ImplausiblePosition']);
});
