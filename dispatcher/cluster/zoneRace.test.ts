import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import type { TripView } from '../../protocol/trips';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { dropEventStream, TEST_NATS_URL } from '../../test-support/services';
import { sharedPath } from '../../test-support/sharedData';
import { DEFAULT_HTTP_RATE_LIMITS } from '../api/rateLimits';
import { ManualClock } from '../clock/Clock';
import { type RunningServer, startServer } from '../service/startServer';

/**
 * Two instances on one PostgreSQL and one NATS start at the same moment and race for the only zone: one wins its
 * advisory lock, the other forwards. Trip requests sent to both are all decided by the winner, and no trip is on two
 * vehicles or twice on one.
 */
let db: TestDatabase;
let a: RunningServer;
let b: RunningServer;
const HEARTBEAT_MS = 150;
const rateLimits = { ...DEFAULT_HTTP_RATE_LIMITS, perIp: { ratePerS: 10_000, burst: 10_000 }, perIdentity: { ratePerS: 10_000, burst: 10_000 } };

beforeAll(async () => {
  const [database, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'))]);
  db = database;
  await db.db.repos.serviceAreas.create({ name: 'Songpa', geometry: SONGPA_AREA, atS: T0 });
  const clock = new ManualClock(T0);
  const start = (instanceId: string) =>
    startServer({ router: new BuiltinRouter(prepared), clock, port: 0, host: '127.0.0.1', databaseUrl: db.url, natsUrl: TEST_NATS_URL, instanceId, clusterHeartbeatMs: HEARTBEAT_MS, rateLimits });
  [a, b] = await Promise.all([start('race-a'), start('race-b')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropEventStream(db.name);
  await db?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('two instances racing for one zone: one owns it, the other forwards, and only the owner decides', async () => {
  const zones = () => [a.cluster!.status().zones, b.cluster!.status().zones];
  // Several heartbeats: the loser keeps trying and keeps losing.
  await sleep(HEARTBEAT_MS * 4);
  const [za, zb] = zones();
  expect([za, zb].map((z) => z.length).sort()).toEqual([0, 1]);
  const [owner, other] = za.length === 1 ? [a, b] : [b, a];
  const zone = owner.cluster!.status().zones[0];
  await sleep(HEARTBEAT_MS * 3);
  expect(zones()).toEqual(owner === a ? [[zone], []] : [[], [zone]]);

  // Vehicles set up through the non-owner: forwarded to the owner, which keeps them in its fleet.
  for (const id of ['bus-1', 'bus-2']) {
    await other.cluster!.service.upsertVehicle({ id, seats: 4, wheelchairPlaces: 0, depot: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]] });
    await other.cluster!.service.startShift(id, { endsAt: T0 + 8 * 3600 });
  }
  expect([...owner.dispatcher.fleet.vehicles.keys()].sort()).toEqual(['bus-1', 'bus-2']);

  const points = [JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_OFFICE];
  const requests = Array.from({ length: 16 }, async (_, i) => {
    const instance = i % 2 === 0 ? a : b;
    const token = await instance.auth.issuer!.token({ role: 'rider', subject: `r-${i}` });
    // Tokens of one instance are not the other's (each signs with its own secret): each rider asks the instance that signed.
    const res = await fetch(`${instance.url}/trips`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ origin: points[i % 4], destination: points[(i + 2) % 4], passengers: 1, autoAccept: true }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as TripView;
  });
  const trips = await Promise.all(requests);
  const accepted = trips.filter((t) => t.state === 'accepted');
  expect(accepted.length).toBeGreaterThan(0);
  expect(accepted.length + trips.filter((t) => t.state === 'rejected').length).toBe(16);

  const decided = async (r: RunningServer) => (await r.metrics.decisions.get()).values.reduce((n, v) => n + v.value, 0);
  expect(await decided(owner)).toBe(16);
  expect(await decided(other)).toBe(0);
  const forwarded = (await other.metrics.forwarded.get()).values.find((v) => v.labels.outcome === 'ok');
  expect(forwarded?.value).toBe(8 + 4); // 8 trips, 2 vehicles, 2 shifts

  // PostgreSQL: every accepted trip is on one vehicle with exactly one pickup and one dropoff.
  const { rows } = await db.db.pool.query<{ trip_id: string; vehicles: string; stops: string; trip_vehicle: string }>(
    `SELECT s.trip_id, count(DISTINCT s.vehicle_id) AS vehicles, count(*) AS stops, min(t.vehicle_id) AS trip_vehicle
     FROM stops s JOIN trips t ON t.id = s.trip_id GROUP BY s.trip_id`,
  );
  expect(rows.map((r) => r.trip_id).sort()).toEqual(accepted.map((t) => t.id).sort());
  for (const r of rows) expect([Number(r.vehicles), Number(r.stops)]).toEqual([1, 2]);

  // The non-owner's cache caught up with the owner's commits (it serves manifests and trip views to its own clients).
  const plan = (r: RunningServer) => [...r.dispatcher.fleet.vehicles.values()].map((v) => `${v.id}@${v.scheduleVersion}:${v.stops.map((s) => s.tripId).join(',')}`).sort();
  for (let i = 0; i < 40 && plan(other).join() !== plan(owner).join(); i++) await sleep(100);
  expect(plan(other)).toEqual(plan(owner));
}, 60_000);
