import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { TripView } from '../protocol/trips';
import type { HealthReport } from '../protocol/health';
import { TestClient } from '../dispatcher/realtime/__tests__/TestClient';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { who } from '../test-support/auth';
import { sharedPath } from '../test-support/sharedData';
import { type ApiAnswer, ApiCaller, errorCode } from './support/ApiCaller';
import { ServeProcess } from './support/ServeProcess';
import { ThrowawayPostgres } from './support/ThrowawayPostgres';

/**
 * The database server stops for 10 s in the middle of service and starts again: `anystop serve` keeps running, answers
 * 503 DatabaseUnavailable with Retry-After meanwhile (never 500, never "accepted" for a trip it could not commit),
 * reports the database down on /health and /ready, and recovers by itself; no accepted trip is lost or duplicated,
 * positions sent during the outage are written afterwards, and the driver's websocket gets manifests again.
 * The server is a throw-away cluster of this test's own: the shared one at 5432 serves the other test files.
 */
const OUTAGE_MS = 10_000;
let cluster: ThrowawayPostgres;
let serve: ServeProcess;
const api = new ApiCaller();
const dir = mkdtempSync(join(tmpdir(), 'anystop-outage-'));
const pair = (p: readonly [number, number]): [number, number] => [p[0], p[1]];
const lerp = (a: readonly [number, number], b: readonly [number, number], t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

beforeAll(async () => {
  cluster = await ThrowawayPostgres.create(); // throws, with the reason, when no cluster can be made: never skipped
  await cluster.query('postgres', 'CREATE DATABASE anystop');
  serve = await ServeProcess.start({
    args: ['--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--data', dir, '--port', '0'],
    env: { ...process.env, ...api.env, DATABASE_URL: cluster.url('anystop') },
  });
  api.baseUrl = serve.url;
}, 90_000);

afterAll(async () => {
  if (serve?.running) await serve.signal('SIGTERM');
  await cluster?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Trip requests from distinct riders along Jamsil → Seokchon, each with its own Idempotency-Key. */
function tripRequest(k: number) {
  const riderId = `rider-${k}`;
  const body = { riderId, origin: lerp(JAMSIL_STATION, SEOKCHON_LAKE, (k % 7) / 7), destination: lerp(OLYMPIC_PARK, SONGPA_OFFICE, (k % 5) / 10), autoAccept: true };
  return (): Promise<ApiAnswer> => api.call('POST', '/trips', who.rider(riderId), body, { 'Idempotency-Key': `trip-${k}` });
}

async function health(): Promise<HealthReport> {
  return (await api.call('GET', '/health', null)).body as HealthReport;
}

test('a 10 s database outage: 503s meanwhile, recovery without a restart, no accepted trip lost', async () => {
  const operator = who.operator();
  for (const [id, depot] of [['bus-1', SONGPA_OFFICE], ['bus-2', OLYMPIC_PARK], ['bus-3', JAMSIL_STATION]] as const) {
    expect((await api.call('PUT', `/vehicles/${id}`, operator, { seats: 8, wheelchairPlaces: 1, depot: pair(depot) })).status).toBe(200);
    expect((await api.call('POST', `/vehicles/${id}/shift/start`, operator, { endsAt: Math.round(Date.now() / 1000) + 8 * 3600 })).status).toBe(200);
  }
  const driver = await TestClient.hello(serve.url, { role: 'driver', vehicleId: 'bus-1', token: await api.token(who.driver('bus-1')) });
  await driver.next('manifest');
  expect((await health()).database).toBe('up');

  /** Every answer that said "accepted", by trip id: what the riders were promised. */
  const promised = new Map<string, TripView>();
  const note = (a: ApiAnswer) => {
    const t = a.body as TripView;
    if (a.status < 300 && t.state === 'accepted') promised.set(t.id, t);
  };
  for (let k = 0; k < 4; k++) note(await tripRequest(k)());
  expect(promised.size).toBeGreaterThan(0);

  // A burst in flight as the server stops (fast shutdown: every session is terminated mid-transaction).
  const burst = Array.from({ length: 8 }, (_, i) => tripRequest(10 + i)());
  await new Promise((resolve) => setTimeout(resolve, 5));
  const stoppedAt = performance.now();
  await cluster.stop('fast');
  const burstAnswers = await Promise.all(burst);
  for (const a of burstAnswers) {
    expect(a.status === 503 ? errorCode(a) : 'answered').toMatch(/^(answered|DatabaseUnavailable)$/);
    expect(a.status).not.toBe(500);
    note(a);
  }

  // Down: requests are refused quickly with 503 and Retry-After; the process keeps running.
  const down: ApiAnswer[] = [];
  down.push(await tripRequest(30)());
  down.push(await api.call('GET', `/trips/${[...promised.keys()][0]}`, operator));
  down.push(await api.call('POST', '/vehicles/bus-2/shift/end', operator));
  for (const a of down) {
    expect({ status: a.status, code: errorCode(a) }).toEqual({ status: 503, code: 'DatabaseUnavailable' });
    expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  const slowest = Math.max(...down.map((a) => a.ms));
  expect(slowest).toBeLessThan(6000);
  // /health reuses a report for HEALTH_CACHE_MS: the next one says down.
  let report = await health();
  for (let i = 0; i < 40 && report.database === 'up'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    report = await health();
  }
  expect(report).toMatchObject({ status: 'degraded', database: 'down', router: 'up' });
  const ready = await api.call('GET', '/ready', null);
  expect({ status: ready.status, code: errorCode(ready) }).toEqual({ status: 503, code: 'DatabaseUnavailable' });

  // The driver: a stop event is refused (and may be repeated later); GPS positions are held for later.
  const onBus1 = [...promised.values()].find((t) => t.vehicleId === 'bus-1');
  driver.send({ type: 'position', location: pair(SONGPA_OFFICE), headingDeg: 77 });
  if (onBus1) {
    driver.send({ type: 'stop_event', requestId: 'during-outage', tripId: onBus1.id, event: 'arrived_pickup' });
    const ack = await driver.next('ack', (m) => m.requestId === 'during-outage', { timeoutMs: 8000 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'DatabaseUnavailable' } });
  }
  expect(driver.isOpen).toBe(true);

  const left = OUTAGE_MS - (performance.now() - stoppedAt);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  expect(serve.running).toBe(true);
  const pid = serve.pid;
  await cluster.start();
  const startedAt = performance.now();

  // Recovery: ready again without a restart, within a few seconds.
  for (;;) {
    if ((await api.call('GET', '/ready', null)).status === 200) break;
    if (performance.now() - startedAt > 15_000) throw new Error(`not ready 15 s after the database came back:\n${serve.log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const recoveryMs = performance.now() - startedAt;
  expect(serve.pid).toBe(pid);
  expect(serve.running).toBe(true);

  // Riders whose answer was lost repeat their request with the same key: it ends in one trip, not two.
  for (const [i, a] of burstAnswers.entries()) if (a.status === 503) note(await tripRequest(10 + i)());
  note(await tripRequest(30)());

  const admin = new Client({ connectionString: cluster.url('anystop') });
  await admin.connect();
  try {
    for (const [id, view] of promised) {
      const { rows } = await admin.query<{ state: string; pickup_earliest: number; pickup_latest: number; latest_arrival: number }>(
        `SELECT state, extract(epoch FROM pickup_window_start)::float8 AS pickup_earliest, extract(epoch FROM pickup_window_end)::float8 AS pickup_latest,
                extract(epoch FROM latest_arrival_at)::float8 AS latest_arrival FROM trips WHERE id = $1`,
        [id],
      );
      expect(rows).toHaveLength(1);
      expect(['accepted', 'assigned', 'arriving']).toContain(rows[0].state);
      expect(rows[0].pickup_earliest).toBeCloseTo(view.promisedPickup!.earliestS, 0);
      expect(rows[0].pickup_latest).toBeCloseTo(view.promisedPickup!.latestS, 0);
      expect(rows[0].latest_arrival).toBeCloseTo(view.promisedArrivalBy!, 0);
    }
    const perRider = await admin.query<{ rider_id: string; n: number }>(`SELECT rider_id, count(*)::int AS n FROM trips GROUP BY rider_id HAVING count(*) > 1`);
    expect(perRider.rows).toEqual([]);
    // Every accepted trip in the database has both its stops on a vehicle, and the accepted ones were answered so.
    const open = await admin.query<{ id: string; stops: number }>(
      `SELECT t.id, (SELECT count(*)::int FROM stops s WHERE s.trip_id = t.id AND s.state <> 'skipped') AS stops FROM trips t WHERE t.state IN ('accepted', 'assigned', 'arriving')`,
    );
    for (const row of open.rows) expect({ id: row.id, stops: row.stops }).toEqual({ id: row.id, stops: 2 });
    expect(new Set(open.rows.map((r) => r.id))).toEqual(new Set(promised.keys()));

    // The GPS position sent while the database was away was written once it came back.
    let written = 0;
    for (let i = 0; i < 100 && written === 0; i++) {
      written = (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM vehicle_position_history WHERE heading_deg = 77`)).rows[0].n;
      if (written === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(written).toBe(1);
  } finally {
    await admin.end();
  }

  // The driver's channel is live again: its repeated stop event is acknowledged, and the manifest follows.
  if (onBus1) {
    const from = driver.messages.length;
    driver.send({ type: 'stop_event', requestId: 'after-outage', tripId: onBus1.id, event: 'arrived_pickup' });
    expect(await driver.next('ack', (m) => m.requestId === 'after-outage', { timeoutMs: 8000 })).toMatchObject({ ok: true });
    await driver.next('manifest', (m) => m.manifest.stops.some((s) => s.tripId === onBus1.id && s.state === 'arrived'), { from, timeoutMs: 8000 });
  }
  expect(serve.log).toMatch(/database connection lost|reading the event log failed/);
  expect(serve.log).not.toMatch(/internal error/);
  process.stderr.write(
    `database outage: ${burstAnswers.filter((a) => a.status === 503).length}/${burstAnswers.length} of the burst refused with 503, ` +
      `slowest refusal while down ${Math.round(slowest)} ms, ready ${Math.round(recoveryMs)} ms after the database came back, ${promised.size} accepted trips all kept\n`,
  );
}, 90_000);
