import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { API_ERRORS } from '../protocol/errors';
import { WS_LIMITS, WS_PATH } from '../protocol/realtime';
import type { TripView } from '../protocol/trips';
import type { Principal } from '../dispatcher/auth/Principal';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_OFFICE } from '../test-support/dbFixtures';
import { who } from '../test-support/auth';
import { sharedPath } from '../test-support/sharedData';
import { ApiCaller } from './support/ApiCaller';
import { hostileFrame } from './support/hostileFrames';
import { type HttpCase, httpCases, type Known } from './support/hostileHttp';
import { HostileValues } from './support/hostileValues';
import { rawCases, sendRaw } from './support/rawHttp';
import { ServeProcess } from './support/ServeProcess';

/**
 * A seeded run of more than 10,000 malformed inputs against `anystop serve` (real PostgreSQL, built-in router): JSON
 * bodies with wrong types, extreme numbers, NaN and Infinity, deep nesting, unicode and NUL, prototype-pollution keys,
 * invalid UTF-8, oversized and truncated; hostile query strings, ids and headers; byte-level requests; and websocket
 * frames (broken JSON, binary, invalid UTF-8, oversized). The server answers only 2xx/4xx with `{ error: { code,
 * message } }`, never 5xx; on the websocket only well-formed messages and documented close codes; it never crashes,
 * and its resident memory grows by less than 100 MB. Per-address rate limits are off for loopback (ANYSTOP_RATE_LIMIT_EXEMPT),
 * or the run would mostly measure 429s.
 */
const SEED = 5;
const HTTP_CASES = 7500;
const RAW_CASES = 500;
const WS_CONNECTIONS = 500;
const FRAMES_PER_CONNECTION = 8;
const ALLOWED_CLOSE = new Set([1000, 1002, 1007, 1009, 4001, 4002, 4003, 4004, 4005]);
const SERVER_TYPES = new Set(['welcome', 'manifest', 'trip', 'fleet', 'vehicle_position', 'pong', 'error', 'ack']);

let db: TestDatabase;
let serve: ServeProcess;
let known: Known;
const api = new ApiCaller();
const dir = mkdtempSync(join(tmpdir(), 'anystop-hostile-'));
const pair = (p: readonly [number, number]): [number, number] => [p[0], p[1]];
/** Everything that went wrong, by kind, with an example each. */
const findings = new Map<string, { count: number; example: string }>();
const statuses = new Map<number, number>();
let wsFrames = 0;
const closeCodes = new Map<number, number>();
let rssBefore = 0;
let rssAfter = 0;
let elapsedMs = 0;

function finding(kind: string, example: string): void {
  const f = findings.get(kind) ?? { count: 0, example };
  f.count++;
  findings.set(kind, f);
}

async function inParallel<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const tokens = new Map<string, string>();
async function bearer(p: Principal): Promise<string> {
  const key = JSON.stringify(p);
  if (!tokens.has(key)) tokens.set(key, await api.token(p));
  return tokens.get(key)!;
}

async function sendHttp(c: HttpCase): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...c.headers };
  if (c.as && c.as !== 'bad') headers.authorization = `Bearer ${await bearer(c.as)}`;
  let res: Response;
  try {
    const body = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : new Blob([Buffer.from(c.body)]);
    res = await fetch(serve.url + c.path, { method: c.method, headers, body });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    finding(`no answer (${cause?.code ?? cause?.message ?? String(e)})`, `${c.method} ${c.path.slice(0, 120)}`);
    return;
  }
  const text = await res.text();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status >= 500) finding(`HTTP ${res.status}`, `${c.method} ${c.path.slice(0, 120)} ${String(c.body ?? '').slice(0, 200)} → ${text.slice(0, 200)}`);
  if (res.status >= 400 && c.method !== 'HEAD') {
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string' || !(code in API_ERRORS)) finding('error body without a known code', `${c.method} ${c.path.slice(0, 80)} → ${res.status} ${text.slice(0, 120)}`);
  }
}

