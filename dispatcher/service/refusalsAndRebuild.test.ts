import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { RoutingError } from '../../routing/errors';
import type { LngLat, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from '../../routing/Router';
import { sharedPath } from '../../test-support/sharedData';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { ManualClock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import { DEFAULT_POLICY, maxRideS } from '../fleet/DispatchPolicy';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { Dispatcher } from './Dispatcher';

/** The built-in router, with a switch that makes every call fail as a backend that is down. */
class SwitchableRouter implements Router {
  readonly name = 'switchable';
  down = false;
  constructor(private readonly inner: Router) {}
  private check(): void {
    if (this.down) throw new RoutingError('RoutingUnavailable', 'switched off by the test');
  }
  async route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    this.check();
    return this.inner.route(points, options);
  }
  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    this.check();
    return this.inner.table(sources, destinations, options);
  }
  async nearest(point: LngLat): Promise<NearestResult> {
    this.check();
    return this.inner.nearest(point);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

type Place = readonly [number, number];
const wire = (p: Place): [number, number] => [p[0], p[1]];
let testDb: TestDatabase;
let router: SwitchableRouter;
const clock = new ManualClock(T0);
const start = () => Dispatcher.start({ repos: testDb.db.repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(testDb.db.pool) });

async function refusal(call: () => Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error('the call was accepted');
}

beforeAll(async () => {
  const [db, builtin] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  testDb = db;
  router = new SwitchableRouter(builtin);
}, 60_000);

afterAll(async () => {
  await testDb?.drop();
});

describe('values that are valid but wrong', () => {
  test('a depot at [0, 0], a shift a hundred years long, a service area in the sea: each a coded 422, nothing stored', async () => {
    const d = await start();
    expect(await refusal(() => d.upsertVehicle({ id: 'bus-zero', seats: 4, wheelchairPlaces: 0, depot: [0, 0] }))).toEqual({ status: 422, code: 'DepotOffNetwork' });
    expect(await testDb.db.repos.vehicles.get('bus-zero')).toBeNull();

    await d.upsertVehicle({ id: 'bus-long', seats: 4, wheelchairPlaces: 0, depot: wire(SONGPA_OFFICE) });
    expect(await refusal(() => d.startShift('bus-long', { endsAt: T0 + 100 * 365 * 86400 }))).toEqual({ status: 422, code: 'ShiftTooLong' });
    expect(await refusal(() => d.startShift('bus-long', { endsAt: T0 + DEFAULT_POLICY.maxShiftS + 60 }))).toEqual({ status: 422, code: 'ShiftTooLong' });
    expect((await d.startShift('bus-long', { endsAt: T0 + DEFAULT_POLICY.maxShiftS })).onShift).toBe(true);

    const sea = { type: 'Polygon' as const, coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]] as [number, number][]] };
    expect(await refusal(() => d.createServiceArea({ type: 'Feature', properties: { name: 'sea' }, geometry: sea }))).toEqual({ status: 422, code: 'ServiceAreaOffNetwork' });
    expect(await d.listServiceAreas()).toEqual([]);
    const songpa = await d.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map(wire)) } });
    expect(songpa.properties.name).toBe('Songpa');
    await d.endShift('bus-long');
  });
});

describe('rebuilding the fleet while the router is down', () => {
  test('legs are unknown (not 0 s) until measured, and the ride limit is the stored direct drive', async () => {
    const d = await start();
    await d.upsertVehicle({ id: 'bus-r', seats: 4, wheelchairPlaces: 0, depot: wire(SONGPA_OFFICE) });
    await d.startShift('bus-r', { endsAt: T0 + 8 * 3600 });
    const booked = await d.requestTrip({ riderId: 'rider-r', origin: wire(JAMSIL_STATION), destination: wire(OLYMPIC_PARK), passengers: 1, wheelchairs: 0, autoAccept: true }, undefined);
    expect(booked.trip.state).toBe('accepted');
    const stored = (await testDb.db.repos.trips.get(booked.trip.id))!;
    expect(stored.directS).toBeGreaterThan(0);

    router.down = true;
    const rebuilt = await start();
    const bus = rebuilt.fleet.vehicles.get('bus-r')!;
    expect(bus.legsUnknown).toBe(true);
    expect(rebuilt.fleet.trips.get(booked.trip.id)!.maxRideS).toBe(maxRideS(DEFAULT_POLICY, stored.directS!));

    router.down = false;
    const offer = await rebuilt.requestTrip({ riderId: 'rider-s', origin: wire(OLYMPIC_PARK), destination: wire(JAMSIL_STATION), passengers: 1, wheelchairs: 0, autoAccept: false }, undefined);
    expect(offer.trip.state).toBe('offered');
    expect(bus.legsUnknown).toBeUndefined();
    expect(bus.stops.every((s) => s.legS > 0)).toBe(true);
    expect(bus.stops).toHaveLength(2);
  });
});

describe('reading a vehicle back while its newest fixes are not stored yet', () => {
  // GPS fixes reach PostgreSQL about a second behind the requests (PositionWriter), and a crashed instance loses them:
  // a read-back (another instance's commit, a zone taken over) must not move the bus back to the stored fix.
  test('the read-back keeps the fix the cache heard after the stored one, and plans its first leg from there', async () => {
    const d = await start();
    if ((await d.listServiceAreas()).length === 0) await d.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map(wire)) } });
    await d.upsertVehicle({ id: 'bus-f', seats: 4, wheelchairPlaces: 0, depot: wire(SONGPA_OFFICE) });
    await d.startShift('bus-f', { endsAt: T0 + 8 * 3600 });
    const booked = await d.requestTrip({ riderId: 'rider-f', origin: wire(OLYMPIC_PARK), destination: wire(JAMSIL_STATION), passengers: 1, wheelchairs: 0, autoAccept: true }, undefined);
    expect([booked.trip.state, booked.trip.rejectReason]).toEqual(['accepted', null]);
    // The bus that took it (another test's bus may be nearer).
    const id = booked.trip.vehicleId!;
    clock.advance(60);
    // Heard from the vehicle's owner on another instance (nothing written here), then a read-back.
    await d.followFix(id, { location: wire(SEOKCHON_LAKE), atS: clock.nowS(), offNetwork: false });
    const legFromFix = d.fleet.vehicles.get(id)!.stops[0].legS;
    await d.resync.readBack([id]);
    const bus = d.fleet.vehicles.get(id)!;
    expect(bus.position).toEqual(wire(SEOKCHON_LAKE));
    expect(bus.lastFix?.atS).toBe(clock.nowS());
    // From the kept fix: the read-back's route call and the fix's table find the same path, summed in their own order.
    expect(bus.stops[0].legS).toBeCloseTo(legFromFix, 6);

    // A fix older than the cached one (a late message) does not move it back.
    await d.followFix(id, { location: wire(SONGPA_OFFICE), atS: clock.nowS() - 30, offNetwork: false });
    expect(d.fleet.vehicles.get(id)!.position).toEqual(wire(SEOKCHON_LAKE));

    // A restart has only what PostgreSQL holds: the fix stored at the shift start, not the one only heard.
    const restarted = await start();
    expect(restarted.fleet.vehicles.get(id)!.position).toEqual(wire(SONGPA_OFFICE));
  });
});
