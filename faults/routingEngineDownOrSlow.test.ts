import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthReport } from '../protocol/health';
import type { TripView } from '../protocol/trips';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { createOsrmServer } from '../routing/server/createOsrmServer';
import { TestClient } from '../dispatcher/realtime/__tests__/TestClient';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { who } from '../test-support/auth';
import { sharedPath } from '../test-support/sharedData';
import { type ApiAnswer, ApiCaller, errorCode } from './support/ApiCaller';
import { ServeProcess } from './support/ServeProcess';
import { SwitchableProxy } from './support/SwitchableProxy';

/**
 * `anystop serve` on an OSRM backend (the built-in router's OSRM-compatible server behind a proxy the test switches)
 * whose engine goes down, comes back, then turns slow. New requests are declined at once as trips rejected with
 * RoutingUnavailable (a 503 for accepting an open offer, which stays open), while the vehicle already on its manifest
 * keeps going: stop events are acknowledged, positions taken, manifests pushed, trips readable.
 */
const TIMEOUT_MS = 300;
let db: TestDatabase;
let osrm: Server;
let proxy: SwitchableProxy;
let serve: ServeProcess;
let driver: TestClient;
const api = new ApiCaller();
const dir = mkdtempSync(join(tmpdir(), 'anystop-routing-'));
const pair = (p: readonly [number, number]): [number, number] => [p[0], p[1]];

beforeAll(async () => {
  const [testDb, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))]);
  db = testDb;
  osrm = createOsrmServer(new BuiltinRouter(prepared)).listen(0, '127.0.0.1');
  await new Promise((resolve) => osrm.once('listening', resolve));
  proxy = await new SwitchableProxy(`http://127.0.0.1:${(osrm.address() as AddressInfo).port}`).start();
  serve = await ServeProcess.start({
    args: ['--data', dir, '--port', '0'],
    env: { ...process.env, ...api.env, DATABASE_URL: db.url, ROUTER: 'osrm', ROUTER_URL: proxy.url, ROUTER_TIMEOUT_MS: String(TIMEOUT_MS), ROUTER_RETRIES: '1' },
  });
  api.baseUrl = serve.url;
  const operator = who.operator();
  expect((await api.call('POST', '/service-areas', operator, { type: 'Feature', properties: { name: 'Songpa' }, geometry: SONGPA_AREA })).status).toBe(201);
  expect((await api.call('PUT', '/vehicles/bus-1', operator, { seats: 8, wheelchairPlaces: 1, depot: pair(SONGPA_OFFICE) })).status).toBe(200);
  expect((await api.call('POST', '/vehicles/bus-1/shift/start', operator, { endsAt: Math.round(Date.now() / 1000) + 8 * 3600 })).status).toBe(200);
  driver = await TestClient.hello(serve.url, { role: 'driver', vehicleId: 'bus-1', token: await api.token(who.driver('bus-1')) });
  await driver.next('manifest');
}, 60_000);

