import { connect, type NatsConnection } from 'nats';
import WebSocket from 'ws';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { PROTOCOL_VERSION, type ServerMessage, WS_PATH } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { dropEventStream, TEST_NATS_URL } from '../../test-support/services';
import { sharedPath } from '../../test-support/sharedData';
import { DEFAULT_HTTP_RATE_LIMITS } from '../api/rateLimits';
import { selfSignedAuthConfig } from '../auth/AuthConfig';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';
import { decodeEvent, EventStream } from './EventStream';

/**
 * Events between instances go through JetStream: one instance relays PostgreSQL's event log into the stream (a subject
 * per zone, PostgreSQL's seq as the message id), every instance's websocket clients are fed from it. A rider connected
 * to the instance that does not own the zone sees the owner's decisions, resumes on the other instance from the same
 * seq, and a relay that stops is taken over with nothing missing in the stream.
 */
let db: TestDatabase;
let nc: NatsConnection;
const servers: RunningServer[] = [];
const HEARTBEAT_MS = 150;
const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIp: { ratePerS: 10_000, burst: 10_000 }, perIdentity: { ratePerS: 10_000, burst: 10_000 } };
const auth = selfSignedAuthConfig();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const [database, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))]);
  db = database;
  await db.db.repos.serviceAreas.create({ name: 'Songpa', geometry: SONGPA_AREA, atS: T0 });
  const clock = new ManualClock(T0);
  const start = (instanceId: string) =>
    startServer({ router: new BuiltinRouter(prepared), clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, natsUrl: TEST_NATS_URL, instanceId, clusterHeartbeatMs: HEARTBEAT_MS, rateLimits, auth, reoptimize: false });
  // The re-optimizer is off: the test counts the events of each step, and a re-plan would add some at any moment.
  servers.push(...(await Promise.all([start('events-a'), start('events-b')])));
  nc = await connect({ servers: TEST_NATS_URL });
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await nc?.close();
  await dropEventStream(db.name);
  await db?.drop();
});

/** A rider's websocket: every message kept, in order. */
async function riderSocket(server: RunningServer, riderId: string, resume?: { lastSeq: number; tripIds: string[] }): Promise<{ ws: WebSocket; got: ServerMessage[] }> {
  const ws = new WebSocket(server.url.replace(/^http/, 'ws') + WS_PATH);
  const got: ServerMessage[] = [];
  ws.on('message', (raw) => got.push(JSON.parse(String(raw)) as ServerMessage));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const token = await server.auth.issuer!.token({ role: 'rider', subject: riderId });
  ws.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', role: 'rider', token, ...resume }));
  await until(() => got.some((m) => m.type === 'welcome'), 'the welcome');
  return { ws, got };
}

async function until(done: () => boolean, what: string, ms = 5000): Promise<void> {
  for (const t0 = performance.now(); !done(); await sleep(10)) if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
}

async function post(server: RunningServer, path: string, token: string, body: unknown): Promise<TripView> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as TripView;
}

const latestSeq = () => db.db.repos.events.latestSeq();
const tripMessages = (got: ServerMessage[], tripId: string) => got.flatMap((m) => (m.type === 'trip' && m.trip.id === tripId ? [m] : []));

