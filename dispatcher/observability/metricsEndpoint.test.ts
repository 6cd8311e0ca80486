import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import type { TripView } from '../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { sharedPath } from '../../test-support/sharedData';
import { DEFAULT_HTTP_RATE_LIMITS } from '../api/rateLimits';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';
import { createLogger } from './Logger';
import { REQUEST_ID_HEADER } from './requestLogging';

/**
 * `serve --metrics-port` in process, re-optimizer on, on the real PostgreSQL and the built-in router over Songpa:
 * a burst of trip requests runs while Prometheus scrapes the metrics port, and the scrape shows the histograms.
 */
let db: TestDatabase;
let running: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  const [database, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  db = database;
  const logger = createLogger({ instanceId: 'metrics-test', destination: { write: (line: string) => void logLines.push(line) } });
  // The load is what is measured here, not the limits: one address sends the whole burst.
  const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIp: { ratePerS: 10_000, burst: 10_000 }, perIdentity: { ratePerS: 10_000, burst: 10_000 } };
  running = await startServer({ router, clock: new ManualClock(T0), port: 0, host: '127.0.0.1', databaseUrl: db.url, metricsPort: 0, instanceId: 'metrics-test', logger, rateLimits });
  const d = running.dispatcher;
  await d.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((r) => r.map((p) => [p[0], p[1]])) } });
  for (const id of ['bus-1', 'bus-2', 'bus-3']) {
    await d.upsertVehicle({ id, seats: 8, wheelchairPlaces: 1, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]] });
    await d.startShift(id, { endsAt: T0 + 8 * 3600 });
  }
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

async function scrape(): Promise<string> {
  const res = await fetch(running.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one series, e.g. `anystop_decisions_total{outcome="accepted"...}`; absent is a failure. */
function series(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  if (!line) throw new Error(`no ${name} ${JSON.stringify(labels)} in the scrape`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('during a burst of trip requests the metrics port shows request latency histograms, decisions by outcome and the gauges', async () => {
  expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const points = [JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_OFFICE];
  const burst = Array.from({ length: 24 }, async (_, i) => {
    const token = await running.auth.issuer!.token({ role: 'rider', subject: `r-${i}` });
    const body = { origin: points[i % 4], destination: points[(i + 1) % 4], passengers: 1, autoAccept: true };
    const res = await fetch(`${running.url}/trips`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [REQUEST_ID_HEADER]: `load-${i}` }, body: JSON.stringify(body) });
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe(`load-${i}`);
    return { status: res.status, trip: (await res.json()) as TripView };
  });
  const during = await scrape(); // while the burst is in flight
  expect(during).toMatch(/# TYPE anystop_http_request_duration_seconds histogram/);
  const answers = await Promise.all(burst);
  expect(answers.map((a) => a.status).every((s) => s === 201)).toBe(true);
  const accepted = answers.filter((a) => a.trip.state === 'accepted').length;
  const rejected = answers.filter((a) => a.trip.state === 'rejected').length;
  expect(accepted).toBeGreaterThan(0);
  expect(accepted + rejected).toBe(24);

  const after = await scrape();
  const trips = { method: 'POST', route: '/trips', status: '201', instance_id: 'metrics-test' };
  expect(series(after, 'anystop_http_request_duration_seconds_count', trips)).toBe(24);
  expect(series(after, 'anystop_http_request_duration_seconds_bucket', { ...trips, le: '+Inf' })).toBe(24);
  expect(series(after, 'anystop_http_request_duration_seconds_sum', trips)).toBeGreaterThan(0);
  expect(series(after, 'anystop_decisions_total', { outcome: 'accepted' })).toBe(accepted);
  if (rejected > 0) expect(after).toMatch(/anystop_decisions_total\{outcome="rejected",reason="[A-Za-z]+"/);
  expect(series(after, 'anystop_decision_duration_seconds_count', { outcome: 'accepted' })).toBe(accepted);
  expect(series(after, 'anystop_websocket_connections')).toBe(0);
  expect(series(after, 'anystop_zone_owned', { zone: '*' })).toBe(1);
  expect(after).toMatch(/^anystop_event_log_lag_events\{instance_id="metrics-test"\} \d+$/m);
  expect(after).toMatch(/^anystop_event_log_lag_seconds\{instance_id="metrics-test"\} [\d.]+$/m);
  expect(after).toMatch(/# TYPE anystop_reoptimizer_runs_total counter/);
  expect(after).toMatch(/^anystop_process_cpu_seconds_total/m);

  // One JSON log line per request, carrying the request id and the instance.
  const lines = logLines.map((l) => JSON.parse(l) as { instance: string; req?: { id: string; method: string }; res?: { statusCode: number } });
  const logged = lines.filter((l) => l.req?.method === 'POST');
  expect(logged.map((l) => l.req!.id).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `load-${i}`).sort());
  expect(logged.every((l) => l.instance === 'metrics-test' && l.res!.statusCode === 201)).toBe(true);
});

test('the metrics port answers only GET /metrics; the API port keeps the planner metrics', async () => {
  const other = await fetch(running.metricsUrl!.replace('/metrics', '/trips'));
  expect(other.status).toBe(404);
  expect(((await other.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  const planner = await running.auth.issuer!.token({ role: 'planner', subject: 'planner-1' });
  const plannerMetrics = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${planner}` } });
  expect(plannerMetrics.status).toBe(200);
  expect(plannerMetrics.headers.get('content-type')).toMatch(/^application\/json/);
  const health = (await (await fetch(`${running.url}/health`)).json()) as { instance: string; nats: string; zones: string[] };
  expect(health).toMatchObject({ instance: 'metrics-test', nats: 'off', zones: ['*'] });
});
