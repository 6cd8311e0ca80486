import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import WebSocket from 'ws';
import { WS_PATH } from '../protocol/realtime';
import { TestClient } from '../dispatcher/realtime/__tests__/TestClient';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { who } from '../test-support/auth';
import { sharedPath } from '../test-support/sharedData';
import { ApiCaller, errorCode } from './support/ApiCaller';
import { ServeProcess } from './support/ServeProcess';

/**
 * SIGTERM while a trip request is in flight (held on a table lock the test owns): new HTTP requests get 503
 * ShuttingDown with Retry-After at once, a new websocket upgrade gets 503, the request in flight finishes and is
 * answered, the driver's websocket is then closed with 1001 "going away", the GPS position sent during the drain is
 * in the database, and the process exits 0.
 */
let db: TestDatabase;
let serve: ServeProcess;
const api = new ApiCaller();
const dir = mkdtempSync(join(tmpdir(), 'anystop-shutdown-'));
const pair = (p: readonly [number, number]): [number, number] => [p[0], p[1]];

beforeAll(async () => {
  db = await createTestDatabase();
  serve = await ServeProcess.start({
    args: ['--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--data', dir, '--port', '0'],
    env: { ...process.env, ...api.env, DATABASE_URL: db.url },
  });
  api.baseUrl = serve.url;
}, 60_000);

afterAll(async () => {
  if (serve?.running) await serve.kill9();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A websocket upgrade's answer: the HTTP status it was refused with, or 101 when it opened. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + WS_PATH);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('error', () => resolve(0));
  });
}

test('SIGTERM with a request in flight: 503 for new work, the request finishes, 1001 for the websockets, positions saved, exit 0', async () => {
  const operator = who.operator();
  expect((await api.call('PUT', '/vehicles/bus-1', operator, { seats: 6, wheelchairPlaces: 1, depot: pair(SONGPA_OFFICE) })).status).toBe(200);
  expect((await api.call('POST', '/vehicles/bus-1/shift/start', operator, { endsAt: Math.round(Date.now() / 1000) + 8 * 3600 })).status).toBe(200);
  const driver = await TestClient.hello(serve.url, { role: 'driver', vehicleId: 'bus-1', token: await api.token(who.driver('bus-1')) });
  await driver.next('manifest');
  const first = await api.call('POST', '/trips', who.rider('rider-1'), { riderId: 'rider-1', origin: pair(JAMSIL_STATION), destination: pair(OLYMPIC_PARK), autoAccept: true });
  expect(first.body).toMatchObject({ state: 'accepted' });

  // The test holds the trips table: the next request waits inside the dispatcher, mid-decision.
  const holder = new Client({ connectionString: db.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE trips IN ACCESS EXCLUSIVE MODE');
  const inFlight = api.call('POST', '/trips', who.rider('rider-2'), { riderId: 'rider-2', origin: pair(SEOKCHON_LAKE), destination: pair(OLYMPIC_PARK), autoAccept: true }, { 'Idempotency-Key': 'in-flight' });
  await waitFor('the request waiting on the lock', async () => {
    const { rows } = await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name]);
    return rows[0].n > 0 ? true : undefined;
  });

  const t0 = performance.now();
  serve.child.kill('SIGTERM');
  const refused = await waitFor('503 for new requests', async () => {
    const answer = await api.call('GET', '/service-areas', operator);
    return answer.status === 503 ? answer : undefined;
  });
  expect(errorCode(refused)).toBe('ShuttingDown');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await api.call('POST', '/trips', who.rider('rider-3'), { riderId: 'rider-3', origin: pair(JAMSIL_STATION), destination: pair(SEOKCHON_LAKE) })).status).toBe(503);
  expect(await upgradeStatus(serve.url)).toBe(503);
  const ready = await api.call('GET', '/ready', null);
  expect(ready.status).toBe(503);

  // Still draining: the open websocket carries on (a position now must still be saved).
  expect(driver.isOpen).toBe(true);
  driver.send({ type: 'position', location: pair(OLYMPIC_PARK), headingDeg: 123 });
  await driver.roundTrip();

  await holder.query('COMMIT');
  await holder.end();
  const answered = await inFlight;
  const answeredAt = performance.now();
  // Status and body together, so that a failure shows the coded error the request got.
  expect({ status: answered.status, body: answered.body }).toMatchObject({ status: 201, body: { state: 'accepted', vehicleId: 'bus-1' } });

  const closed = await driver.closed;
  expect(closed.code).toBe(1001);
  expect(closed.reason).toMatch(/shutting down/);
  expect(performance.now()).toBeGreaterThanOrEqual(answeredAt);
  const exit = await serve.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(serve.log).toMatch(/stopped cleanly/);
  process.stderr.write(`graceful shutdown: SIGTERM to exit ${Math.round(performance.now() - t0)} ms (the in-flight request held ${Math.round(answeredAt - t0)} ms)\n`);

  const positions = await db.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM vehicle_position_history WHERE vehicle_id = 'bus-1' AND heading_deg = 123`);
  expect(positions.rows[0].n).toBe(1);
  const saved = await db.db.repos.trips.getByIdempotencyKey('rider-2', 'in-flight');
  expect(saved?.state).toBe('accepted');
}, 60_000);
