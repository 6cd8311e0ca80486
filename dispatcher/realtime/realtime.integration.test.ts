import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { LngLat } from '../../routing/Router';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { haversineM } from '../../routing/geo';
import { CLOSE_CODES } from '../../protocol/realtime';
import type { TripRequest, TripView } from '../../protocol/trips';
import { createTestAuth, type TestAuth, who } from '../../test-support/auth';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { sharedPath } from '../../test-support/sharedData';
import { createApp } from '../api/createApp';
import { ManualClock } from '../clock/Clock';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { Dispatcher } from '../service/Dispatcher';
import { attachRealtime, type RealtimeServer } from './attachRealtime';
import { tokenAuthorizer } from './Authorizer';
import { TestClient } from './__tests__/TestClient';

/**
 * The websocket protocol end to end: real ws clients against a running dispatcher on the real PostgreSQL +
 * PostGIS and the built-in router over Seoul Songpa. Only bus-1 is on shift, so every accepted trip rides it.
 */
let testDb: TestDatabase;
let router: BuiltinRouter;
const clock = new ManualClock(T0);
let dispatcher: Dispatcher;
let server: Server;
let realtime: RealtimeServer;
let base: string;
const clients: TestClient[] = [];
const pt = (p: LngLat): [number, number] => [p[0], p[1]];
const haversine = (a: LngLat, b: LngLat) => haversineM(a[0], a[1], b[0], b[1]);
let tokens: TestAuth;
type Hello = Parameters<typeof TestClient.hello>[1];

/** The token a real client of this hello would hold: the rider's, the vehicle's driver's, a planner's. */
function tokenFor(hello: Hello): Promise<string> {
  if (hello.role === 'rider') return tokens.token(who.rider(hello.riderId ?? 'r-anyone'));
  if (hello.role === 'driver') return tokens.token(who.driver(hello.vehicleId ?? 'bus-1'));
  return tokens.token(who.planner());
}

async function connect(hello: Hello): Promise<TestClient> {
  const client = await TestClient.hello(base, { ...hello, token: hello.token ?? (await tokenFor(hello)) });
  clients.push(client);
  return client;
}

async function open(): Promise<TestClient> {
  const client = await TestClient.open(base);
  clients.push(client);
  return client;
}

function request(riderId: string, extra: Partial<TripRequest> = {}): Promise<{ trip: TripView }> {
  return dispatcher.requestTrip({ riderId, riderName: 'Minji Kim', origin: pt(JAMSIL_STATION), destination: pt(OLYMPIC_PARK), passengers: 1, wheelchairs: 0, autoAccept: false, ...extra }, undefined);
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  [testDb, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  const repos = testDb.db.repos;
  dispatcher = await Dispatcher.start({ repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(testDb.db.pool) });
  await dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((ring) => ring.map(pt)) } });
  for (const [id, depot] of [['bus-1', SONGPA_OFFICE], ['bus-2', OLYMPIC_PARK]] as const) await dispatcher.upsertVehicle({ id, seats: 6, wheelchairPlaces: 1, depot: pt(depot) });
  await dispatcher.startShift('bus-1', { endsAt: T0 + 8 * 3600 });
  tokens = await createTestAuth();
  server = createApp(dispatcher, { auth: tokens.auth }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  realtime = await attachRealtime(
    server,
    { dispatcher, repos, router, clock },
    {
      helloTimeoutMs: 300,
      pollIntervalMs: 200,
      fleetIntervalMs: 100,
      maxQueue: 4,
      maxBufferedBytes: 64 * 1024,
      closeGraceMs: 5000,
      maxConnectionsPerIdentity: 3,
      authorizer: tokenAuthorizer({ verifier: tokens.auth.verifier, positionLeadS: 600 }),
      log: () => {},
    },
  );
}, 60_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  // Each test starts with an empty bus-1, even after a failure.
  for (const t of [...dispatcher.fleet.trips.values()]) if (!t.onBoard) await dispatcher.cancelTrip(t.id, 'test cleanup');
});

