import type { EventRecord, JsonObject } from '../../dispatcher/persistence/records';
import { EtaLog } from './EtaLog';
import { kpisFromEvents } from './kpisFromEvents';
import { promiseKpis } from './promiseKpis';

let seq = 0;
const ev = (atS: number, type: string, tripId: string, payload: JsonObject = {}): EventRecord => ({ seq: ++seq, atS, type, tripId, vehicleId: 'v1', payload });
const promise = (earliest: number, latest: number, arrival: number) => ({ pickupEarliestS: earliest, pickupLatestS: latest, latestArrivalS: arrival });
const accepted = (atS: number, trip: string, p: ReturnType<typeof promise>) => [ev(atS - 10, 'trip_requested', trip, { requestedPickupAtS: atS }), ev(atS, 'trip_accepted', trip, { promise: p })];
const ride = (trip: string, atPickup: number, boarded: number, atDropoff: number) => [
  ev(atPickup, 'stop_arrived', trip, { kind: 'pickup' }),
  ev(boarded, 'trip_picked_up', trip),
  ev(atDropoff, 'stop_arrived', trip, { kind: 'dropoff' }),
  ev(atDropoff + 20, 'trip_completed', trip),
];

/**
 * Four riders, promised pickup 1000–1600 and arrival by 3000:
 * | trip | what happened                                                  | on-time pickup | on-time arrival | broken (cause)        |
 * | a    | at the curb 1200, arrives 2500                                 | yes            | yes             | –                     |
 * | b    | promise moved to 1500–2100 / 3500 (traffic), at the curb 1900  | no (original)  | yes (2900)      | –                     |
 * | c    | at the curb 1700: the dispatcher logged promise_broken traffic | no             | no (3200)       | traffic               |
 * | d    | at the curb 1650, no promise_broken event: never silent        | no             | yes             | other                 |
 */
const events: EventRecord[] = [
  ...accepted(900, 'a', promise(1000, 1600, 3000)),
  ...accepted(900, 'b', promise(1000, 1600, 3000)),
  ...accepted(900, 'c', promise(1000, 1600, 3000)),
  ...accepted(900, 'd', promise(1000, 1600, 3000)),
  ...ride('a', 1200, 1230, 2500),
  ev(1300, 'promise_moved', 'b', { tripId: 'b', before: promise(1000, 1600, 3000), after: promise(1500, 2100, 3500), cause: 'traffic' }),
  ...ride('b', 1900, 1930, 2900),
  ev(1601, 'promise_broken', 'c', { tripId: 'c', what: 'late pickup', byS: 100, cause: 'traffic' }),
  ...ride('c', 1700, 1730, 3200),
  ...ride('d', 1650, 1680, 2800),
];

test('a hand-made log: on-time shares against the original promise, a moved promise counted, breaks by cause with the unreported one as other', () => {
  const k = promiseKpis(events);
  expect(k.onTimePickupShare).toBe(1 / 4);
  expect(k.onTimeArrivalShare).toBe(3 / 4);
  expect(k.promisesMoved).toBe(1);
  expect(k.brokenPromisesByCause).toEqual({ traffic: 1, other: 1 });
  expect(k.brokenPromises).toBe(2);
  // b kept its moved promise: it is late for the original one, not broken.
  expect(k.broken.map((b) => [b.tripId, b.what])).toEqual([['c', 'late pickup'], ['c', 'late arrival'], ['d', 'late pickup']]);
  expect(k.lateShare).toBe(3 / 4);
  // Without the riders' ETAs there is no ETA error to tell.
  expect(k.etaErrorP90S).toBeNull();
  // The whole KPI set reports the same promise figures.
  const all = kpisFromEvents(events);
  expect([all.brokenPromises, all.promisesMoved, all.onTimePickupShare, all.completed]).toEqual([2, 1, 1 / 4, 4]);
});

test('ETA error: |the ETA the rider saw 10 (5) min before the vehicle reached the curb − when it did|, p90 over the pickups', () => {
  const etas = new EtaLog();
  // a: seen 1150 until 700 s before, then 1180; reached the curb at 1200 → 10 min before (600): 1180 → 20 s; 5 min: 20 s.
  etas.record('a', 400, 1150);
  etas.record('a', 500, 1180);
  // b: 1500 at 1000, 1850 from 1500; curb 1900 → 10 min before (1300): 1500 → 400 s; 5 min before (1600): 1850 → 50 s.
  etas.record('b', 1000, 1500);
  etas.record('b', 1500, 1850);
  // c: followed only from 1400 (after 10 min before 1700 = 1100): counted at 5 min only (1400 → 1690: 10 s).
  etas.record('c', 1400, 1690);
  // d: no ETA seen at all.
  const k = promiseKpis(events, etas);
  expect(k.etaSamples10Min).toBe(2);
  expect(k.etaErrorP90S).toBe(400);
  expect(k.etaSamples5Min).toBe(3);
  expect(k.etaErrorP90S5Min).toBe(50);
});
