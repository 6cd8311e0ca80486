import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import type { AssignResponse, EventsPage } from '../../protocol/operator';
import type { TripView } from '../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { sharedPath } from '../../test-support/sharedData';
import type { Principal } from '../auth/Principal';
import { ManualClock } from '../clock/Clock';
import { FleetState } from '../fleet/FleetState';
import { rebuildFleet } from '../service/rebuildFleet';
import { type RunningServer, startServer } from '../service/startServer';
import { DEFAULT_HTTP_RATE_LIMITS } from './rateLimits';

/**
 * The operator API of issue 14 against the real dispatcher (PostgreSQL, the built-in router over Songpa, the
 * re-optimizer running in the background as in service): accepting for a rider, moving a trip with its violations,
 * pins that re-optimization respects, drivers' breaks, the audit trail.
 */
jest.setTimeout(120_000);

let db: TestDatabase;
let running: RunningServer;
let clock: ManualClock;
const OPERATOR: Principal = { role: 'operator', subject: 'op-1' };
const RIDER: Principal = { role: 'rider', subject: 'r-phone' };

beforeAll(async () => {
  const [database, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  db = database;
  clock = new ManualClock(T0);
  const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIdentity: { ratePerS: 10_000, burst: 10_000 }, perIp: { ratePerS: 10_000, burst: 10_000 } };
  running = await startServer({ router, clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, reoptimize: true, rateLimits });
  const d = running.dispatcher;
  await d.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map((p) => [p[0], p[1]])) } });
  const depot: [number, number] = [SONGPA_OFFICE[0], SONGPA_OFFICE[1]];
  for (const id of ['bus-a', 'bus-b', 'bus-c']) await d.upsertVehicle({ id, seats: 8, wheelchairPlaces: 1, depot });
  await d.upsertVehicle({ id: 'van-no-ramp', seats: 4, wheelchairPlaces: 0, depot });
  await d.startShift('bus-a', { endsAt: T0 + 8 * 3600, position: [JAMSIL_STATION[0], JAMSIL_STATION[1]] });
  await d.startShift('bus-b', { endsAt: T0 + 8 * 3600, position: [OLYMPIC_PARK[0], OLYMPIC_PARK[1]] });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