/** One websocket client: hello (usually valid), then hostile frames paced under the rate limit, with pings between. */
async function wsClient(h: HostileValues, n: number): Promise<void> {
  const ws = new WebSocket(serve.url.replace(/^http/, 'ws') + WS_PATH);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    let m: { v?: unknown; type?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      m = JSON.parse(data.toString()) as typeof m;
    } catch {
      return finding('websocket message that is not JSON', data.toString().slice(0, 120));
    }
    if (isBinary || m.v !== 1 || typeof m.type !== 'string' || !SERVER_TYPES.has(m.type)) finding('malformed websocket message', JSON.stringify(m).slice(0, 160));
    if (m.type === 'error' && (typeof m.error?.code !== 'string' || typeof m.error?.message !== 'string')) finding('websocket error without code', JSON.stringify(m));
  });
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  if (!opened) return finding('websocket upgrade refused', `connection ${n}`);
  const role = h.pick(['rider', 'rider', 'planner', 'planner', 'driver', 'hostile'] as const);
  if (role !== 'hostile') {
    const principal: Principal = role === 'rider' ? who.rider(`ws-rider-${n}`) : role === 'planner' ? who.planner(`ws-planner-${n}`) : who.driver(known.vehicleId, `ws-driver-${n}`);
    ws.send(JSON.stringify({ v: 1, type: 'hello', role, token: await bearer(principal), ...(role === 'driver' ? { vehicleId: known.vehicleId } : {}) }));
  }
  for (let i = 0; i < FRAMES_PER_CONNECTION && ws.readyState === WebSocket.OPEN; i++) {
    const last = i === FRAMES_PER_CONNECTION - 1;
    const frame = hostileFrame(h, known.tripId, WS_LIMITS.maxPayloadBytes, last && h.chance(0.3));
    ws.send(frame.data, { binary: frame.binary });
    wsFrames++;
    if (i % 4 === 3) ws.send(JSON.stringify({ v: 1, type: 'ping' }));
    await new Promise((resolve) => setTimeout(resolve, 1000 / (WS_LIMITS.maxMessagesPerSecond * 0.6)));
  }
  if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  const code = await closed;
  closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
  if (!ALLOWED_CLOSE.has(code)) finding(`websocket closed with ${code}`, `connection ${n}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  serve = await ServeProcess.start({
    args: ['--osm', sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), '--data', dir, '--port', '0'],
    env: { ...process.env, ...api.env, DATABASE_URL: db.url, ANYSTOP_RATE_LIMIT_EXEMPT: 'loopback' },
  });
  api.baseUrl = serve.url;
  const operator = who.operator();
  await api.call('PUT', '/vehicles/bus-1', operator, { seats: 6, wheelchairPlaces: 1, depot: pair(SONGPA_OFFICE) });
  await api.call('POST', '/vehicles/bus-1/shift/start', operator, { endsAt: Math.round(Date.now() / 1000) + 8 * 3600 });
  const trip = (await api.call('POST', '/trips', who.rider('fuzz-rider'), { riderId: 'fuzz-rider', origin: pair(JAMSIL_STATION), destination: pair(OLYMPIC_PARK) })).body as TripView;
  known = { riderId: 'fuzz-rider', tripId: trip.id, vehicleId: 'bus-1', nowS: Date.now() / 1000, place: pair(JAMSIL_STATION), elsewhere: pair(OLYMPIC_PARK) };

  // Warm up (JIT, pools, caches) with valid traffic, then take the baseline.
  const warm = new HostileValues(SEED + 1);
  await inParallel(httpCases(warm, 400, known).map((c) => ({ ...c, body: undefined, headers: {} })), 8, sendHttp);
  statuses.clear();
  findings.clear();
  rssBefore = serve.rssBytes();

  const t0 = performance.now();
  const h = new HostileValues(SEED);
  const raw = rawCases(h, RAW_CASES, await bearer(operator));
  const port = Number(new URL(serve.url).port);
  const wsRun = (async () => {
    const hw = new HostileValues(SEED + 2);
    const ids = Array.from({ length: WS_CONNECTIONS }, (_, n) => n);
    await inParallel(ids, 60, (n) => wsClient(hw, n));
  })();
  await inParallel(httpCases(h, HTTP_CASES, known), 8, sendHttp);
  await inParallel(raw, 16, async (bytes) => {
    for (const status of await sendRaw(port, bytes)) {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) finding(`raw HTTP ${status}`, bytes.toString('latin1').slice(0, 120));
    }
  });
  await wsRun;
  elapsedMs = performance.now() - t0;
  rssAfter = serve.rssBytes();
}, 120_000);

afterAll(async () => {
  if (serve?.running) await serve.signal('SIGTERM');
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('more than 10,000 hostile inputs were sent', () => {
  const total = HTTP_CASES + RAW_CASES + wsFrames;
  process.stderr.write(
    `hostile input: ${HTTP_CASES} HTTP + ${RAW_CASES} raw + ${wsFrames} websocket frames = ${total} in ${Math.round(elapsedMs / 1000)} s; ` +
      `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; closes ${JSON.stringify(Object.fromEntries(closeCodes))}; ` +
      `RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(rssAfter / 2 ** 20)} MB\n`,
  );
  expect(total).toBeGreaterThanOrEqual(10_000);
});

test('the server answered only 2xx and 4xx, every error well-formed, on HTTP and on the websocket', () => {
  expect(Object.fromEntries(findings)).toEqual({});
  expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
});

test('it never crashed, logged no internal error, and still serves a normal request the same way', async () => {
  expect(serve.running).toBe(true);
  expect(serve.log).not.toMatch(/internal error/);
  const health = await api.call('GET', '/health', null);
  expect(health.body).toEqual({ status: 'ok', database: 'up', router: 'up', fleetResyncPending: 0 });
  const trip = await api.call('POST', '/trips', who.rider('after-fuzz'), { riderId: 'after-fuzz', origin: pair(OLYMPIC_PARK), destination: pair(JAMSIL_STATION) });
  expect(trip.status).toBe(201);
  expect(trip.body).toMatchObject({ state: 'offered', riderId: 'after-fuzz' });
  expect(JSON.stringify(trip.body)).not.toMatch(/polluted/);
  const forged = await api.call('GET', '/metrics', null);
  expect(forged.status).toBe(401);
});

test('the classic ones, one by one: each a 4xx with its code', async () => {
  const rider = who.rider('classic-rider');
  const trip = { riderId: 'classic-rider', origin: known.place, destination: known.elsewhere };
  const offer = (await api.call('POST', '/trips', rider, trip)).body as TripView;
  const cases: Array<[string, Promise<import('./support/ApiCaller').ApiAnswer>, string]> = [
    ['a NUL character in a name PostgreSQL cannot store', api.call('POST', '/trips', rider, { ...trip, riderName: 'Min\u0000ji' }), 'ValidationFailed'],
    ['a NUL character in a cancel reason', api.call('POST', `/trips/${offer.id}/cancel`, rider, { reason: 'x\u0000y' }), 'ValidationFailed'],
    ['a __proto__ key in the body', api.call('POST', '/trips', rider, JSON.parse(`{"__proto__": {"autoAccept": true}, ${JSON.stringify(trip).slice(1)}`)), 'ValidationFailed'],
    ['a time range beyond any timestamp', api.call('GET', '/metrics?from=1&to=99999999999999', who.planner()), 'ValidationFailed'],
    ['Infinity where a coordinate goes', api.call('GET', '/vehicles/nearby?lon=Infinity&lat=37.5', rider), 'ValidationFailed'],
    ['an id that is not percent-encoding', api.call('GET', '/trips/%zz', rider), 'ValidationFailed'],
    ['a pickup time far in the future', api.call('POST', '/trips', rider, { ...trip, pickupAt: 2 ** 52 }), 'InvalidPickupTime'],
  ];
  const answers = await Promise.all(cases.map(async ([what, call, code]) => ({ what, answer: await call, code })));
  for (const { what, answer, code } of answers) {
    expect({ what, status: answer.status >= 400 && answer.status < 500, code: (answer.body as { error?: { code?: string } }).error?.code }).toEqual({
      what,
      status: true,
      code: expect.stringMatching(new RegExp(`^(${code}|ValidationFailed)$`)),
    });
  }
});

test('its resident memory grew by less than 100 MB', () => {
  expect(rssAfter - rssBefore).toBeLessThan(100 * 2 ** 20);
});
