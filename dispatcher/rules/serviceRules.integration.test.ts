import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { sharedPath } from '../../test-support/sharedData';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import type { RecurringTripView, ZoneView } from '../../protocol/serviceRules';
import type { TripView } from '../../protocol/trips';
import type { Principal } from '../auth/Principal';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';

/**
 * Zones and their rules through the HTTP API, on PostgreSQL and the built-in router over Songpa, as `anystop serve`
 * runs (re-optimizer on). T0 is Monday 2025-03-03 08:00 in Seoul. The recurring releases are called by the test with
 * its manual clock (the timer is off) so the horizon is crossed exactly when the test says.
 *
 *   +------------------ songpa (Mon–Fri 07:00–20:00, book ≤ 4 days ahead, wait ≤ 10 min) ------------------+
 *   |   Jamsil station ·        Songpa office ·            [seniors: senior riders only] · Olympic Park      |
 *   |          [lake: no pair rule from songpa] · Seokchon lake                                              |
 *   +--------------------------------------------------------------------------------------------------------+
 */
jest.setTimeout(120_000);
let db: TestDatabase;
let running: RunningServer;
const clock = new ManualClock(T0);
const operator: Principal = { role: 'operator', subject: 'op-1' };
const rider = (id: string): Principal => ({ role: 'rider', subject: id });
const DAY = 86400;

