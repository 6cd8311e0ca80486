import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import type { TripView } from '../../protocol/trips';
import { createTestAuth, type TestAuth, who } from '../../test-support/auth';
import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { acceptAlone, newTrip, T0, vehicleOnShift } from '../../test-support/dbFixtures';
import { FakeDispatchService } from '../api/__tests__/FakeDispatchService';
import { createApp } from '../api/createApp';
import { ManualClock } from '../clock/Clock';
import { FleetState } from '../fleet/FleetState';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { tripView } from '../views/tripView';
import { Ratings } from './Ratings';

/** The HTTP edge in front of the real rating service and database; trips are read from the database. */
class RatingsOverDatabase extends FakeDispatchService {
  constructor(private readonly t: TestDatabase, private readonly ratings: Ratings) {
    super();
  }
  override async getTrip(id: string): Promise<TripView | null> {
    const trip = await this.t.db.repos.trips.get(id);
    return trip ? tripView(trip, new FleetState(0)) : null;
  }
  override rateTrip(tripId: string, riderId: string, input: TripRatingInput): Promise<TripRating> {
    return this.ratings.rateTrip(tripId, riderId, input);
  }
}

let t: TestDatabase;
let auth: TestAuth;
let server: Server;
let base: string;
const clock = new ManualClock(T0 + 3600);

beforeAll(async () => {
  t = await createTestDatabase();
  auth = await createTestAuth();
  const repos = t.db.repos;
  // Minji's ride is over; her next one is still to come; Jisoo rode too.
  await vehicleOnShift(repos, 'bus-1');
  await vehicleOnShift(repos, 'bus-2');
  await vehicleOnShift(repos, 'bus-3');
  await acceptAlone(repos, 'bus-1', newTrip('ridden', { riderId: 'minji' }), T0 + 300, 0);
  await repos.stopEvents.arrived('ridden', 'pickup', T0 + 290);
  await repos.stopEvents.pickedUp('ridden', T0 + 320);
  await repos.stopEvents.arrived('ridden', 'dropoff', T0 + 1200);
  await repos.stopEvents.droppedOff('ridden', T0 + 1230);
  await acceptAlone(repos, 'bus-2', newTrip('to-come', { riderId: 'minji', requestedPickupAtS: T0 + 7200 }), T0 + 7200, 0);
  await acceptAlone(repos, 'bus-3', newTrip('jisoo-ride', { riderId: 'jisoo' }), T0 + 300, 0);
  await repos.stopEvents.arrived('jisoo-ride', 'pickup', T0 + 290);
  await repos.stopEvents.pickedUp('jisoo-ride', T0 + 320);
  await repos.stopEvents.arrived('jisoo-ride', 'dropoff', T0 + 1200);
  await repos.stopEvents.droppedOff('jisoo-ride', T0 + 1230);
  const service = new RatingsOverDatabase(t, new Ratings({ repos, clock }));
  server = createApp(service, { auth: auth.auth }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

async function rate(tripId: string, body: unknown, principal = who.rider('minji')): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/trips/${tripId}/rating`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await auth.bearer(principal)) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a rating after the ride', () => {
  test('the rider rates her completed ride; rating again replaces it, and the planner metrics count it once', async () => {
    const first = await rate('ridden', { stars: 2, comment: '  The bus was late  ' });
    expect(first).toEqual({ status: 200, body: { tripId: 'ridden', stars: 2, comment: 'The bus was late', ratedAt: T0 + 3600 } });
    clock.set(T0 + 3700);
    const again = await rate('ridden', { stars: 5, comment: '   ' });
    expect(again).toEqual({ status: 200, body: { tripId: 'ridden', stars: 5, comment: null, ratedAt: T0 + 3700 } });
    expect(await t.db.repos.ratings.get('ridden')).toEqual({ tripId: 'ridden', stars: 5, comment: null, ratedAt: T0 + 3700 });
    expect(await rate('jisoo-ride', { stars: 2 }, who.rider('jisoo'))).toMatchObject({ status: 200, body: { stars: 2 } });
    const metrics = await new MetricsRepository(t.db.pool).compute(T0 - 3600, T0 + 86400);
    expect(metrics.ratings).toEqual({ count: 2, meanStars: 3.5, byStars: [0, 1, 0, 0, 1] });
    const events = (await t.db.repos.events.listAfter(0)).filter((e) => e.type === 'trip_rated');
    expect(events.map((e) => [e.tripId, e.payload.stars])).toEqual([['ridden', 2], ['ridden', 5], ['jisoo-ride', 2]]);
  });

  test('a ride still to come is not rateable (409), and another rider’s ride does not exist for her (404)', async () => {
    expect(await rate('to-come', { stars: 4 })).toMatchObject({ status: 409, body: { error: { code: 'TripNotRateable' } } });
    expect(await rate('jisoo-ride', { stars: 1 })).toMatchObject({ status: 404, body: { error: { code: 'NotFound', message: 'No trip jisoo-ride' } } });
    expect(await rate('no-such-trip', { stars: 1 })).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(await t.db.repos.ratings.get('to-come')).toBeNull();
    expect((await t.db.repos.ratings.get('jisoo-ride'))?.stars).toBe(2);
  });

  test.each([
    ['no stars', {}],
    ['zero stars', { stars: 0 }],
    ['six stars', { stars: 6 }],
    ['half a star', { stars: 3.5 }],
    ['stars as text', { stars: '5' }],
    ['a comment over 500 characters', { stars: 4, comment: 'x'.repeat(501) }],
    ['an unknown field', { stars: 4, riderId: 'jisoo' }],
  ])('%s is 400 ValidationFailed and changes nothing', async (_what, body) => {
    const before = await t.db.repos.ratings.get('ridden');
    expect(await rate('ridden', body)).toMatchObject({ status: 400, body: { error: { code: 'ValidationFailed' } } });
    expect(await t.db.repos.ratings.get('ridden')).toEqual(before);
  });

  test.each([
    ['a driver', who.driver('bus-1')],
    ['a planner', who.planner()],
    ['an operator', who.operator()],
  ])('%s may not rate a ride for the rider (403)', async (_who, principal) => {
    expect(await rate('ridden', { stars: 1 }, principal)).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
  });
});
