import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import type { LngLat } from '../../routing/Router';
import { sharedPath } from '../../test-support/sharedData';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, OLYMPIC_PARK, SEOKCHON_LAKE, SONGPA_AREA, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import type { TripView } from '../../protocol/trips';
import { ManualClock } from '../clock/Clock';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { MetricsRepository } from '../persistence/MetricsRepository';
import type { EventRecord } from '../persistence/records';
import { Dispatcher } from './Dispatcher';

/**
 * A vehicle runs late (stuck where it was, its rider's pickup window about to close) on the real PostgreSQL and the
 * built-in router over Songpa, with the re-optimizer running. The dispatcher must see the risk from the GPS fix and
 * either re-plan the rider onto a vehicle that keeps the promise or tell the rider the promise moved: a late rider
 * left as is fails these tests.
 */
const wire = (p: LngLat): [number, number] => [p[0], p[1]];
let router: BuiltinRouter;
let testDb: TestDatabase;
let dispatcher: Dispatcher;
const clock = new ManualClock(T0);

beforeAll(async () => {
  router = new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')));
}, 60_000);

async function start(policy: DispatchPolicy = DEFAULT_POLICY, reoptimize = true): Promise<void> {
  clock.set(T0);
  testDb = await createTestDatabase();
  dispatcher = await Dispatcher.start({ repos: testDb.db.repos, router, clock, policy, referenceLat: 37.52, metrics: new MetricsRepository(testDb.db.pool) });
  await dispatcher.createServiceArea({ type: 'Feature', properties: { name: 'Songpa' }, geometry: { type: 'Polygon', coordinates: SONGPA_AREA.coordinates.map((ring) => ring.map(wire)) } });
  for (const [id, depot] of [['late', SEOKCHON_LAKE], ['spare', OLYMPIC_PARK], ['third', JAMSIL_STATION]] as const) {
    await dispatcher.upsertVehicle({ id, seats: 6, wheelchairPlaces: 1, depot: wire(depot) });
  }
  await dispatcher.startShift('late', { endsAt: T0 + 8 * 3600 });
  if (reoptimize) dispatcher.reoptimizer.start();
}

afterEach(async () => {
  await dispatcher.reoptimizer.stop();
  await dispatcher.positions.flush();
  await testDb.drop();
});

async function book(riderId: string, from: LngLat, to: LngLat): Promise<TripView> {
  const { trip } = await dispatcher.requestTrip({ riderId, origin: wire(from), destination: wire(to), passengers: 1, wheelchairs: 0, autoAccept: true }, undefined);
  expect(trip).toMatchObject({ state: 'accepted', vehicleId: 'late' });
  return trip;
}

/** The clock jumps to a minute before the window closes; the vehicle reports it is still where it was (held up). */
async function runLate(trip: TripView): Promise<void> {
  clock.set(trip.promisedPickup!.latestS - 60);
  await dispatcher.reportPosition('late', { location: wire(SEOKCHON_LAKE) });
}

async function events(type: string, tripId: string): Promise<EventRecord[]> {
  return (await testDb.db.repos.events.listAfter(0, 10_000)).filter((e) => e.type === type && e.tripId === tripId);
}

