import { transit_realtime as rt } from 'gtfs-realtime-bindings';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import type { TripView } from '../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_AREA, T0 } from '../../test-support/dbFixtures';
import { sharedPath } from '../../test-support/sharedData';
import { generateDemand } from '../../simulator/demand/generateDemand';
import { runSimulation } from '../../simulator/Simulation';
import { WsDriverLink } from '../../simulator/agents/WsDriverLink';
import { depotsFor } from '../../simulator/whatif/runWhatIf';
import { DEFAULT_HTTP_RATE_LIMITS } from '../api/rateLimits';
import type { Principal } from '../auth/Principal';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';
import { unzipFeed } from './gtfsFlex/FeedFiles';
import { parseFlexFeed } from './gtfsFlex/parseFlexFeed';
import { validateFlexFeed } from './gtfsFlex/validateFlexFeed';
import { runTripId } from './gtfsRealtime/buildRealtimeFeeds';

/**
 * The open standards against the real dispatcher on PostgreSQL and the built-in router over Seoul Songpa: GTFS-RT
 * sampled while a small simulated city runs, GOFS files and wait_time against the offer, and a TOMP booking from
 * inquiry to completion. The server does not re-optimize in the background: the simulation runs rounds itself (as the
 * what-if runs do), and the quote/offer comparison needs the plan to stay as it is between the two calls.
 */
jest.setTimeout(180_000);
let db: TestDatabase;
let running: RunningServer;
let router: BuiltinRouter;
const clock = new ManualClock(T0);
const FLEET = 3;

beforeAll(async () => {
  const [testDb, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))]);
  db = testDb;
  router = new BuiltinRouter(prepared);
  const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIdentity: { ratePerS: 10_000, burst: 10_000 }, perIp: { ratePerS: 10_000, burst: 10_000 } };
  running = await startServer({ router, clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, reoptimize: false, rateLimits });
  await running.dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map((p) => [p[0], p[1]])) } });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

const token = (p: Principal) => running.auth.issuer!.token(p);
async function call<T>(method: string, path: string, as: Principal | null, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(running.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${await token(as)}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, headers: res.headers };
}
async function feed(path: string): Promise<rt.FeedMessage> {
  const res = await fetch(running.url + path);
  expect(res.headers.get('content-type')).toContain('application/x-protobuf');
  return rt.FeedMessage.decode(new Uint8Array(await res.arrayBuffer()));
}