async function call(who: Principal, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(running.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await running.auth.issuer!.token(who)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const box = ([x, y]: readonly [number, number], d: number) => ({ type: 'Polygon' as const, coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] });
const trip = (riderId: string, destination: readonly [number, number], pickupAt?: number) => ({
  origin: [JAMSIL_STATION[0], JAMSIL_STATION[1]],
  destination: [destination[0], destination[1]],
  autoAccept: true,
  ...(pickupAt !== undefined ? { pickupAt } : {}),
  riderId,
});
const book = async (riderId: string, destination: readonly [number, number], pickupAt?: number): Promise<TripView> => {
  const res = await call(rider(riderId), 'POST', '/trips', trip(riderId, destination, pickupAt));
  expect(res.status).toBe(201);
  return res.body as TripView;
};

beforeAll(async () => {
  const [testDb, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  db = testDb;
  running = await startServer({ router, clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, releaseRecurring: false });
  for (const id of ['bus-1', 'bus-2']) expect((await call(operator, 'PUT', `/vehicles/${id}`, { seats: 6, wheelchairPlaces: 1, depot: SONGPA_OFFICE })).status).toBe(200);
  expect((await call(operator, 'POST', '/vehicles/bus-1/shift/start', { endsAt: T0 + 8 * 3600 })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

describe('zone CRUD', () => {
  const valid = { name: 'scratch', geometry: box(SONGPA_OFFICE, 0.003) };
  test.each([
    ['a self-intersecting polygon', { ...valid, geometry: { type: 'Polygon', coordinates: [[[127.10, 37.51], [127.11, 37.52], [127.11, 37.51], [127.10, 37.52], [127.10, 37.51]]] } }, 'not a valid polygon'],
    ['a ring that does not close', { ...valid, geometry: { type: 'Polygon', coordinates: [[[127.10, 37.51], [127.11, 37.51], [127.11, 37.52], [127.10, 37.52]]] } }, 'body.geometry'],
    ['hours that end before they start', { ...valid, hours: { weekly: [{ days: ['monday'], start: '20:00', end: '07:00' }] } }, 'body.hours.weekly.0.end'],
    ['a time that is not HH:MM', { ...valid, hours: { weekly: [{ days: ['monday'], start: '7am', end: '20:00' }] } }, 'body.hours.weekly.0.start'],
    ['a holiday that is no date', { ...valid, hours: { weekly: [], closedDates: ['2025-02-30'] } }, 'body.hours.closedDates.0'],
    ['an unknown time zone', { ...valid, timezone: 'Mars/Olympus' }, 'body.timezone'],
    ['via_transfer without a transfer point', { ...valid, pairs: [{ toZoneId: 'scratch', rule: 'via_transfer' }] }, 'body.pairs.0.transferPoint'],
    ['a pair to a zone that does not exist', { ...valid, pairs: [{ toZoneId: 'nowhere', rule: 'allowed' }] }, 'body.pairs.0.toZoneId'],
    ['an unknown rider group', { ...valid, eligibleGroups: ['astronaut'] }, 'body.eligibleGroups.0'],
    ['a walk limit of 5 km', { ...valid, maxWalkM: 5000 }, 'body.maxWalkM'],
  ])('%s: 400 ValidationFailed naming the field', async (_, body, where) => {
    const res = await call(operator, 'POST', '/zones', body);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'ValidationFailed', message: expect.stringContaining(where) } } });
  });

  test('create, read, change and remove a zone; a rider may not create one', async () => {
    expect((await call(rider('r-1'), 'POST', '/zones', valid)).status).toBe(403);
    const created = await call(operator, 'POST', '/zones', { ...valid, id: 'scratch', timezone: 'Asia/Seoul', hours: { weekly: [{ days: ['monday', 'friday'], start: '07:00', end: '24:00' }], closedDates: ['2025-03-03'], extra: [{ date: '2025-03-08', start: '09:00', end: '12:00' }] } });
    expect(created).toMatchObject({ status: 201, body: { id: 'scratch', source: 'operator', maxWalkM: 250, hours: { weekly: [{ days: ['monday', 'friday'], start: '07:00', end: '24:00' }], closedDates: ['2025-03-03'], extra: [{ date: '2025-03-08', start: '09:00', end: '12:00' }] } } });
    expect((await call(operator, 'POST', '/zones', { ...valid, id: 'scratch' })).status).toBe(400);
    expect((await call(rider('r-1'), 'GET', '/zones')).body.zones.map((z: ZoneView) => z.id)).toEqual(['scratch']);
    const changed = await call(operator, 'PUT', '/zones/scratch', { ...valid, maxWaitS: 600, maxDetour: { alpha: 1.3, betaS: 120 }, pairs: [{ toZoneId: 'scratch', rule: 'allowed' }] });
    expect(changed).toMatchObject({ status: 200, body: { maxWaitS: 600, maxDetour: { alpha: 1.3, betaS: 120 }, hours: null, pairs: [{ toZoneId: 'scratch', rule: 'allowed', transferPoint: null }] } });
    expect((await call(operator, 'PUT', '/zones/nowhere', valid)).status).toBe(404);
    expect((await call(operator, 'DELETE', '/zones/scratch')).status).toBe(204);
    expect((await call(operator, 'DELETE', '/zones/scratch')).status).toBe(404);
    expect((await call(operator, 'GET', '/zones')).body.zones).toEqual([]);
  });
});

describe('rules in the decision path', () => {
  beforeAll(async () => {
    // The first zone that holds a point is its zone: the small ones go first.
    expect(await call(operator, 'POST', '/zones', { id: 'seniors', name: 'Seniors centre', geometry: box(OLYMPIC_PARK, 0.006), eligibleGroups: ['senior'], pairs: [] })).toMatchObject({ status: 201 });
    expect((await call(operator, 'POST', '/zones', { id: 'lake', name: 'Lake', geometry: box(SEOKCHON_LAKE, 0.003) })).status).toBe(201);
    const songpa = {
      id: 'songpa', name: 'Songpa', geometry: SONGPA_AREA, timezone: 'Asia/Seoul', maxWaitS: 600, bookingHorizonS: 4 * DAY,
      hours: { weekly: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '07:00', end: '20:00' }], closedDates: ['2025-03-05'] },
      pairs: [{ toZoneId: 'seniors', rule: 'allowed' }],
    };
    expect((await call(operator, 'POST', '/zones', songpa)).status).toBe(201);
  });

  test('Monday 21:00 and the Wednesday holiday: OutsideServiceHours', async () => {
    expect(await book('r-late', SONGPA_OFFICE, T0 + 13 * 3600)).toMatchObject({ state: 'rejected', rejectReason: 'OutsideServiceHours' });
    expect(await book('r-late', SONGPA_OFFICE, T0 + 2 * DAY + 3600)).toMatchObject({ state: 'rejected', rejectReason: 'OutsideServiceHours' });
  });

  test('Songpa to the lake zone, which no pair rule serves: ZonePairNotServed', async () => {
    expect(await book('r-lake', SEOKCHON_LAKE)).toMatchObject({ state: 'rejected', rejectReason: 'ZonePairNotServed' });
  });

  test('to the seniors centre: NotEligible until an operator puts the rider in the senior group', async () => {
    expect(await book('r-gran', OLYMPIC_PARK)).toMatchObject({ state: 'rejected', rejectReason: 'NotEligible' });
    expect((await call(rider('r-gran'), 'PUT', '/riders/r-gran/groups', { groups: ['senior'] })).status).toBe(403);
    expect(await call(operator, 'PUT', '/riders/r-gran/groups', { groups: ['senior'] })).toMatchObject({ status: 200, body: { groups: ['senior'] } });
    expect(await call(rider('r-gran'), 'GET', '/riders/r-gran/groups')).toMatchObject({ status: 200, body: { groups: ['senior'] } });
    const served = await book('r-gran', OLYMPIC_PARK);
    expect(served).toMatchObject({ state: 'accepted', vehicleId: 'bus-1' });
    // The zone's 10-minute max wait tightens the promise (the service default is 15 minutes).
    expect(served.promisedPickup!.latestS).toBeLessThanOrEqual(served.requestedPickupAt + 600);
    expect((await call(operator, 'POST', `/trips/${served.id}/cancel`, { reason: 'test done' })).status).toBe(200);
  });

  test('Friday 10:00, four days and two hours ahead: BookingTooFar', async () => {
    expect(await book('r-early', SONGPA_OFFICE, T0 + 4 * DAY + 2 * 3600)).toMatchObject({ state: 'rejected', rejectReason: 'BookingTooFar' });
  });

  test('the rider page reads the zones’ hours and the shifts scheduled this week', async () => {
    const res = await call(rider('r-1'), 'GET', '/service-hours');
    expect(res.status).toBe(200);
    expect(res.body.zones.find((z: { id: string }) => z.id === 'songpa')).toMatchObject({ timezone: 'Asia/Seoul', hours: { weekly: [{ start: '07:00', end: '20:00' }], closedDates: ['2025-03-05'] } });
    expect(res.body.scheduled).toEqual([{ startsAt: T0, endsAt: T0 + 8 * 3600 }]);
  });
});