afterAll(async () => {
  await realtime.close();
  await new Promise<void>((r) => server.close(() => r()));
  await testDb.drop();
});

describe('hello and limits', () => {
  test('a client that never says hello is closed with 4002', async () => {
    const silent = await open();
    expect(await silent.closed).toMatchObject({ code: CLOSE_CODES.helloRequired });
  });

  test('a driver hello without a token is forbidden (4003); a driver token for a vehicle that does not exist is refused with 4002', async () => {
    const noToken = await open();
    noToken.send({ type: 'hello', role: 'driver', vehicleId: 'bus-1' });
    expect(await noToken.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'No token: send Authorization: Bearer <token>' });
    const unknown = await open();
    unknown.send({ type: 'hello', role: 'driver', token: await tokens.token(who.driver('bus-404')) });
    expect(await unknown.closed).toEqual({ code: CLOSE_CODES.helloRequired, reason: 'No vehicle bus-404' });
  });

  test('malformed JSON, an unknown type, another version and a bad field each get an error; the connection stays open', async () => {
    const planner = await connect({ role: 'planner' });
    planner.sendRaw('{"v":1,"type":');
    await planner.next('error', (m) => m.error.code === 'MalformedMessage');
    planner.sendRaw(JSON.stringify({ v: 1, type: 'teleport' }));
    await planner.next('error', (m) => m.error.code === 'UnknownType');
    planner.sendRaw(JSON.stringify({ v: 2, type: 'ping' }));
    await planner.next('error', (m) => m.error.code === 'UnsupportedVersion');
    planner.sendRaw(JSON.stringify({ v: 1, type: 'follow_trip', tripId: '' }));
    const bad = await planner.next('error', (m) => m.error.message.includes('tripId'));
    expect(bad.error.code).toBe('MalformedMessage');
    await planner.roundTrip();
  });

  test('many bad messages in a row close the connection with 1002', async () => {
    const planner = await connect({ role: 'planner' });
    for (let i = 0; i < 10; i++) planner.sendRaw('nonsense');
    expect(await planner.closed).toMatchObject({ code: CLOSE_CODES.protocolError });
  });

  test('an oversized frame closes that client with 1009; the server keeps serving new clients', async () => {
    const big = await connect({ role: 'planner' });
    big.sendRaw(JSON.stringify({ v: 1, type: 'ping', pad: 'x'.repeat(realtime.options.maxPayloadBytes) }));
    expect((await big.closed).code).toBe(CLOSE_CODES.tooBig);
    const next = await connect({ role: 'planner' });
    await next.roundTrip();
  });

  test('over the rate a client is told RateLimited; a flood closes it with 4004', async () => {
    const eager = await connect({ role: 'planner' });
    for (let i = 0; i < realtime.options.maxMessagesPerSecond + 5; i++) eager.send({ type: 'ping' });
    await eager.next('error', (m) => m.error.code === 'RateLimited');
    const flood = await connect({ role: 'planner' });
    for (let i = 0; i < realtime.options.maxMessagesPerSecond * 6; i++) flood.send({ type: 'ping' });
    expect((await flood.closed).code).toBe(CLOSE_CODES.rateLimited);
  });
});