afterAll(async () => {
  if (serve?.running) await serve.signal('SIGTERM');
  await proxy?.close();
  await new Promise((resolve) => osrm?.close(resolve));
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

let riders = 0;
function request(autoAccept = true): Promise<ApiAnswer> {
  const riderId = `rider-${++riders}`;
  const origin = riders % 2 ? JAMSIL_STATION : SEOKCHON_LAKE;
  return api.call('POST', '/trips', who.rider(riderId), { riderId, origin: pair(origin), destination: pair(OLYMPIC_PARK), autoAccept });
}

let stopRequests = 0;
async function stopEvent(tripId: string, event: 'arrived_pickup' | 'picked_up' | 'arrived_dropoff' | 'dropped_off'): Promise<{ ok: boolean; ms: number }> {
  const requestId = `stop-${++stopRequests}`;
  const t0 = performance.now();
  driver.send({ type: 'stop_event', requestId, tripId, event });
  const ack = await driver.next('ack', (m) => m.requestId === requestId, { timeoutMs: 10_000 });
  return { ok: ack.ok, ms: performance.now() - t0 };
}

async function declinedForRouting(answer: ApiAnswer): Promise<void> {
  expect(answer.status).toBe(201);
  expect(answer.body).toMatchObject({ state: 'rejected', rejectReason: 'RoutingUnavailable' });
}

test('engine down, back, then slow: new requests declined fast, the manifest in service keeps going', async () => {
  const onBoard = (await request()).body as TripView;
  expect(onBoard).toMatchObject({ state: 'accepted', vehicleId: 'bus-1' });
  const open = (await request(false)).body as TripView;
  expect(open.state).toBe('offered');

  // Down: connection refused.
  await proxy.set('down');
  const firstDeclined = await request();
  await declinedForRouting(firstDeclined);
  const nextDeclined = await request();
  await declinedForRouting(nextDeclined);
  expect(firstDeclined.ms).toBeLessThan(3 * TIMEOUT_MS + 1000);
  // The breaker is open: the answer comes before a timeout could run out (the slow phase below counts at the proxy
  // that the engine is not asked; a closed port cannot count).
  expect(nextDeclined.ms).toBeLessThan(TIMEOUT_MS);
  const accept = await api.call('POST', `/trips/${open.id}/accept`, who.rider(open.riderId));
  expect({ status: accept.status, code: errorCode(accept) }).toEqual({ status: 503, code: 'RoutingUnavailable' });
  expect(Number(accept.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await api.call('GET', `/trips/${open.id}`, who.rider(open.riderId))).body as TripView).state).toBe('offered');

  const from = driver.messages.length;
  const arrived = await stopEvent(onBoard.id, 'arrived_pickup');
  const boarded = await stopEvent(onBoard.id, 'picked_up');
  expect([arrived.ok, boarded.ok]).toEqual([true, true]);
  expect(Math.max(arrived.ms, boarded.ms)).toBeLessThan(1000);
  const manifest = await driver.next('manifest', (m) => !m.manifest.stops.some((s) => s.kind === 'pickup' && s.tripId === onBoard.id), { from });
  expect(manifest.manifest.stops.map((s) => `${s.kind}:${s.tripId}`)).toEqual([`dropoff:${onBoard.id}`]);
  driver.send({ type: 'position', location: pair(SEOKCHON_LAKE), speedMps: 8 });
  await driver.roundTrip();
  expect(driver.messages.slice(from).filter((m) => m.type === 'error')).toEqual([]);
  expect(((await api.call('GET', `/trips/${onBoard.id}`, who.rider(onBoard.riderId))).body as TripView).state).toBe('on_board');
  const health = (await api.call('GET', '/health', null)).body as HealthReport;
  expect(health).toMatchObject({ status: 'degraded', router: 'down', database: 'up' });
  expect((await api.call('GET', '/ready', null)).status).toBe(200);

  // Back: within the breaker's pause (5 s) new requests are offered again, and the open offer can be accepted.
  await proxy.set('up');
  const upAt = performance.now();
  let declinedWhileOpen = 0;
  for (;;) {
    const recovered = await request(false);
    if ((recovered.body as TripView).state === 'offered') break;
    declinedWhileOpen++;
    if (performance.now() - upAt > 10_000) throw new Error(`no offer 10 s after the engine came back:\n${serve.log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const recoveryMs = performance.now() - upAt;
  expect((await api.call('POST', `/trips/${open.id}/accept`, who.rider(open.riderId))).body).toMatchObject({ state: 'accepted' });

  // Slow: the engine holds every answer far past the timeout; a request waits at most the timeout and one retry.
  await proxy.set('slow');
  const slowDeclined = await request();
  await declinedForRouting(slowDeclined);
  expect(slowDeclined.ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS);
  expect(slowDeclined.ms).toBeLessThan(2 * TIMEOUT_MS + 1500);
  const askedWhileSlow = proxy.requests;
  const fastDeclined = await request();
  await declinedForRouting(fastDeclined);
  expect(proxy.requests).toBe(askedWhileSlow); // the breaker is open: the engine is not asked
  expect(fastDeclined.ms).toBeLessThan(TIMEOUT_MS);
  const atDropoff = await stopEvent(onBoard.id, 'arrived_dropoff');
  const droppedOff = await stopEvent(onBoard.id, 'dropped_off');
  expect([atDropoff.ok, droppedOff.ok]).toEqual([true, true]);
  expect(Math.max(atDropoff.ms, droppedOff.ms)).toBeLessThan(2 * TIMEOUT_MS + 1500);
  expect(((await api.call('GET', `/trips/${onBoard.id}`, who.rider(onBoard.riderId))).body as TripView).state).toBe('completed');
  await proxy.set('up');

  const metrics = (await api.call('GET', '/metrics', who.planner())).body as { rejectionReasons: Record<string, number> };
  expect(metrics.rejectionReasons.RoutingUnavailable).toBe(4 + declinedWhileOpen);
  expect(serve.log).toMatch(/routing engine unavailable/);
  expect(serve.log).toMatch(/routing engine answers again/);
  process.stderr.write(
    `routing engine faults: declined in ${Math.round(firstDeclined.ms)} ms (down, first), ${Math.round(nextDeclined.ms)} ms (down, breaker open), ` +
      `${Math.round(slowDeclined.ms)} ms (slow, first), ${Math.round(fastDeclined.ms)} ms (slow, breaker open); stop events acked in ≤ ${Math.round(Math.max(arrived.ms, boarded.ms))} ms (down) ` +
      `and ≤ ${Math.round(Math.max(atDropoff.ms, droppedOff.ms))} ms (slow); offers again ${Math.round(recoveryMs)} ms after the engine came back\n`,
  );
}, 90_000);