test("a rider on the non-owner sees the owner's decisions through JetStream, resumes on the owner from the same seq, and a stopped relay is taken over", async () => {
  await until(() => servers.some((s) => s.cluster!.status().zones.length === 1) && servers.some((s) => s.cluster!.relays), 'a zone owner and a relay');
  const owner = servers.find((s) => s.cluster!.status().zones.length === 1)!;
  const other = servers.find((s) => s !== owner)!;
  const zone = Number(owner.cluster!.status().zones[0]);
  const operator = await other.auth.issuer!.token({ role: 'operator', subject: 'ops' });
  await fetch(`${other.url}/vehicles/bus-1`, { method: 'PUT', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ seats: 4, wheelchairPlaces: 0, depot: SONGPA_OFFICE }) });
  await other.cluster!.service.startShift('bus-1', { endsAt: T0 + 8 * 3600 });

  // The rider listens on the instance that does not own the zone; the trip is decided by the owner.
  const rider = await riderSocket(other, 'rider-1');
  const riderToken = await owner.auth.issuer!.token({ role: 'rider', subject: 'rider-1' });
  const trip = await post(owner, '/trips', riderToken, { origin: JAMSIL_STATION, destination: OLYMPIC_PARK, passengers: 1, autoAccept: true });
  expect(trip.state).toBe('accepted');
  const afterAccept = await latestSeq();
  let logged = await db.db.repos.events.listAfter(0, 10_000);
  const acceptedAt = logged.find((e) => e.tripId === trip.id && e.type === 'trip_accepted');
  expect(acceptedAt).toBeDefined();
  // Views are labelled with seqs of PostgreSQL's log, the same numbers on every instance. A view may be newer than its
  // label (read from the database when pushed), never older; so the rider on the non-owner ends with the accepted trip
  // labelled at or after the accept's seq (the trip's event, or the vehicle's schedule_changed logged after it).
  await until(() => tripMessages(rider.got, trip.id).some((m) => m.trip.state === 'accepted' && m.seq >= acceptedAt!.seq), 'the accepted trip on the non-owner, labelled at or after its accept');
  const seqs = new Set(logged.map((e) => e.seq));
  for (const m of tripMessages(rider.got, trip.id)) {
    expect(seqs.has(m.seq)).toBe(true);
    expect(m.seq).toBeLessThanOrEqual(afterAccept);
  }

  // The stream holds the log as PostgreSQL does, seq by seq, on the zone's subject (the rider's trip and the bus are in it).
  const stream = EventStream.forDatabase(db.name);
  const jsm = await nc.jetstreamManager();
  const streamed = async () => {
    const info = await jsm.streams.info(stream.name);
    const out: { seq: number; subject: string }[] = [];
    for (let s = info.state.first_seq; s <= info.state.last_seq; s++) {
      const m = await jsm.streams.getMessage(stream.name, { seq: s });
      out.push({ seq: decodeEvent(m.data).seq, subject: m.subject });
    }
    return out;
  };
  for (let i = 0; i < 100 && !(await streamed()).some((e) => e.seq === afterAccept); i++) await sleep(20);
  logged = await db.db.repos.events.listAfter(0, 10_000);
  const inStream = await streamed();
  const relayedFrom = inStream[0].seq;
  expect(inStream).toEqual(logged.filter((e) => e.seq >= relayedFrom).map((e) => ({ seq: e.seq, subject: stream.subjectOf(zone) })));
  expect(inStream.map((e) => e.seq)).toContain(afterAccept);

  // The rider's connection drops; it comes back on the owner with the last seq it saw, and is told it resumed.
  rider.ws.close();
  const resumed = await riderSocket(owner, 'rider-1', { lastSeq: afterAccept, tripIds: [trip.id] });
  expect(resumed.got[0]).toEqual({ v: PROTOCOL_VERSION, type: 'welcome', role: 'rider', seq: afterAccept, resumed: true });
  await until(() => tripMessages(resumed.got, trip.id).length > 0, 'the snapshot of the followed trip');
  // A change made through the other instance reaches it, with the next seqs.
  await post(other, `/trips/${trip.id}/cancel`, riderToken, { reason: 'RiderChangedPlans' });
  await until(() => tripMessages(resumed.got, trip.id).some((m) => m.trip.state === 'cancelled'), 'the cancelled trip after the resume');
  const cancelled = tripMessages(resumed.got, trip.id).find((m) => m.trip.state === 'cancelled')!;
  // Labelled with the newest seq read when it was pushed (the view may be newer than its label, never older).
  expect(cancelled.seq).toBeGreaterThanOrEqual(afterAccept);
  expect(cancelled.seq).toBeLessThanOrEqual(await latestSeq());
  resumed.ws.close();

  // The relay stops (a graceful stop here; kill -9 is the failover test's): the other instance relays from where it
  // left off, and the stream still holds every event in order.
  const relay = servers.find((s) => s.cluster!.relays)!;
  const survivor = servers.find((s) => s !== relay)!;
  await relay.stop();
  await until(() => survivor.cluster!.relays && survivor.cluster!.status().zones.length === 1, 'the relay and the zone taken over');
  const late = await riderSocket(survivor, 'rider-2');
  const token2 = await survivor.auth.issuer!.token({ role: 'rider', subject: 'rider-2' });
  const second = await post(survivor, '/trips', token2, { origin: OLYMPIC_PARK, destination: JAMSIL_STATION, passengers: 1, autoAccept: true });
  await until(() => tripMessages(late.got, second.id).some((m) => m.trip.state === second.state), 'the second trip after the takeover');
  late.ws.close();
  const all = await db.db.repos.events.listAfter(0, 10_000);
  for (let i = 0; i < 100 && (await streamed()).length < all.filter((e) => e.seq >= relayedFrom).length; i++) await sleep(20);
  expect((await streamed()).map((e) => e.seq)).toEqual(all.filter((e) => e.seq >= relayedFrom).map((e) => e.seq));
}, 60_000);