describe('a late vehicle\'s rider not yet picked up', () => {
  test('lateVehicle_spareAtThePickup: the risk is logged and the rider moves to the spare vehicle, promise kept', async () => {
    await start();
    const booked = await book('rider-a', OLYMPIC_PARK, SONGPA_OFFICE);
    // The spare vehicle comes on shift at the pickup once the late one's plan is already behind (the re-optimizer
    // keeps its hands off a plan that breaks a promise: the reaction to the risk has to do it).
    clock.set(booked.promisedPickup!.latestS - 60);
    await dispatcher.startShift('spare', { endsAt: T0 + 8 * 3600 });
    await runLate(booked);

    const [risk] = await events('promise_at_risk', booked.id);
    expect(risk.payload).toMatchObject({ tripId: booked.id, vehicleId: 'late', cause: 'traffic' });
    expect(risk.payload.expectedLateS).toBeGreaterThan(0);
    const now = (await dispatcher.getTrip(booked.id))!;
    expect(now.vehicleId).toBe('spare');
    expect(now.promisedPickup).toEqual(booked.promisedPickup);
    expect(now.pickupEta!).toBeLessThanOrEqual(booked.promisedPickup!.latestS);
    expect(await events('trip_reassigned', booked.id)).toHaveLength(1);
    expect(await events('promise_moved', booked.id)).toHaveLength(0);
    // The late vehicle is free again; the stops are where the trip is, in PostgreSQL and in memory alike.
    expect(dispatcher.fleet.vehicles.get('late')!.stops).toHaveLength(0);
    expect(dispatcher.fleet.vehicles.get('spare')!.stops.map((s) => `${s.tripId}/${s.kind}`)).toEqual([`${booked.id}/pickup`, `${booked.id}/dropoff`]);
  }, 60_000);

  test('lateVehicle_noOtherVehicle: the rider is told the promise moved, with the new window and why', async () => {
    await start();
    const booked = await book('rider-b', OLYMPIC_PARK, SONGPA_OFFICE);
    await runLate(booked);

    const [moved] = await events('promise_moved', booked.id);
    expect(moved.payload).toMatchObject({
      tripId: booked.id,
      cause: 'traffic',
      before: { pickupEarliestS: booked.promisedPickup!.earliestS, pickupLatestS: booked.promisedPickup!.latestS, latestArrivalS: booked.promisedArrivalBy! },
    });
    const after = moved.payload.after as { pickupLatestS: number; latestArrivalS: number };
    expect(after.pickupLatestS).toBeGreaterThan(booked.promisedPickup!.latestS);
    // What the rider page shows: the new window, the reason, and an ETA the new window keeps.
    const view = (await dispatcher.getTrip(booked.id))!;
    expect(view.promisedPickup).toEqual({ earliestS: booked.promisedPickup!.earliestS, latestS: after.pickupLatestS });
    expect(view.promisedArrivalBy).toBe(after.latestArrivalS);
    expect(view.promiseMoved).toEqual({ cause: 'traffic', atS: clock.nowS() });
    expect(view.pickupEta!).toBeGreaterThan(booked.promisedPickup!.latestS);
    expect(view.pickupEta!).toBeLessThanOrEqual(after.pickupLatestS);
    // The told event comes after the re-plan it announces (re-sequence and move first, tell last).
    const [risk] = await events('promise_at_risk', booked.id);
    expect(risk.seq).toBeLessThan(moved.seq);

    // The bus comes even later, 30 s after the moved window: that promise is broken, logged with its cause.
    const legS = dispatcher.fleet.vehicles.get('late')!.stops[0].legS;
    const fixAtS = clock.nowS();
    clock.set(after.pickupLatestS + 30);
    await dispatcher.stopEvent('late', booked.id, 'arrived_pickup');
    await dispatcher.stopEvent('late', booked.id, 'picked_up');
    const [broken] = await events('promise_broken', booked.id);
    expect(broken.payload).toEqual({ tripId: booked.id, what: 'late pickup', byS: 30, cause: 'traffic' });
    // The drive from the fix to the pickup taught the hour's speed factor: observed over planned.
    expect(dispatcher.learning.factors.learnt()).toEqual([{ hour: new Date(fixAtS * 1000).getUTCHours(), factor: expect.closeTo((clock.nowS() - fixAtS) / legS, 6), samples: 1 }]);
    // The planner's KPIs, from PostgreSQL: late against the first promise, one moved, one broken by traffic, the ETA
    // predicted 10 and 5 minutes out (at the fix) off by the time from that estimate to the pickup.
    const kpis = (await dispatcher.metrics({})).promises!;
    expect(kpis).toMatchObject({ onTimePickupShare: 0, onTimeArrivalShare: null, moved: 1, broken: 1, brokenByCause: { traffic: 1 }, samples: { pickups: 1, arrivals: 0, eta10Min: 1, eta5Min: 1 } });
    expect(kpis.etaErrorP90S10Min!).toBeCloseTo(clock.nowS() - view.pickupEta!, 0);
    expect(kpis.etaErrorP90S5Min!).toBeCloseTo(clock.nowS() - view.pickupEta!, 0);
  }, 60_000);

  test('reactToRisk off: the risk is logged, nothing is re-planned (the what-if without a reaction)', async () => {
    await start({ ...DEFAULT_POLICY, reactToRisk: false });
    const booked = await book('rider-c', OLYMPIC_PARK, SONGPA_OFFICE);
    clock.set(booked.promisedPickup!.latestS - 60);
    await dispatcher.startShift('spare', { endsAt: T0 + 8 * 3600 });
    await runLate(booked);
    expect(await events('promise_at_risk', booked.id)).toHaveLength(1);
    expect(await events('promise_moved', booked.id)).toHaveLength(0);
    expect((await dispatcher.getTrip(booked.id))!).toMatchObject({ vehicleId: 'late', promisedPickup: booked.promisedPickup });
  }, 60_000);
});

