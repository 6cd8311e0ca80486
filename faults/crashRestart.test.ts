import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannerMetrics } from '../protocol/metrics';
import type { TripView } from '../protocol/trips';
import { BuiltinRouter } from '../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../routing/builtin/prepare';
import { writeClockFile } from '../dispatcher/clock/FileClock';
import { Random } from '../dispatcher/optimizer/Random';
import { generateDemand } from '../simulator/demand/generateDemand';
import { kpisFromEvents } from '../simulator/kpi/kpisFromEvents';
import { tripStatesFromEvents } from '../simulator/kpi/tripStatesFromEvents';
import { RetryingDriverLink } from '../simulator/agents/RetryingDriverLink';
import { WsDriverLink } from '../simulator/agents/WsDriverLink';
import { runSimulation, type SimulationResult } from '../simulator/Simulation';
import { depotsFor } from '../simulator/whatif/runWhatIf';
import { createTestDatabase, type TestDatabase } from '../test-support/db';
import { who } from '../test-support/auth';
import { sharedPath } from '../test-support/sharedData';
import { ApiCaller } from './support/ApiCaller';
import { acceptedTripVerdict, openStopsByVehicle, tripRows } from './support/crashChecks';
import { RestartableServe } from './support/RestartableServe';
import { freePort } from './support/ThrowawayPostgres';

/**
 * A seeded simulation of Seoul Songpa runs against `anystop serve` in its own process, on a stepped clock the
 * simulator writes to a file (serve --clock-file: simulated time stands still while the dispatcher is down, so the
 * test asks what a crash loses, not how riders fare during an outage). At three seeded random moments, in the middle
 * of a step's requests, the dispatcher is killed with SIGKILL and started again on the same port. After each restart
 * every driver is back on the manifest PostgreSQL holds, and every rider's trip shows the promise it was given. At the
 * end every trip ever accepted ended properly or is still scheduled with its promise kept, none is lost or doubled,
 * and the event log and the trips table agree, in the KPIs and trip by trip.
 */
// ANYSTOP_CRASH_SEED explores other runs; CI uses the default.
const SEED = Number(process.env.ANYSTOP_CRASH_SEED ?? 23);
const START = Date.UTC(2026, 2, 2, 8, 0, 0) / 1000;
const DEMAND_S = 10 * 60;
const FLEET = 4;

let db: TestDatabase;
let serve: RestartableServe;
let result: SimulationResult;
const api = new ApiCaller();
const dir = mkdtempSync(join(tmpdir(), 'anystop-crash-'));
const clockFile = join(dir, 'now');
const links = new Map<string, WsDriverLink>();
const retrying: RetryingDriverLink[] = [];
/** Problems found right after a restart, reported by the tests below. */
const afterRestart: string[] = [];
/** The write in flight at each kill. */
const kills: string[] = [];

/**
 * Three moments in the busy part of the run, two minutes apart at least. From each on, the next write that leaves the
 * simulator (a rider's POST, or a driver's stop event) arms the kill, which comes `delayMs` later: the dispatcher dies
 * with that write in flight (before, during or after its commit, as the timing falls).
 */
function crashPlan(): Array<{ atS: number; delayMs: number }> {
  const random = new Random(SEED);
  const times: number[] = [];
  while (times.length < 3) {
    const t = START + 120 + Math.floor(random.next() * (DEMAND_S + 480));
    if (times.every((u) => Math.abs(u - t) >= 120)) times.push(t);
  }
  return times.sort((a, b) => a - b).map((atS) => ({ atS, delayMs: Math.floor(random.next() * 6) }));
}

/** Set while a crash waits for the next write; the write calls it with what it is. */
let onWrite: ((write: string) => void) | null = null;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const answer = realFetch(input, init);
  if (onWrite && init?.method && init.method !== 'GET') onWrite(`${init.method} ${new URL(String(input)).pathname}`);
  return answer;
};