describe('GTFS-Realtime of a running simulation', () => {
  test('every sample decodes with gtfs-realtime-bindings and carries the live vehicles and their runs, naming no rider', async () => {
    const demand = generateDemand(router.network, { seed: 5, peakTripsPerHour: 48, durationS: 600, startOfDayS: 8 * 3600 });
    let samples = 0;
    let runsSeen = 0;
    const riderIds = new Set<string>();
    const sample = async () => {
      const now = clock.nowS();
      const [positions, updates] = await Promise.all([feed('/gtfs-rt/vehicle-positions'), feed('/gtfs-rt/trip-updates')]);
      const fleet = running.dispatcher.fleet;
      expect(Number(positions.header.timestamp)).toBe(Math.floor(now));
      // One VehiclePosition per vehicle on shift, where the plan has it.
      expect(positions.entity.map((e) => e.vehicle!.vehicle!.id).sort()).toEqual([...fleet.vehicles.keys()].sort());
      for (const e of positions.entity) {
        const v = fleet.vehicles.get(e.vehicle!.vehicle!.id!)!;
        expect([e.vehicle!.position!.longitude, e.vehicle!.position!.latitude]).toEqual([expect.closeTo(v.position[0], 4), expect.closeTo(v.position[1], 4)]);
        expect(e.vehicle!.trip?.tripId ?? null).toBe(v.stops.length > 0 ? runTripId(v.id) : null);
      }
      // One TripUpdate per vehicle with stops: a NEW trip, its planned stops in order with their ETAs.
      const busy = [...fleet.vehicles.values()].filter((v) => v.stops.length > 0);
      expect(updates.entity.map((e) => e.id).sort()).toEqual(busy.map((v) => runTripId(v.id)).sort());
      for (const e of updates.entity) {
        const v = fleet.vehicles.get(e.tripUpdate!.vehicle!.id!)!;
        expect(e.tripUpdate!.trip.scheduleRelationship).toBe(rt.TripDescriptor.ScheduleRelationship.NEW);
        expect(e.tripUpdate!.stopTimeUpdate!.map((s) => [s.stopSequence, Number(s.arrival!.time)])).toEqual(v.stops.map((s, i) => [i + 1, Math.round(s.plannedArrivalS)]));
        runsSeen++;
      }
      for (const t of fleet.trips.values()) riderIds.add(t.id);
      const text = JSON.stringify(await (await fetch(`${running.url}/gtfs-rt/trip-updates?format=json`)).json()) + JSON.stringify(await (await fetch(`${running.url}/gtfs-rt/vehicle-positions?format=json`)).json());
      expect(text).not.toMatch(/rider-5-/);
      for (const id of fleet.trips.keys()) expect(text).not.toContain(id);
      samples++;
    };
    await runSimulation({
      baseUrl: running.url,
      router,
      connectDriver: (id, t) => WsDriverLink.connect(running.url, id, t),
      tokens: running.auth.issuer!,
      setTime: (t) => clock.set(t),
      startS: T0,
      durationS: 600,
      // Samples are what this test is after, not every trip's end: the city stops 10 minutes after the last request.
      drainS: 600,
      stepS: 3,
      speedup: Infinity,
      seed: 5,
      vehicles: { count: FLEET, seats: 6, wheelchairPlaces: 1, positions: depotsFor(router, FLEET, 5), shiftS: 3 * 3600 },
      demand,
      periodic: {
        everyS: 60,
        run: async () => {
          await running.dispatcher.reoptimizer.round(undefined, { maxIterations: 100 });
          await sample();
        },
      },
      settle: () => running.settled(),
    });
    expect(demand.length).toBeGreaterThan(5);
    expect(samples).toBeGreaterThan(5);
    // The runs were really published: trips were on the vehicles while the samples were taken.
    expect(runsSeen).toBeGreaterThan(3);
    expect(riderIds.size).toBeGreaterThan(3);
  });
});