describe('driver', () => {
  test('a hello claiming a seq the log never reached is told it did not resume, after a bounded wait and a handful of reads', async () => {
    const events = testDb.db.repos.events;
    const latest = await events.latestSeq();
    const reads = jest.spyOn(events, 'latestSeq');
    try {
      const t0 = performance.now();
      const client = await connect({ role: 'driver', vehicleId: 'bus-1', lastSeq: latest + 1_000_000 });
      const waitedMs = performance.now() - t0;
      expect(client.messages[0]).toMatchObject({ type: 'welcome', role: 'driver', resumed: false });
      expect(waitedMs).toBeGreaterThanOrEqual(900);
      // Backing off 10, 20, 40 … ms over the 1 s wait: about eight reads of the log's end, then one for the welcome.
      expect(reads.mock.calls.length).toBeLessThanOrEqual(12);
      await client.close();
    } finally {
      reads.mockRestore();
    }
  });

  test('reconnecting with lastSeq, the driver gets the manifest with the trip accepted while it was away', async () => {
    const first = await connect({ role: 'driver', vehicleId: 'bus-1' });
    const before = await first.next('manifest');
    expect(before.manifest).toMatchObject({ vehicleId: 'bus-1', onShift: true, stops: [] });
    const lastSeq = first.lastSeq();
    await first.close();

    const { trip } = await request('r-away', { autoAccept: true });
    expect(trip).toMatchObject({ state: 'accepted', vehicleId: 'bus-1' });

    const back = await connect({ role: 'driver', vehicleId: 'bus-1', lastSeq });
    expect(back.messages[0]).toMatchObject({ type: 'welcome', role: 'driver', resumed: true });
    const after = await back.next('manifest');
    expect(after.seq).toBeGreaterThan(lastSeq);
    expect(after.manifest.stops.map((s) => [s.kind, s.tripId, s.riderName])).toEqual([
      ['pickup', trip.id, 'Minji'],
      ['dropoff', trip.id, 'Minji'],
    ]);
    expect(after.manifest.stops[0]).toMatchObject({ passengers: 1, wheelchairs: 0, state: 'planned', earliestS: trip.promisedPickup!.earliestS });
    expect(after.manifest.routeToNext.length).toBeGreaterThanOrEqual(2);

    // Live: the rider cancels, the stops leave the manifest at once.
    await dispatcher.cancelTrip(trip.id, 'changed plans');
    const cancelled = await back.next('manifest', (m) => m.manifest.stops.length === 0);
    expect(cancelled.seq).toBeGreaterThan(after.seq);
  });

  test('the manifest carries the turns to the next stop; a driver off the route asks again and gets them from where it is', async () => {
    const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
    await driver.next('manifest');
    const { trip } = await request('r-reroute', { autoAccept: true });
    const first = (await driver.next('manifest', (m) => m.manifest.stops[0]?.tripId === trip.id)).manifest;
    const turns = first.maneuversToNext;
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect([turns[0].type, turns[turns.length - 1].type]).toEqual(['depart', 'arrive']);
    // Each maneuver's distance along the route is the route's own length up to it: the last one ends the line.
    const lineM = first.routeToNext.slice(1).reduce((m, p, i) => m + haversine(first.routeToNext[i], p), 0);
    expect(turns[turns.length - 1].atM).toBeCloseTo(lineM, -1);

    // The bus went its own way (400 m south of the office): the new route starts there.
    const from: [number, number] = [SONGPA_OFFICE[0], SONGPA_OFFICE[1] - 400 / 111_195];
    const seen = driver.messages.length;
    driver.send({ type: 'reroute', requestId: 'rr1', from, headingDeg: 180 });
    await driver.next('ack', (m) => m.requestId === 'rr1' && m.ok);
    const again = driver.messages.slice(seen).flatMap((m) => (m.type === 'manifest' ? [m.manifest] : []));
    expect(again).toHaveLength(1);
    const rerouted = again[0];
    expect(haversine(rerouted.routeToNext[0], from)).toBeLessThan(60);
    expect(rerouted.stops.map((st) => st.tripId)).toEqual(first.stops.map((st) => st.tripId));
    expect(rerouted.maneuversToNext[0]).toMatchObject({ type: 'depart', atM: 0 });
    expect(rerouted.routeToNext).not.toEqual(first.routeToNext);
    await dispatcher.cancelTrip(trip.id, 'test over');
  });

  test('settled() resolves once the manifest for a just-accepted trip is on the wire', async () => {
    const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
    await driver.next('manifest');
    const { trip } = await request('r-settle', { autoAccept: true });
    await realtime.settled();
    await new Promise((r) => setTimeout(r, 20)); // the client's own read of its socket
    expect(driver.messages.some((m) => m.type === 'manifest' && m.manifest.stops.some((s) => s.tripId === trip.id))).toBe(true);
  });

  test('a driver starts and ends its shift over the socket; each change is a new manifest', async () => {
    const driver = await connect({ role: 'driver', vehicleId: 'bus-2' });
    await driver.next('manifest', (m) => !m.manifest.onShift);
    driver.send({ type: 'shift', requestId: 's1', action: 'start' });
    expect(await driver.next('ack', (m) => m.requestId === 's1')).toMatchObject({ ok: true });
    await driver.next('manifest', (m) => m.manifest.onShift);
    driver.send({ type: 'shift', requestId: 's2', action: 'end' });
    expect(await driver.next('ack', (m) => m.requestId === 's2')).toMatchObject({ ok: true });
    await driver.next('manifest', (m) => !m.manifest.onShift, { from: driver.messages.length - 1 });
  });
});