describe('recurring trips', () => {
  let sub: RecurringTripView;

  test('Mon–Fri 09:30 Jamsil → Songpa office, return 15:30: the occurrence is released at the horizon (2 h), once', async () => {
    const res = await call(rider('r-rec'), 'POST', '/recurring-trips', { origin: JAMSIL_STATION, destination: SONGPA_OFFICE, days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], pickupTime: '09:30', returnTime: '15:30', skipDates: ['2025-03-06'] });
    expect(res.status).toBe(201);
    sub = res.body;
    expect(sub).toMatchObject({ riderId: 'r-rec', timezone: 'Asia/Seoul', startDate: '2025-03-03', pickupTime: '09:30', returnTime: '15:30' });
    expect(sub.upcoming.slice(0, 2)).toEqual([
      { date: '2025-03-03', leg: 'outbound', pickupAt: T0 + 5400, status: 'scheduled', tripId: null, reason: null },
      { date: '2025-03-03', leg: 'return', pickupAt: T0 + 7.5 * 3600, status: 'scheduled', tripId: null, reason: null },
    ]);
    expect(sub.upcoming.filter((o) => o.date === '2025-03-06').map((o) => o.status)).toEqual(['skipped', 'skipped']);

    clock.set(T0 + 5400 - 2 * 3600 - 60); // a minute before the horizon: nothing yet
    expect(await running.serviceRules.recurring.release()).toEqual([]);
    clock.set(T0 + 5400 - 2 * 3600 + 60);
    const released = await running.serviceRules.recurring.release();
    expect(released.map((t) => ({ riderId: t.riderId, state: t.state, vehicleId: t.vehicleId, requestedPickupAt: t.requestedPickupAt }))).toEqual([{ riderId: 'r-rec', state: 'accepted', vehicleId: 'bus-1', requestedPickupAt: T0 + 5400 }]);
    // In the live plan: on bus-1's manifest.
    expect(running.dispatcher.fleet.vehicles.get('bus-1')!.stops.filter((s) => s.tripId === released[0]!.id).map((s) => s.kind)).toEqual(['pickup', 'dropoff']);
    expect(await running.serviceRules.recurring.release()).toEqual([]);
    const listed = (await call(rider('r-rec'), 'GET', '/recurring-trips')).body.recurringTrips as RecurringTripView[];
    expect(listed.map((r) => r.upcoming[0])).toEqual([{ date: '2025-03-03', leg: 'outbound', pickupAt: T0 + 5400, status: 'released', tripId: released[0]!.id, reason: null }]);
  });

  test('cancelling today’s occurrence cancels the released trip and keeps the return from being released; another rider cannot', async () => {
    expect((await call(rider('r-other'), 'DELETE', `/recurring-trips/${sub.id}/occurrences/2025-03-03`)).status).toBe(404);
    expect((await call(rider('r-rec'), 'DELETE', `/recurring-trips/${sub.id}/occurrences/2025-03-08`)).status).toBe(404); // a Saturday: no occurrence
    const res = await call(rider('r-rec'), 'DELETE', `/recurring-trips/${sub.id}/occurrences/2025-03-03`);
    expect(res.status).toBe(200);
    const today = (res.body as RecurringTripView).upcoming.filter((o) => o.date === '2025-03-03');
    expect(today.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    const outbound = await call(rider('r-rec'), 'GET', `/trips/${today[0]!.tripId}`);
    expect(outbound.body).toMatchObject({ state: 'cancelled', cancelCode: 'RiderCancelled' });
    clock.set(T0 + 7.5 * 3600 - 3600);
    expect(await running.serviceRules.recurring.release()).toEqual([]);
  });
});