describe('GTFS-Flex over HTTP', () => {
  test('GET /gtfs/flex.zip is a zip the validator passes, with the service area as its zone, served all day every day', async () => {
    const res = await fetch(`${running.url}/gtfs/flex.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/zip');
    const files = unzipFeed(new Uint8Array(await res.arrayBuffer()));
    expect(validateFlexFeed(files)).toEqual([]);
    const { service } = parseFlexFeed(files);
    const areas = await running.dispatcher.listServiceAreas();
    expect(service.zones.map((z) => z.id)).toEqual(areas.filter((a) => a.properties.active).map((a) => `area-${a.id}`));
    expect(service.hours.map((h) => [h.startS, h.endS, h.pickupBookingRuleId])).toEqual(service.zones.map(() => [0, 24 * 3600, 'realtime']));
  });
});

describe('GOFS', () => {
  test('gofs.json lists every file under /gofs/, each with last_updated, ttl and version 1.0', async () => {
    const discovery = await call<{ ttl: number; version: string; data: { en: { feeds: { name: string; url: string }[] } } }>('GET', '/gofs/gofs.json', null);
    expect(discovery.status).toBe(200);
    const feeds = discovery.body.data.en.feeds;
    expect(feeds.map((f) => f.name)).toEqual(['system_information', 'service_brands', 'vehicle_types', 'zones', 'operating_rules', 'calendars', 'fares', 'booking_rules', 'wait_time', 'realtime_booking']);
    for (const f of feeds.filter((f) => f.url.endsWith('.json'))) {
      const got = await call<{ last_updated: number; ttl: number; version: string; data: Record<string, unknown> }>('GET', new URL(f.url).pathname, null);
      expect({ name: f.name, status: got.status, version: got.body.version, ttl: got.body.ttl }).toEqual({ name: f.name, status: 200, version: '1.0', ttl: 3600 });
      expect(got.body.last_updated).toBeGreaterThan(0);
    }
    const zones = await call<{ data: { zones: { features: { zone_id: string }[] } } }>('GET', '/gofs/zones.json', null);
    const rules = await call<{ data: { operating_rules: { from_zone_id: string; start_pickup_window: string; end_pickup_window: string }[] } }>('GET', '/gofs/operating_rules.json', null);
    expect(rules.body.data.operating_rules).toEqual(zones.body.data.zones.features.map((z) => expect.objectContaining({ from_zone_id: z.zone_id, start_pickup_window: '00:00:00', end_pickup_window: '24:00:00' })));
  });

  test('wait_time is the wait the dispatcher then offers for the same trip', async () => {
    await running.dispatcher.startShift('sim-0', { endsAt: Math.round(clock.nowS() + 3 * 3600) }).catch(() => undefined);
    const q = `pickup_lat=${JAMSIL_STATION[1]}&pickup_lon=${JAMSIL_STATION[0]}&drop_off_lat=${OLYMPIC_PARK[1]}&drop_off_lon=${OLYMPIC_PARK[0]}`;
    const wait = await call<{ ttl: number; data: { wait_times: { brand_id: string; wait_time: number }[] } }>('GET', `/gofs/wait_time?${q}`, null);
    expect(wait.body.ttl).toBe(0);
    expect(wait.body.data.wait_times).toHaveLength(1);
    const offer = await call<TripView>('POST', '/trips', { role: 'rider', subject: 'gofs-check' }, { origin: JAMSIL_STATION, destination: OLYMPIC_PARK, passengers: 1 });
    expect(offer.body.state).toBe('offered');
    expect(offer.body.promisedPickup!.earliestS - Math.round(clock.nowS())).toBe(wait.body.data.wait_times[0]!.wait_time);
    const booking = await call<{ data: { realtime_booking: { wait_time: number; booking_detail: { web_uri: string } }[] } }>('GET', `/gofs/realtime_booking?${q}`, null);
    expect(booking.body.data.realtime_booking[0]).toMatchObject({ wait_time: wait.body.data.wait_times[0]!.wait_time });
    expect(booking.body.data.realtime_booking[0]!.booking_detail.web_uri).toContain('/rider?pickup_lat=');
    await running.dispatcher.declineOffer(offer.body.id);
  });

  test('a wait_time query with a drop-off latitude and no longitude is refused with ValidationFailed', async () => {
    const bad = await call<{ error: { code: string; message: string } }>('GET', `/gofs/wait_time?pickup_lat=37.51&pickup_lon=127.1&drop_off_lat=37.52`, null);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'ValidationFailed' } } });
  });
});

describe('TOMP-API', () => {
  const maas: Principal = { role: 'maas', subject: 'entur-test' };
  const trip = { from: { coordinates: { lng: JAMSIL_STATION[0], lat: JAMSIL_STATION[1] } }, to: { coordinates: { lng: OLYMPIC_PARK[0], lat: OLYMPIC_PARK[1] } }, nrOfTravelers: 1, travelers: [{ referenceNumber: 'traveler-7' }] };
  type Booking = { id: string; state: string; departureTime: string; arrivalTime: string; legs: { id: string; state: string }[]; extraData: { pickupWindow: { start: string; end: string } } };

  test('a booking goes inquiry → offer → commit → the driver’s manifest → completed', async () => {
    const vehicle = 'sim-1';
    await running.dispatcher.startShift(vehicle, { endsAt: Math.round(clock.nowS() + 3 * 3600) }).catch(() => undefined);
    const info = await call<{ systemId: string; timezone: string }>('GET', '/tomp/operator/information', maas);
    expect(info).toMatchObject({ status: 200, body: { timezone: 'Asia/Seoul' } });

    const inquiry = await call<{ options: Booking[] }>('POST', '/tomp/planning/inquiries', maas, trip);
    expect(inquiry.status).toBe(201);
    expect(inquiry.body.options).toHaveLength(1);
    expect(inquiry.body.options[0]).not.toHaveProperty('id');

    const planning = await call<{ validUntil: string; options: Booking[] }>('POST', '/tomp/plannings?booking-intent=true', maas, trip);
    expect(planning.status).toBe(201);
    const option = planning.body.options[0]!;
    expect(option).toMatchObject({ state: 'NEW', legs: [{ id: option.id, state: 'NOT_STARTED' }] });
    expect(Date.parse(option.extraData.pickupWindow.start)).toBeLessThan(Date.parse(option.extraData.pickupWindow.end));

    const pending = await call<Booking>('POST', '/tomp/bookings', maas, { id: option.id });
    expect(pending).toMatchObject({ status: 201, body: { id: option.id, state: 'PENDING' } });
    expect(pending.headers.get('expires')).not.toBeNull();

    const committed = await call<Booking>('POST', `/tomp/bookings/${option.id}/events`, maas, { operation: 'COMMIT' });
    expect(committed).toMatchObject({ status: 200, body: { state: 'CONFIRMED', departureTime: option.departureTime, arrivalTime: option.arrivalTime } });

    const booked = (await running.dispatcher.getTrip(option.id))!;
    expect(booked.riderId).toBe('maas:entur-test:traveler-7');
    const driver: Principal = { role: 'driver', subject: `driver-${booked.vehicleId}`, vehicleId: booked.vehicleId! };
    const link = await WsDriverLink.connect(running.url, booked.vehicleId!, running.auth.issuer!.source(driver));
    try {
      await running.settled();
      expect(link.manifest!.stops.filter((s) => s.tripId === option.id).map((s) => s.kind)).toEqual(['pickup', 'dropoff']);
    } finally {
      await link.close();
    }
    const progress = await call<{ coordinates: { lng: number; lat: number }; duration: number }>('GET', `/tomp/legs/${option.id}/progress`, maas);
    expect(progress.status).toBe(200);
    expect(progress.body.duration).toBeGreaterThanOrEqual(0);

    for (const event of ['arrived_pickup', 'picked_up'] as const) expect((await call('POST', `/vehicles/${booked.vehicleId}/stop-events`, driver, { tripId: option.id, event })).status).toBe(200);
    expect((await call<Booking>('GET', `/tomp/bookings/${option.id}`, maas)).body).toMatchObject({ state: 'STARTED', legs: [{ state: 'IN_USE' }] });
    clock.advance(600);
    for (const event of ['arrived_dropoff', 'dropped_off'] as const) expect((await call('POST', `/vehicles/${booked.vehicleId}/stop-events`, driver, { tripId: option.id, event })).status).toBe(200);
    expect((await call<Booking>('GET', `/tomp/bookings/${option.id}`, maas)).body).toMatchObject({ state: 'FINISHED', legs: [{ state: 'FINISHED' }] });
  });

  test('another provider’s booking is not found, and a CANCEL before COMMIT releases the offer', async () => {
    const planning = await call<{ options: Booking[] }>('POST', '/tomp/planning/offers', maas, trip);
    const id = planning.body.options[0]!.id;
    const stranger = await call<{ error: { code: string; message: string } }>('GET', `/tomp/bookings/${id}`, { role: 'maas', subject: 'another' });
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'NotFound', message: `No booking ${id}` } } });
    const released = await call<Booking>('POST', `/tomp/bookings/${id}/events`, maas, { operation: 'CANCEL' });
    expect(released).toMatchObject({ status: 200, body: { state: 'RELEASED' } });
    const again = await call<{ error: { code: string } }>('POST', `/tomp/bookings/${id}/events`, maas, { operation: 'COMMIT' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'OfferExpired' } } });
  });
});