describe('what a client may see', () => {
  test('a driver reporting a stop of another vehicle’s trip is refused; a rider cannot follow another rider’s trip', async () => {
    const { trip } = await request('r-own', { autoAccept: true });
    expect(trip.vehicleId).toBe('bus-1');
    const otherDriver = await connect({ role: 'driver', vehicleId: 'bus-2' });
    otherDriver.send({ type: 'stop_event', requestId: 'x1', tripId: trip.id, event: 'arrived_pickup' });
    const refused = await otherDriver.next('ack', (m) => m.requestId === 'x1');
    expect(refused).toMatchObject({ ok: false, error: { code: 'Forbidden' } });

    // Another rider's trip reads exactly as a trip that does not exist.
    const stranger = await connect({ role: 'rider', riderId: 'r-stranger', tripIds: [trip.id] });
    expect((await stranger.next('error')).error).toEqual({ code: 'NotFound', message: `No trip ${trip.id}` });
    stranger.send({ type: 'follow_trip', tripId: trip.id });
    await stranger.next('error', (m) => m.error.code === 'NotFound', { from: 2 });
    stranger.send({ type: 'follow_trip', tripId: 'no-such-trip' });
    expect((await stranger.next('error', (m) => m.error.message.includes('no-such-trip'))).error.code).toBe('NotFound');
    await stranger.roundTrip();
    expect(stranger.messages.some((m) => m.type === 'trip')).toBe(false);
  });
});

describe('rider', () => {
  test('the rider follows its trip from offer to completion as the driver reports over its own socket', async () => {
    const rider = await connect({ role: 'rider', riderId: 'r-life' });
    const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
    await driver.next('manifest');

    const { trip } = await request('r-life');
    const of = (state: TripView['state']) => rider.next('trip', (m) => m.trip.id === trip.id && m.trip.state === state);
    expect((await of('offered')).trip.promisedPickup).not.toBeNull();
    await dispatcher.acceptOffer(trip.id);
    const accepted = await rider.next('trip', (m) => m.trip.state === 'accepted' && m.trip.pickupEta !== null);
    expect(accepted.trip.vehicleId).toBe('bus-1');
    await driver.next('manifest', (m) => m.manifest.stops.some((s) => s.tripId === trip.id));

    let n = 0;
    const report = async (event: 'arrived_pickup' | 'picked_up' | 'arrived_dropoff' | 'dropped_off') => {
      const requestId = `e${++n}`;
      driver.send({ type: 'stop_event', requestId, tripId: trip.id, event });
      expect(await driver.next('ack', (m) => m.requestId === requestId)).toMatchObject({ ok: true });
    };
    clock.advance(240);
    await report('arrived_pickup');
    const arriving = await of('arriving');
    driver.send({ type: 'position', location: trip.pickupPoint!, headingDeg: 90 });
    const seen = await rider.next('vehicle_position', (m) => m.vehicleId === 'bus-1');
    expect(seen).toMatchObject({ headingDeg: 90, location: trip.pickupPoint });
    clock.advance(30);
    await report('picked_up');
    const onBoard = await of('on_board');
    clock.advance(300);
    await report('arrived_dropoff');
    await report('dropped_off');
    const completed = await of('completed');
    expect([accepted.seq, arriving.seq, onBoard.seq, completed.seq]).toEqual([...[accepted.seq, arriving.seq, onBoard.seq, completed.seq]].sort((a, b) => a - b));
    expect(completed.trip).toMatchObject({ pickupEta: null, arrivalEta: null });
    await driver.next('manifest', (m) => m.manifest.stops.length === 0);
  });

  test('a rejected request reaches the rider with its reason', async () => {
    const rider = await connect({ role: 'rider', riderId: 'r-far' });
    await request('r-far', { origin: [127.0276, 37.4979] });
    const rejected = await rider.next('trip', (m) => m.trip.state === 'rejected');
    expect(rejected.trip.rejectReason).toBe('OutsideServiceArea');
  });
});