describe('pre-booking against planned shifts', () => {
  const THURSDAY_0900 = T0 + 3 * DAY + 3600;

  test('three days ahead: refused while no shift is planned, accepted on the planned shift, and its stops join the vehicle when the driver starts it', async () => {
    expect(await book('r-pre', SONGPA_OFFICE, THURSDAY_0900)).toMatchObject({ state: 'rejected', rejectReason: 'OutsideServiceHours' });

    expect((await call(operator, 'POST', '/vehicles/bus-2/shifts', { startsAt: T0 + 3 * DAY, endsAt: T0 + 3 * DAY + 8 * 3600 })).status).toBe(201);
    expect((await call(operator, 'POST', '/vehicles/bus-2/shifts', { startsAt: T0 + 3 * DAY + 3600, endsAt: T0 + 3 * DAY + 4 * 3600 })).body).toMatchObject({ error: { code: 'ValidationFailed' } });
    const first = await book('r-pre', SONGPA_OFFICE, THURSDAY_0900);
    expect(first).toMatchObject({ state: 'accepted', vehicleId: 'bus-2' });
    expect(first.promisedPickup!.earliestS).toBeGreaterThanOrEqual(THURSDAY_0900);
    expect(first.promisedPickup!.latestS).toBeLessThanOrEqual(THURSDAY_0900 + 600);
    // A second pre-booking on the same shift keeps the first one's promise.
    const second = await book('r-pre2', SONGPA_OFFICE, THURSDAY_0900 + 300);
    expect(second).toMatchObject({ state: 'accepted', vehicleId: 'bus-2' });
    const planned = (await call(operator, 'GET', '/vehicles/bus-2/shifts')).body.shifts;
    expect(planned).toEqual([{ id: expect.any(Number), vehicleId: 'bus-2', startsAt: T0 + 3 * DAY, endsAt: T0 + 3 * DAY + 8 * 3600, state: 'planned', tripIds: expect.arrayContaining([first.id, second.id]) }]);
    expect(running.dispatcher.fleet.vehicles.has('bus-2')).toBe(false);

    clock.set(T0 + 3 * DAY - 600);
    expect((await call(operator, 'POST', '/vehicles/bus-2/shift/start', { endsAt: T0 + 3 * DAY + 4 * 3600 })).status).toBe(200);
    const bus2 = running.dispatcher.fleet.vehicles.get('bus-2')!;
    expect(bus2.shiftEndS).toBe(T0 + 3 * DAY + 8 * 3600);
    const pickup = bus2.stops.find((s) => s.tripId === first.id && s.kind === 'pickup')!;
    expect({ earliestS: pickup.earliestS, latestS: pickup.latestS }).toEqual({ earliestS: first.promisedPickup!.earliestS, latestS: first.promisedPickup!.latestS });
    expect(bus2.stops.filter((s) => s.tripId === second.id).map((s) => s.kind)).toEqual(['pickup', 'dropoff']);
    expect(running.dispatcher.fleet.trips.get(first.id)).toMatchObject({ vehicleId: 'bus-2', pickupLatestS: first.promisedPickup!.latestS, arriveByS: first.promisedArrivalBy });
  });
});