/** A driver tablet whose stop events can arm the kill. */
class ArmedDriverLink extends RetryingDriverLink {
  override stopEvent(tripId: string, event: Parameters<RetryingDriverLink['stopEvent']>[1], atS?: number) {
    const sent = super.stopEvent(tripId, event, atS);
    onWrite?.(`stop_event ${event}`);
    return sent;
  }
}

/** What riders were told and drivers showed as the crash step began. */
interface Snapshot {
  atS: number;
  /** The last event in the log when the snapshot was taken: what came after it changed since. */
  seq: number;
  manifests: Map<string, string[]>;
  accepted: TripView[];
}

beforeAll(async () => {
  const routerDir = join(dir, 'router');
  const [testDb, prepared] = await Promise.all([createTestDatabase(), prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf'), { outDir: routerDir })]);
  db = testDb;
  const router = new BuiltinRouter(prepared);
  writeClockFile(clockFile, START);
  serve = new RestartableServe({
    args: ['--router-data', routerDir, '--port', String(await freePort()), '--data', dir, '--clock-file', clockFile],
    // The simulated riders all come from 127.0.0.1: the per-address limit is for real clients.
    env: { ...process.env, ...api.env, DATABASE_URL: db.url, ANYSTOP_RATE_LIMIT_EXEMPT: 'loopback' },
  });
  const url = await serve.start();
  api.baseUrl = url;

  const plan = crashPlan();
  let crash: Promise<void> | null = null;
  let killed = false;
  let snapshot: Snapshot | null = null;
  let lastNow = START;
  const driversBack = async () => {
    const t0 = performance.now();
    while (![...links.values()].every((l) => l.connected)) {
      if (performance.now() - t0 > 20_000) throw new Error('drivers did not sign in again within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const demand = generateDemand(router.network, { seed: SEED, peakTripsPerHour: 150, durationS: DEMAND_S, startOfDayS: 8 * 3600 });
  result = await runSimulation({
    baseUrl: url,
    router,
    connectDriver: async (id, token) => {
      const link = await WsDriverLink.connect(url, id, token);
      links.set(id, link);
      const r = new ArmedDriverLink(link);
      retrying.push(r);
      return r;
    },
    tokens: api.issuer,
    setTime: (now) => {
      lastNow = now;
      writeClockFile(clockFile, now);
      if (!crash && plan.length > 0 && now >= plan[0].atS) {
        const { atS, delayMs } = plan.shift()!;
        crash = new Promise<void>((resolve) => {
          onWrite = (write) => {
            onWrite = null;
            kills.push(write);
            setTimeout(resolve, delayMs);
          };
        }).then(() => {
          killed = true;
          return serve.crashAndRestart(atS, driversBack).then(() => undefined);
        });
      }
    },
    startS: START,
    durationS: DEMAND_S,
    drainS: 2 * 3600,
    stepS: 1,
    speedup: Infinity,
    seed: SEED,
    vehicles: { count: FLEET, seats: 6, wheelchairPlaces: 1, positions: depotsFor(router, FLEET, SEED), shiftS: DEMAND_S + 4 * 3600 },
    demand,
    clientRetry: { attempts: 60, backoffMs: 50, maxWaitMs: 500 },
    settle: async () => {
      if (crash && killed) {
        // Simulated time stands still until the dispatcher is back (a step waiting on retries does the same).
        await crash;
        crash = null;
        killed = false;
        await checkAfterRestart(snapshot!);
      }
      if (!crash && plan.length > 0 && lastNow + 1 >= plan[0].atS) snapshot = await takeSnapshot(plan[0].atS);
      await new Promise((resolve) => setTimeout(resolve, 2)); // the dispatcher's pushes reach the drivers
    },
  }).catch((e: unknown) => {
    throw new Error(`the simulation failed: ${e instanceof Error ? e.message : String(e)}\n${serve.logs.join('\n---\n')}${serve.process.log}`);
  });
  await serve.stop();
}, 300_000);

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The drivers' manifests, and every open accepted trip as its rider sees it, before the crash step begins. */
async function takeSnapshot(atS: number): Promise<Snapshot> {
  // The log's position first: a change committed while the trips are read counts as a change since the snapshot.
  const seq = await db.db.repos.events.latestSeq();
  // The drivers' manifests at least as new as that seq: a push may still be on its way (a pickup served just before
  // the snapshot, its event before the seq, still on the driver's screen), and a stop missing after the crash would
  // then look like one lost by it. Wait (up to 2 s) until every manifest is the database's as read after the seq.
  await manifestsSettled();
  const open = (await tripRows(db.db.pool)).filter((t) => ['accepted', 'assigned', 'arriving', 'on_board'].includes(t.state));
  const accepted = await Promise.all(open.map(async (t) => (await api.call('GET', `/trips/${t.id}`, who.rider(t.riderId))).body as TripView));
  return { atS, seq, manifests: manifestsNow(), accepted };
}

/**
 * Waits (up to 2 s) until every driver's manifest is the database's open stops for its vehicle, as read now; returns
 * the last database read (the drivers' pushes may still be on their way when this is asked).
 */
async function manifestsSettled(): Promise<Map<string, string[]>> {
  let truth = await openStopsByVehicle(db.db.pool);
  for (let i = 0; i < 100; i++) {
    const now = manifestsNow();
    if ([...links.keys()].every((id) => JSON.stringify(now.get(id)) === JSON.stringify(truth.get(id) ?? []))) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    truth = await openStopsByVehicle(db.db.pool);
  }
  return truth;
}

function manifestsNow(): Map<string, string[]> {
  return new Map([...links].map(([id, l]) => [id, (l.manifest?.stops ?? []).map((s) => `${s.kind}:${s.tripId}`)]));
}

/** Right after a restart: the drivers' manifests are the database's, and the riders' promises are as they were told. */
async function checkAfterRestart(before: Snapshot): Promise<void> {
  const truth = await manifestsSettled();
  const now = manifestsNow();
  const seen: TripView[] = [];
  for (const told of before.accepted) seen.push((await api.call('GET', `/trips/${told.id}`, who.rider(told.riderId))).body as TripView);
  // Changed since the snapshot: every event appended after it (by seq: a commit decided on an earlier view carries
  // the time of its decision, which may be before the snapshot's), read after the manifests and trips above: the
  // re-optimizer runs on its own timer after the restart, and a swap it commits while they are read is a change it
  // logged, not a move across the crash.
  const changed = new Set((await db.db.repos.events.listAfter(before.seq, 1_000_000)).filter((e) => e.tripId).map((e) => e.tripId!));
  for (const id of links.keys()) {
    if (JSON.stringify(now.get(id)) !== JSON.stringify(truth.get(id) ?? [])) afterRestart.push(`${id} shows ${now.get(id)?.join(' ')} but the database has ${truth.get(id)?.join(' ')}`);
    for (const stop of before.manifests.get(id) ?? []) {
      const tripId = stop.slice(stop.indexOf(':') + 1);
      if (!changed.has(tripId) && !now.get(id)?.includes(stop)) afterRestart.push(`${stop} left ${id}'s manifest across the crash at ${before.atS}`);
    }
  }
  before.accepted.forEach((told, k) => {
    const after = seen[k]!;
    const same = JSON.stringify([after.promisedPickup, after.promisedArrivalBy]) === JSON.stringify([told.promisedPickup, told.promisedArrivalBy]);
    if (!same) afterRestart.push(`trip ${told.id}: promised ${JSON.stringify(told.promisedPickup)} by ${told.promisedArrivalBy}, after the crash ${JSON.stringify(after.promisedPickup)} by ${after.promisedArrivalBy}`);
    if (!changed.has(told.id) && after.vehicleId !== told.vehicleId) afterRestart.push(`trip ${told.id} moved from ${told.vehicleId} to ${after.vehicleId} across the crash`);
  });
}

test('the dispatcher was killed three times mid-run, restarted, and every driver signed in again each time', () => {
  expect(serve.crashes).toHaveLength(3);
  expect(serve.logs.filter((l) => /rebuilding the fleet from the database/.test(l))).toHaveLength(4);
  process.stderr.write(
    `crash test: ${serve.crashes.map((c, i) => `kill -9 at +${Math.round(c.atS - START)} s during ${kills[i]}, listening again in ${Math.round(c.downMs)} ms, drivers back in ${Math.round(c.reconnectMs)} ms`).join('; ')}; ` +
      `${retrying.reduce((n, r) => n + r.stats.repeated, 0)} stop events repeated, ${retrying.reduce((n, r) => n + r.stats.foundApplied, 0)} found applied before the crash; ` +
      `${result.riders.length} riders, ${result.riders.filter((r) => r.outcome === 'accepted').length} accepted, ${Math.round((result.endS - START) / 60)} simulated minutes\n`,
  );
});

test('after each restart the drivers had the manifests the database holds, and riders saw the promises they were given', () => {
  expect(afterRestart).toEqual([]);
});

test('every trip ever accepted ended properly or is still scheduled with its promise kept; none lost, none doubled', async () => {
  const events = await db.db.repos.events.listAfter(0, 1_000_000);
  const acceptedInLog = events.filter((e) => e.type === 'trip_accepted').map((e) => e.tripId!);
  expect(new Set(acceptedInLog).size).toBe(acceptedInLog.length); // accepted once each
  const trips = new Map((await tripRows(db.db.pool)).map((t) => [t.id, t]));
  const verdicts = acceptedInLog.map((id) => ({ id, verdict: trips.has(id) ? acceptedTripVerdict(trips.get(id)!, result.endS) : 'not in the trips table' }));
  expect(verdicts.filter((v) => v.verdict !== 'ok')).toEqual([]);
  // Every rider told "accepted" has that trip, accepted in the log; each rider asked once and has one trip.
  for (const r of result.riders.filter((x) => x.outcome === 'accepted')) expect(acceptedInLog).toContain(r.trip!.id);
  const perRider = new Map<string, number>();
  for (const t of trips.values()) perRider.set(t.riderId, (perRider.get(t.riderId) ?? 0) + 1);
  expect([...perRider].filter(([, n]) => n > 1)).toEqual([]);
  expect(acceptedInLog.length).toBeGreaterThanOrEqual(10);
  expect(kpisFromEvents(events).broken).toEqual([]);
});

test('the event log and the trips table agree: KPIs recomputed from the log, and each trip’s final state', async () => {
  const events = await db.db.repos.events.listAfter(0, 1_000_000);
  const fromLog = tripStatesFromEvents(events);
  const table = await tripRows(db.db.pool);
  expect(table.filter((t) => fromLog.get(t.id) !== t.state).map((t) => `${t.id}: table ${t.state}, log ${fromLog.get(t.id)}`)).toEqual([]);
  expect(fromLog.size).toBe(table.length);

  // The metrics endpoint reads the tables; the restarted process serves them.
  const metricsServe = await serve.start();
  api.baseUrl = metricsServe;
  const m = (await api.call('GET', `/metrics?from=${START - 1}&to=${Math.ceil(result.endS) + 1}`, who.planner())).body as PlannerMetrics;
  await serve.stop();
  const e = kpisFromEvents(events);
  expect({ requests: e.requests, completed: e.completed, noShows: e.noShows, rejected: e.rejected, cancelled: e.cancelled, reasons: e.rejectionReasons }).toEqual({
    requests: m.requests,
    completed: m.completed,
    noShows: m.noShows,
    rejected: m.rejected,
    cancelled: m.cancelled,
    reasons: m.rejectionReasons,
  });
  expect(e.meanWaitS).toBeCloseTo(m.meanWaitS ?? NaN, 3);
  expect(e.p90WaitS).toBeCloseTo(m.p90WaitS ?? NaN, 3);
});