describe('planner', () => {
  test('the planner gets the fleet at once, then positions and throttled fleet updates', async () => {
    const planner = await connect({ role: 'planner' });
    const snapshot = await planner.next('fleet');
    expect(snapshot.vehicles.find((v) => v.id === 'bus-1')).toMatchObject({ activity: 'idle', onBoard: 0, stops: 0 });
    const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
    driver.send({ type: 'position', location: pt(SEOKCHON_LAKE), headingDeg: 180, speedMps: 8 });
    await planner.next('vehicle_position', (m) => m.vehicleId === 'bus-1' && m.headingDeg === 180);
    const update = await planner.next('fleet', (m) => m.vehicles.some((v) => v.id === 'bus-1' && v.headingDeg === 180));
    expect(update.vehicles.find((v) => v.id === 'bus-1')!.location).toEqual(SEOKCHON_LAKE);
    expect(update.vehicles.find((v) => v.id === 'bus-2')).toMatchObject({ activity: 'off_shift' });
  });

  test('above plannerPositionsMaxFleet the planner gets no fix one by one: the next fleet message carries it', async () => {
    // A second hub on the same dispatcher whose limit (0) the one vehicle on shift exceeds, as 10,000 vehicles exceed 500.
    const bigServer = createApp(dispatcher, { auth: tokens.auth }).listen(0, '127.0.0.1');
    await new Promise((r) => bigServer.once('listening', r));
    const bigRealtime = await attachRealtime(
      bigServer,
      { dispatcher, repos: testDb.db.repos, router, clock },
      { pollIntervalMs: 200, fleetIntervalMs: 100, plannerPositionsMaxFleet: 0, authorizer: tokenAuthorizer({ verifier: tokens.auth.verifier, positionLeadS: 600 }), log: () => {} },
    );
    try {
      const bigBase = `http://127.0.0.1:${(bigServer.address() as AddressInfo).port}`;
      const planner = await TestClient.hello(bigBase, { role: 'planner', token: await tokens.token(who.planner()) });
      clients.push(planner);
      await planner.next('fleet');
      const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
      // Where the earlier test left it (the clock stands still: a fix elsewhere would be an implausible jump); a new heading.
      driver.send({ type: 'position', location: pt(SEOKCHON_LAKE), headingDeg: 90, speedMps: 8 });
      const update = await planner.next('fleet', (m) => m.vehicles.some((v) => v.id === 'bus-1' && v.headingDeg === 90));
      expect(update.vehicles.find((v) => v.id === 'bus-1')!.location).toEqual(SEOKCHON_LAKE);
      // The hub on the default limit sent the same fix one by one; this one did not.
      expect(planner.messages.filter((m) => m.type === 'vehicle_position')).toHaveLength(0);
    } finally {
      await bigRealtime.close();
      await new Promise<void>((r) => bigServer.close(() => r()));
    }
  });
  test('a planner that takes fleet_changes gets the whole fleet once numbered, then only the vehicles that changed; an older page still gets it whole', async () => {
    const planner = await connect({ role: 'planner', fleetChanges: true });
    const older = await connect({ role: 'planner' });
    await planner.next('fleet');
    const driver = await connect({ role: 'driver', vehicleId: 'bus-1' });
    // Where the earlier tests left it (the clock stands still), turning: a change the planner's map shows.
    driver.send({ type: 'position', location: pt(SEOKCHON_LAKE), headingDeg: 45, speedMps: 8 });
    const whole = await planner.next('fleet', (m) => m.version !== undefined);
    expect(whole.vehicles.length).toBeGreaterThan(1);
    driver.send({ type: 'position', location: pt(SEOKCHON_LAKE), headingDeg: 30, speedMps: 8 });
    const changes = await planner.next('fleet_changes', (m) => m.vehicles.some((v) => v.id === 'bus-1' && v.headingDeg === 30));
    expect(changes.vehicles.map((v) => v.id)).toEqual(['bus-1']);
    expect(changes.removed).toEqual([]);
    // Each fleet_changes builds on the view of the fleet message before it.
    const feed = planner.messages.filter((m) => m.type === 'fleet' || m.type === 'fleet_changes');
    for (let i = 1; i < feed.length; i++) {
      const m = feed[i];
      if (m.type === 'fleet_changes') expect([i, m.since]).toEqual([i, (feed[i - 1] as { version?: number }).version]);
    }
    await older.next('fleet', (m) => m.vehicles.some((v) => v.id === 'bus-1' && v.headingDeg === 30));
    expect(older.messages.filter((m) => m.type === 'fleet_changes')).toHaveLength(0);
    expect(older.messages.filter((m) => m.type === 'fleet' && m.version !== undefined)).toHaveLength(0);
  });
});