describe('what a GPS fix asks of the realtime layer', () => {
  test('a fix with nothing at risk signals no commit (no pass over the log); the fix that logs a risk signals one', async () => {
    // The re-optimizer off: its own commits would signal too, and this counts the fixes' signals alone.
    await start(DEFAULT_POLICY, false);
    const booked = await book('rider-q', OLYMPIC_PARK, SONGPA_OFFICE);
    let signals = 0;
    const count = () => signals++;
    dispatcher.changes.on('committed', count);
    try {
      clock.set(T0 + 30);
      await dispatcher.reportPosition('late', { location: wire(SEOKCHON_LAKE) });
      expect(signals).toBe(0);
      // A read neither.
      await dispatcher.getTrip(booked.id);
      expect(signals).toBe(0);
      await runLate(booked);
      expect(await events('promise_at_risk', booked.id)).toHaveLength(1);
      expect(signals).toBeGreaterThanOrEqual(1);
    } finally {
      dispatcher.changes.off('committed', count);
    }
  }, 60_000);
});

describe('a vehicle marked out of service', () => {
  test('breakdown_oneWaitingOneOnBoard: the waiting rider goes to another vehicle, the one on board is flagged, no new riders', async () => {
    // Re-optimizer off: with it on, it may move the waiting rider to the spare vehicle before the breakdown (a cheaper
    // plan), and the test would have no rider left to re-plan. The reaction itself is re-optimizer-independent.
    await start(DEFAULT_POLICY, false);
    const onBoard = await book('rider-d', SEOKCHON_LAKE, SONGPA_OFFICE);
    await dispatcher.stopEvent('late', onBoard.id, 'arrived_pickup');
    await dispatcher.stopEvent('late', onBoard.id, 'picked_up');
    const waiting = await book('rider-e', OLYMPIC_PARK, JAMSIL_STATION);
    await dispatcher.startShift('spare', { endsAt: T0 + 8 * 3600 });

    const result = await dispatcher.markOutOfService('late', 'engine failure', 'operator:ops-1');
    expect(result).toEqual({ vehicleId: 'late', replanned: [waiting.id], moved: [], unserved: [], onBoard: [onBoard.id] });
    const logged = (await testDb.db.repos.events.listAfter(0, 10_000)).filter((e) => e.type === 'vehicle_out_of_service');
    expect(logged.map((e) => e.payload)).toEqual([{ vehicleId: 'late', reason: 'engine failure', by: 'operator:ops-1' }]);
    expect((await dispatcher.getTrip(waiting.id))!.vehicleId).toBe('spare');
    expect((await dispatcher.getTrip(onBoard.id))!).toMatchObject({ vehicleId: 'late', state: 'on_board' });

    // A new rider right at the broken-down vehicle is served by another one, also after a restart.
    const { trip: next } = await dispatcher.requestTrip({ riderId: 'rider-f', origin: wire(SEOKCHON_LAKE), destination: wire(JAMSIL_STATION), passengers: 1, wheelchairs: 0, autoAccept: true }, undefined);
    expect(next.vehicleId).toBe('spare');
    await dispatcher.reoptimizer.stop();
    dispatcher = await Dispatcher.start({ repos: testDb.db.repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(testDb.db.pool) });
    expect(dispatcher.fleet.vehicles.get('late')!.outOfService).toBe(true);
    expect(dispatcher.fleet.candidates(wire(SEOKCHON_LAKE), 5000, 10).map((v) => v.id)).not.toContain('late');
  }, 60_000);
});

describe('speed factors', () => {
  test('learntFactors_restart: what was learnt is read back from PostgreSQL and drives the router', async () => {
    await start();
    const hour = new Date(T0 * 1000).getUTCHours();
    await testDb.db.repos.speedFactors.save({ hour, factor: 1.4, samples: 12 }, T0);
    await dispatcher.reoptimizer.stop();
    dispatcher = await Dispatcher.start({ repos: testDb.db.repos, router, clock, referenceLat: 37.52, metrics: new MetricsRepository(testDb.db.pool) });
    expect(dispatcher.learning.factors.at(T0)).toBeCloseTo(1.4, 9);
    expect(dispatcher.learning.factors.learnt()).toEqual([{ hour, factor: 1.4, samples: 12 }]);
  }, 60_000);
});
