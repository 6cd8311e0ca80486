import WebSocket from 'ws';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { CLOSE_CODES, WS_LIMITS, WS_PATH } from '../../protocol/realtime';
import { who } from '../../test-support/auth';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { sharedPath } from '../../test-support/sharedData';
import type { Principal } from '../auth/Principal';
import { TokenIssuer } from '../auth/TokenIssuer';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';
import { TestClient } from './__tests__/TestClient';

/**
 * The websocket's token checks and its limits per identity, on the dispatcher as `anystop serve` runs it:
 * a bad token closes the hello with 4003, an expired one closes the connection with 4005, one identity's
 * connections share a connection cap and a message rate, and pages from another origin cannot connect.
 */
let db: TestDatabase;
let running: RunningServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  const [testDb, router] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')).then((p) => new BuiltinRouter(p))]);
  db = testDb;
  running = await startServer({ router, clock: new ManualClock(T0), port: 0, host: '127.0.0.1', databaseUrl: db.url, reoptimize: false });
  await running.dispatcher.upsertVehicle({ id: 'bus-1', seats: 6, wheelchairPlaces: 0, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]] });
}, 60_000);
afterEach(() => Promise.all(clients.splice(0).map((c) => c.close())));
afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

async function open(): Promise<TestClient> {
  const client = await TestClient.open(running.url);
  clients.push(client);
  return client;
}

async function hello(principal: Principal, token?: string): Promise<TestClient> {
  const client = await open();
  const role = principal.role === 'operator' || principal.role === 'maas' ? 'planner' : principal.role;
  client.send({ type: 'hello', role, token: token ?? (await running.auth.issuer!.token(principal)) });
  return client;
}

describe('a hello whose token is bad is closed with 4003', () => {
  const config = () => running.auth.config;
  test.each([
    ['no token', async () => undefined],
    ['expired', () => new TokenIssuer(config(), new ManualClock(Date.now() / 1000 - 7200)).token(who.planner(), 60)],
    ['forged with another secret', () => new TokenIssuer({ ...config(), secret: 'another secret that is long enough!!' }).token(who.operator())],
    ['for another audience', () => new TokenIssuer({ ...config(), audience: 'billing' }).token(who.planner())],
  ])('%s', async (_what, make) => {
    const client = await open();
    const token = await make();
    client.send({ type: 'hello', role: 'planner', ...(token ? { token } : {}) });
    expect((await client.closed).code).toBe(CLOSE_CODES.forbidden);
    expect(client.messages.some((m) => m.type === 'welcome')).toBe(false);
  });

  test('a rider token on the planner channel, and a driver claiming another vehicle in the hello', async () => {
    const rider = await open();
    rider.send({ type: 'hello', role: 'planner', token: await running.auth.issuer!.token(who.rider('r1')) });
    expect(await rider.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'A rider token cannot open the planner channel' });
    const driver = await open();
    driver.send({ type: 'hello', role: 'driver', vehicleId: 'bus-2', token: await running.auth.issuer!.token(who.driver('bus-1')) });
    expect(await driver.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: 'The token signs in to vehicle bus-1, not bus-2' });
  });

  test('messages sent right behind a refused hello are never acted on', async () => {
    const client = await open();
    client.send({ type: 'hello', role: 'driver', vehicleId: 'bus-1' });
    client.send({ type: 'position', location: [127.2, 37.6] });
    client.send({ type: 'shift', requestId: 's', action: 'start' });
    expect((await client.closed).code).toBe(CLOSE_CODES.forbidden);
    expect(running.dispatcher.fleet.vehicles.get('bus-1')).toBeUndefined();
    expect(client.messages).toEqual([]);
  });
});

describe('per token identity', () => {
  test('a token that expires closes its connection with 4005, reconnect with a new one', async () => {
    const client = await hello(who.planner('short'), await running.auth.issuer!.token(who.planner('short'), 1));
    await client.next('welcome');
    expect((await client.closed).code).toBe(CLOSE_CODES.tokenExpired);
  });

  test(`one identity holds at most ${WS_LIMITS.maxConnectionsPerIdentity} connections; the next is closed with 4004, others are not affected`, async () => {
    const me = who.planner('many-tabs');
    const open = [];
    for (let i = 0; i < WS_LIMITS.maxConnectionsPerIdentity; i++) {
      const c = await hello(me);
      await c.next('welcome');
      open.push(c);
    }
    const extra = await hello(me);
    expect((await extra.closed).code).toBe(CLOSE_CODES.rateLimited);
    const someoneElse = await hello(who.planner('one-tab'));
    await someoneElse.next('welcome');
    await open[0].close();
    const again = await hello(me);
    await again.next('welcome');
  });

  test('the message rate counts all connections of one identity together', async () => {
    const me = who.planner('split');
    const [a, b] = [await hello(me), await hello(me)];
    await Promise.all([a.next('welcome'), b.next('welcome')]);
    // Each connection stays under its own limit; together they pass the identity's.
    const each = WS_LIMITS.maxMessagesPerSecond - 2;
    expect(2 * each).toBeLessThan(WS_LIMITS.maxMessagesPerSecondPerIdentity);
    const third = await hello(me);
    await third.next('welcome');
    for (let i = 0; i < each; i++) for (const c of [a, b, third]) c.send({ type: 'ping' });
    const limited = await Promise.any([a, b, third].map((c) => c.next('error', (m) => m.error.code === 'RateLimited')));
    expect(limited.error.message).toMatch(/for one sign-in/);
  });
});

test('a page from another origin cannot open the websocket (403); the dispatcher’s own pages can', async () => {
  const url = running.url.replace(/^http/, 'ws') + WS_PATH;
  const refused = new WebSocket(url, { origin: 'https://evil.example' });
  refused.on('error', () => {});
  const status = await new Promise<number | undefined>((resolve) => {
    refused.once('unexpected-response', (_req, res) => resolve(res.statusCode));
    refused.once('open', () => resolve(101));
  });
  expect(status).toBe(403);
  const same = new WebSocket(url, { origin: running.url });
  await new Promise<void>((resolve, reject) => {
    same.once('open', () => resolve());
    same.once('error', reject);
  });
  same.close();
});