describe('slow clients', () => {
  test('a planner that stops reading loses positions first, then is closed with 4001 when trip messages pile up', async () => {
    const offers: string[] = [];
    for (let i = 0; i < 6; i++) offers.push((await request('r-slow')).trip.id);
    const planner = await connect({ role: 'planner' });
    await planner.next('fleet');
    planner.pauseReading();

    // Positions faster than the planner reads, until ws holds more than maxBufferedBytes and the queue takes over.
    const droppedBefore = realtime.stats().droppedMessages;
    let emitted = 0;
    while (realtime.stats().droppedMessages === droppedBefore && emitted < 200_000) {
      for (let i = 0; i < 5000; i++) dispatcher.changes.emit('position', { vehicleId: 'bus-1', location: SONGPA_OFFICE, headingDeg: null, atS: T0 + ++emitted });
      await new Promise((r) => setImmediate(r));
    }
    expect(realtime.stats().droppedMessages).toBeGreaterThan(droppedBefore);
    expect(realtime.stats().closedTooSlow).toBe(0);

    // Trip messages are never dropped: each followed trip is one more kept message, until the queue (maxQueue 4) overflows.
    for (const tripId of offers) planner.send({ type: 'follow_trip', tripId });
    await until(() => realtime.stats().closedTooSlow === 1, 'the slow planner was closed');

    planner.resumeReading();
    const closed = await planner.closed;
    expect(closed.code).toBe(CLOSE_CODES.tooSlow);
    expect(closed.reason).toMatch(/^Too slow/);
    expect(planner.messages.filter((m) => m.type === 'vehicle_position').length).toBeLessThan(emitted);
    expect(planner.messages.filter((m) => m.type === 'trip')).toHaveLength(0);
  });
});

describe('shutdown', () => {
  test('closing the realtime server says going away to every client and refuses new ones with 503', async () => {
    const planner = await connect({ role: 'planner' });
    await realtime.close();
    expect((await planner.closed).code).toBe(CLOSE_CODES.goingAway);
    await expect(TestClient.open(base)).rejects.toThrow(/503/);
  });
});