async function call<T = unknown>(who: Principal | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(running.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await running.auth.issuer!.token(who)}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const near: [number, number] = [JAMSIL_STATION[0] + 0.0008, JAMSIL_STATION[1] + 0.0004];
const to: [number, number] = [SEOKCHON_LAKE[0], SEOKCHON_LAKE[1]];

async function bookedTrip(riderId: string, extra: Record<string, unknown> = {}): Promise<TripView> {
  const { trip } = await running.dispatcher.requestTrip({ riderId, origin: near, destination: to, passengers: 1, wheelchairs: 0, autoAccept: true, ...extra }, undefined);
  if (trip.state !== 'accepted') throw new Error(`fixture trip is ${trip.state} (${trip.rejectReason ?? ''})`);
  return trip;
}

async function operatorActions(): Promise<EventsPage['events']> {
  const page = await call<EventsPage>(OPERATOR, 'GET', `/events?from=${T0 - 60}&to=${T0 + 86_400}&limit=1000`);
  expect(page.status).toBe(200);
  return page.body.events.filter((e) => e.type === 'operator_action');
}

const reoptimizeAround = async (vehicleId: string) => {
  for (let k = 0; k < 4; k++) await running.dispatcher.reoptimizer.round(vehicleId, { maxIterations: 200 });
};

describe('who may call the operator routes, and what they refuse', () => {
  test.each([
    ['POST', '/trips/x/assign', { vehicleId: 'bus-a' }],
    ['POST', '/trips/x/pin', undefined],
    ['DELETE', '/trips/x/pin', undefined],
    ['POST', '/vehicles/bus-a/breaks', { startsAt: T0 + 60, endsAt: T0 + 600 }],
    ['GET', `/events?from=${T0}&to=${T0 + 60}`, undefined],
  ])('%s %s: no token 401, a rider or a driver 403', async (method, path, body) => {
    expect((await call(null, method, path, body)).status).toBe(401);
    expect(await call(RIDER, method, path, body)).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect((await call({ role: 'driver', subject: 'd', vehicleId: 'bus-a' }, method, path, body)).status).toBe(403);
  });

  test('bad inputs are coded 400s naming the field; unknown trips 404', async () => {
    const bad = async (method: string, path: string, body: unknown, field: string) => {
      const res = await call<{ error: { code: string; message: string } }>(OPERATOR, method, path, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ValidationFailed');
      expect(res.body.error.message).toContain(field);
    };
    await bad('POST', '/trips/x/assign', {}, 'body.vehicleId');
    await bad('POST', '/trips/x/assign', { vehicleId: 'bus-a', dryRun: 'yes' }, 'body.dryRun');
    await bad('POST', '/vehicles/bus-a/breaks', { startsAt: 'noon', endsAt: T0 + 600 }, 'body.startsAt');
    await bad('POST', '/vehicles/bus-a/breaks', { startsAt: T0 + 600, endsAt: T0 + 60 }, 'body.endsAt');
    await bad('POST', '/vehicles/bus-a/breaks', { startsAt: T0 + 60, endsAt: T0 + 60 + 5 * 3600 }, 'body.endsAt');
    await bad('GET', `/events?from=yesterday&to=${T0}`, undefined, 'query.from');
    await bad('GET', `/events?from=${T0}&to=${T0 - 1}`, undefined, 'query.to');
    await bad('GET', `/events?from=${T0}&to=${T0 + 1}&limit=0`, undefined, 'query.limit');
    expect(await call(OPERATOR, 'POST', '/trips/nope/assign', { vehicleId: 'bus-a' })).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(await call(OPERATOR, 'POST', '/trips/nope/pin')).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(await call(OPERATOR, 'POST', '/vehicles/nope/breaks', { startsAt: T0 + 60, endsAt: T0 + 600 })).toMatchObject({ status: 404, body: { error: { code: 'UnknownVehicle' } } });
    // ISO times are taken as well as epoch seconds.
    const iso = (s: number) => new Date(s * 1000).toISOString();
    expect((await call(OPERATOR, 'GET', `/events?from=${encodeURIComponent(iso(T0))}&to=${encodeURIComponent(iso(T0 + 60))}`)).status).toBe(200);
  });
});

describe('an operator acting for the service', () => {
  test('accepts an offer for a rider on the phone: who accepted is recorded on the trip and in the log', async () => {
    const { trip } = await running.dispatcher.requestTrip({ riderId: 'r-phone', origin: near, destination: to, passengers: 1, wheelchairs: 0, autoAccept: false }, undefined);
    expect(trip.state).toBe('offered');
    const accepted = await call<TripView>(OPERATOR, 'POST', `/trips/${trip.id}/accept`);
    expect(accepted).toMatchObject({ status: 200, body: { state: 'accepted' } });
    expect((await running.database.repos.trips.get(trip.id))!.acceptedBy).toBe('operator:op-1');
    expect((await operatorActions()).find((e) => e.tripId === trip.id)).toMatchObject({ payload: { action: 'accept', by: 'operator:op-1', riderId: 'r-phone' } });
    // A rider's own acceptance is recorded as theirs.
    const own = await running.dispatcher.requestTrip({ riderId: 'r-phone', origin: near, destination: to, passengers: 1, wheelchairs: 0, autoAccept: false }, undefined);
    expect((await call(RIDER, 'POST', `/trips/${own.trip.id}/accept`)).status).toBe(200);
    expect((await running.database.repos.trips.get(own.trip.id))!.acceptedBy).toBe('rider:r-phone');
    for (const id of [trip.id, own.trip.id]) await running.dispatcher.cancelTrip(id, 'test over');
  });

  test('a pinned trip moved by hand stays on its new vehicle through re-optimization; unpinned, the re-optimizer takes it back', async () => {
    const trip = await bookedTrip('r-pin');
    // The dispatcher chose the cheapest bus for it (home); the operator moves it to the other one.
    const home = trip.vehicleId!;
    const other = home === 'bus-a' ? 'bus-b' : 'bus-a';
    expect(await call<TripView>(OPERATOR, 'POST', `/trips/${trip.id}/pin`)).toMatchObject({ status: 200, body: { id: trip.id } });

    const dry = await call<AssignResponse>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: other, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, committed: false, plan: { vehicleId: other } });
    expect((await running.dispatcher.getTrip(trip.id))!.vehicleId).toBe(home); // a dry run commits nothing

    const moved = await call<AssignResponse>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: other, reason: 'the rider asked for the bus with the ramp' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ committed: true, trip: { vehicleId: other } });
    await reoptimizeAround(other);
    await reoptimizeAround(home);
    expect((await running.dispatcher.getTrip(trip.id))!.vehicleId).toBe(other);
    expect(running.dispatcher.fleet.vehicles.get(other)!.stops.filter((s) => s.tripId === trip.id)).toHaveLength(2);

    // Persisted: a fleet rebuilt from PostgreSQL (a restart) knows the pin.
    const rebuilt = new FleetState(SONGPA_OFFICE[1]);
    await rebuildFleet(await running.database.repos.loadDispatchState(), rebuilt, new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))), running.dispatcher.policy, clock.nowS());
    expect(rebuilt.trips.get(trip.id)).toMatchObject({ vehicleId: other, pinned: true });

    expect((await call(OPERATOR, 'DELETE', `/trips/${trip.id}/pin`)).status).toBe(200);
    await reoptimizeAround(other);
    // Without the pin, the detour to the other bus is undone: the checks above would fail if the pin were not kept.
    expect((await running.dispatcher.getTrip(trip.id))!.vehicleId).toBe(home);
    const actions = (await operatorActions()).filter((e) => e.tripId === trip.id).map((e) => e.payload.action);
    expect(actions).toEqual(['pin', 'assign', 'unpin']);
    await running.dispatcher.cancelTrip(trip.id, 'test over');
  });

  test('a move that breaks a promise is refused without a reason, and committed and logged with one', async () => {
    // bus-c starts its shift at the depot with a break for the next hour: any pickup it makes is late.
    await running.dispatcher.startShift('bus-c', { endsAt: T0 + 8 * 3600 });
    const brk = await call<{ id: number; startsAt: number; endsAt: number; createdBy: string }>(OPERATOR, 'POST', '/vehicles/bus-c/breaks', { startsAt: T0, endsAt: new Date((T0 + 3600) * 1000).toISOString() });
    expect(brk).toMatchObject({ status: 201, body: { startsAt: T0, endsAt: T0 + 3600, createdBy: 'operator:op-1' } });
    expect(await call(OPERATOR, 'POST', '/vehicles/bus-c/breaks', { startsAt: T0 + 1800, endsAt: T0 + 5400 })).toMatchObject({ status: 409, body: { error: { code: 'BreakOverlaps' } } });

    const trip = await bookedTrip('r-late');
    const from = trip.vehicleId!;
    const dry = await call<AssignResponse>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: 'bus-c', dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.violations.map((v) => v.code)).toEqual(expect.arrayContaining(['LatePickup', 'BreakWindow']));
    expect(dry.body.plan.pickupAt).toBeGreaterThan(T0 + 3600); // it waits out the break

    const refused = await call<{ error: { code: string; message: string } }>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: 'bus-c' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('MoveBreaksPromise');
    expect(refused.body.error.message).toContain('late');
    expect((await running.dispatcher.getTrip(trip.id))!.vehicleId).toBe(from);
    expect((await operatorActions()).filter((e) => e.tripId === trip.id)).toEqual([]);

    const forced = await call<AssignResponse>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: 'bus-c', reason: 'the rider prefers to wait for the accessible bus' });
    expect(forced).toMatchObject({ status: 200, body: { committed: true, trip: { vehicleId: 'bus-c' } } });
    const logged = (await operatorActions()).find((e) => e.tripId === trip.id && e.payload.action === 'assign');
    expect(logged).toMatchObject({ vehicleId: 'bus-c', payload: { by: 'operator:op-1', reason: 'the rider prefers to wait for the accessible bus', fromVehicleId: from, toVehicleId: 'bus-c' } });
    expect((logged!.payload.violations as { code: string }[]).map((v) => v.code)).toContain('LatePickup');
    // Its plan waits out the break: no stop of bus-c is planned inside it, even after re-optimization.
    await reoptimizeAround('bus-c');
    for (const s of running.dispatcher.fleet.vehicles.get('bus-c')!.stops) expect(s.plannedArrivalS >= T0 + 3600 || s.plannedArrivalS <= T0).toBe(true);
    // The break is persisted: a rebuilt fleet has it.
    const state = await running.database.repos.loadDispatchState(['bus-c']);
    expect(state.vehicles[0].breaks).toEqual([{ startS: T0, endS: T0 + 3600 }]);
    await running.dispatcher.cancelTrip(trip.id, 'test over');
  });

  test('a move to a vehicle without room is refused even with a reason; an operator cancellation is logged with its reason', async () => {
    await running.dispatcher.startShift('van-no-ramp', { endsAt: T0 + 8 * 3600, position: [JAMSIL_STATION[0], JAMSIL_STATION[1]] });
    const trip = await bookedTrip('r-chair', { passengers: 0, wheelchairs: 1 });
    const res = await call<{ error: { code: string; message: string } }>(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: 'van-no-ramp', reason: 'try anyway' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('MoveNotFeasible');
    expect(res.body.error.message).toContain('wheelchair');
    expect(await call(OPERATOR, 'POST', `/trips/${trip.id}/assign`, { vehicleId: trip.vehicleId })).toMatchObject({ status: 409, body: { error: { code: 'AlreadyOnVehicle' } } });

    expect(await call(OPERATOR, 'POST', `/trips/${trip.id}/cancel`, { reason: 'the rider called: no longer needed' })).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    expect((await operatorActions()).find((e) => e.tripId === trip.id)).toMatchObject({ payload: { action: 'cancel', by: 'operator:op-1', reason: 'the rider called: no longer needed' } });
    await running.dispatcher.endShift('van-no-ramp');
  });

  test('a break on shift: a new request is not planned onto the vehicle during it', async () => {
    // bus-a stands at Jamsil; for the next 30 minutes it is on a break, longer than the 15 min pickup window.
    expect((await call(OPERATOR, 'POST', '/vehicles/bus-a/breaks', { startsAt: T0, endsAt: T0 + 1800 })).status).toBe(201);
    const trip = await bookedTrip('r-break');
    if (trip.vehicleId === 'bus-a') throw new Error('bus-a took a rider it could only reach after its break');
    expect(running.dispatcher.fleet.vehicles.get('bus-a')!.breaks).toEqual([{ startS: T0, endS: T0 + 1800 }]);
    await running.dispatcher.cancelTrip(trip.id, 'test over');
  });

  test("an operator's fleet edits and shift changes are in the audit trail with who did them; a driver's are not operator actions", async () => {
    const before = (await operatorActions()).length;
    const edited = await call(OPERATOR, 'PUT', '/vehicles/van-spare', { seats: 4, wheelchairPlaces: 0, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]], name: 'Spare van', plate: '70바 9000', colour: '#0E7490' });
    expect(edited.status).toBe(200);
    expect((await call(OPERATOR, 'POST', '/vehicles/van-spare/shift/start', { endsAt: T0 + 3600 })).status).toBe(200);
    expect((await call(OPERATOR, 'POST', '/vehicles/van-spare/shift/end', {})).status).toBe(200);
    const driver: Principal = { role: 'driver', subject: 'kim', vehicleId: 'van-spare' };
    expect((await call(driver, 'POST', '/vehicles/van-spare/shift/start', { endsAt: T0 + 3600 })).status).toBe(200);
    expect((await call(driver, 'POST', '/vehicles/van-spare/shift/end', {})).status).toBe(200);
    const logged = (await operatorActions()).slice(before).filter((e) => e.vehicleId === 'van-spare');
    expect(logged.map((e) => [e.payload.action, e.payload.by])).toEqual([
      ['edit_vehicle', 'operator:op-1'],
      ['start_shift', 'operator:op-1'],
      ['end_shift', 'operator:op-1'],
    ]);
    expect(logged[0]!.payload.vehicle).toEqual({ name: 'Spare van', seats: 4, wheelchairPlaces: 0, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]], plate: '70바 9000', colour: '#0e7490' });
  });

  test('the audit trail pages by seq: every event once, in order', async () => {
    const all = await call<EventsPage>(OPERATOR, 'GET', `/events?from=${T0 - 60}&to=${T0 + 86_400}&limit=1000`);
    expect(all.body.nextAfter).toBeNull();
    const seen: number[] = [];
    let after = 0;
    for (let pages = 0; pages < 100; pages++) {
      const page = await call<EventsPage>(OPERATOR, 'GET', `/events?from=${T0 - 60}&to=${T0 + 86_400}&limit=7&after=${after}`);
      seen.push(...page.body.events.map((e) => e.seq));
      if (page.body.nextAfter === null) break;
      after = page.body.nextAfter;
    }
    expect(seen).toEqual(all.body.events.map((e) => e.seq));
    expect(seen.length).toBeGreaterThan(14);
  });
});
