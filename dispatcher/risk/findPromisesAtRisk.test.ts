import { grid, MINUTE, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import type { FleetTrip } from '../fleet/FleetModel';
import { estimateLiveEtas } from './estimateLiveEtas';
import { findPromisesAtRisk } from './findPromisesAtRisk';
import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { movedPromise, movedPromiseSlackS } from './movedPromise';
import { OFF_ROUTE_GROWTH_S, riskCause } from './riskCause';
import { PROMISE_MOVE_DEFAULTS, promiseMoveDue } from './promiseMoveDue';

/**
 * The vehicle v at v drives to a (pickup of rider 1), b (its dropoff), c (pickup of rider 2), d (its dropoff); one
 * character is one minute. Rider 1 is promised a pickup by T0 + 5 min, rider 2 by T0 + 12 min.
 */
const at = grid(`
  v...a...b...c.....d
`);
const r1 = trip('r1', 'v', at('a'), at('b'), { pickupEarliestS: T0, pickupLatestS: T0 + 5 * MINUTE, arriveByS: T0 + 10 * MINUTE });
const r2 = trip('r2', 'v', at('c'), at('d'), { pickupEarliestS: T0 + 11 * MINUTE, pickupLatestS: T0 + 16 * MINUTE, arriveByS: T0 + 24 * MINUTE });
const trips = new Map<string, FleetTrip>([['r1', r1], ['r2', r2]]);
const onTime = () => withTrips(vehicle('v', at('v'), at('v')), [r1, r2]);

describe('live ETAs', () => {
  test('onPlan_leavesNow: each stop at the sum of the legs, waiting where a window opens later', () => {
    // a at +4, b at +8, c at +12 (its window opens at +11), d at +18.
    expect(estimateLiveEtas(onTime(), T0).map((t) => (t - T0) / MINUTE)).toEqual([4, 8, 12, 18]);
  });

  test('heldUpThreeMinutes_firstLegUnchanged: every later stop moves by the three minutes, a wait absorbs none here', () => {
    expect(estimateLiveEtas(onTime(), T0 + 3 * MINUTE).map((t) => (t - T0) / MINUTE)).toEqual([7, 11, 15, 21]);
  });

  test('standingAtThePickup: service started when it arrived, the next leg leaves now', () => {
    const v = onTime();
    v.stops[0].arrivedAtS = T0 + 4 * MINUTE;
    v.stops[0].serviceS = 30;
    const etas = estimateLiveEtas(v, T0 + 6 * MINUTE);
    expect(etas[0]).toBe(T0 + 4 * MINUTE);
    expect(etas[1]).toBe(T0 + 6 * MINUTE + 30 + 4 * MINUTE);
  });

  test('dwellingUntilLater: the vehicle leaves when it is free, not before', () => {
    const v = { ...onTime(), availableAtS: T0 + 2 * MINUTE };
    expect(estimateLiveEtas(v, T0)[0]).toBe(T0 + 6 * MINUTE);
  });
});

describe('promises at risk', () => {
  test('onPlan: nothing at risk', () => {
    const v = onTime();
    expect(findPromisesAtRisk(v, trips, estimateLiveEtas(v, T0))).toEqual([]);
  });

  test('heldUp_twoThenFiveMinutes: rider 1 is at risk first; rider 2 once the delay eats its slack; both movable', () => {
    const v = onTime();
    // Two minutes: pickups at +6 (promised +5) and +14 (promised +16); r1's drop-off at +10 is just on time.
    expect(findPromisesAtRisk(v, trips, estimateLiveEtas(v, T0 + 2 * MINUTE))).toEqual([{ tripId: 'r1', what: 'pickup', expectedLateS: 60, movable: true }]);
    expect(findPromisesAtRisk(v, trips, estimateLiveEtas(v, T0 + 5 * MINUTE))).toEqual([
      { tripId: 'r1', what: 'pickup', expectedLateS: 4 * MINUTE, movable: true },
      { tripId: 'r2', what: 'pickup', expectedLateS: MINUTE, movable: true },
    ]);
  });

  test('withinTheReserve_earlyWarning: a promise kept by less than warnS is reported, not yet late', () => {
    const v = onTime();
    // Half a minute held up: rider 1's pickup at +4.5, promised +5: kept by 30 s, inside a 60 s reserve.
    expect(findPromisesAtRisk(v, trips, estimateLiveEtas(v, T0 + 30))).toEqual([]);
    expect(findPromisesAtRisk(v, trips, estimateLiveEtas(v, T0 + 30), 60)).toEqual([{ tripId: 'r1', what: 'pickup', expectedLateS: -30, movable: true }]);
  });

  test('onBoard_lateArrival: an on-board rider late for the arrival is at risk and not movable', () => {
    const boarded = { ...r1, onBoard: true };
    const v = withTrips(vehicle('v', at('a'), at('v')), [boarded]);
    const late = findPromisesAtRisk(v, new Map([['r1', boarded]]), estimateLiveEtas(v, T0 + 7 * MINUTE));
    expect(late).toEqual([{ tripId: 'r1', what: 'arrival', expectedLateS: MINUTE, movable: false }]);
  });

  test('pinnedOrStandingAt: a rider an operator pinned, or whose pickup the vehicle stands at, does not move', () => {
    const pinned = new Map([['r1', { ...r1, pinned: true }], ['r2', r2]]);
    const v = onTime();
    expect(findPromisesAtRisk(v, pinned, estimateLiveEtas(v, T0 + 2 * MINUTE))[0].movable).toBe(false);
    const standing = onTime();
    standing.stops[0].arrivedAtS = T0 + 4 * MINUTE;
    standing.lockedCount = 1;
    const etas = estimateLiveEtas(standing, T0 + 9 * MINUTE); // rider 1 never came: b at +13, past +10
    expect(findPromisesAtRisk(standing, trips, etas).find((r) => r.tripId === 'r1')).toEqual({ tripId: 'r1', what: 'arrival', expectedLateS: 3 * MINUTE, movable: false });
  });
});

describe('the cause of a late stop', () => {
  const clues = { outOfService: false, firstLegGrewS: 0, nowS: T0 + 10 * MINUTE };
  test('most specific first: breakdown, off route, no-show wait, else traffic', () => {
    const v = onTime();
    expect(riskCause(v, 2, clues)).toBe('traffic');
    expect(riskCause(v, 2, { ...clues, firstLegGrewS: OFF_ROUTE_GROWTH_S + 1 })).toBe('off_route');
    expect(riskCause({ ...v, offNetwork: true }, 2, clues)).toBe('off_route');
    v.stops[0].arrivedAtS = T0 + 4 * MINUTE; // waiting at a since +4 for rider 1
    expect(riskCause(v, 2, clues)).toBe('no_show_wait');
    expect(riskCause(v, 0, clues)).toBe('traffic'); // the stop it waits at is not late because of itself
    expect(riskCause(v, 2, { ...clues, outOfService: true, firstLegGrewS: 500 })).toBe('vehicle_breakdown');
  });
});

describe('a moved promise', () => {
  const before = { pickupEarliestS: T0, pickupLatestS: T0 + 5 * MINUTE, latestArrivalS: T0 + 10 * MINUTE };
  test('lateEstimate: the window closes at the estimate plus the margin; it opens as before', () => {
    expect(movedPromise(before, { pickupS: T0 + 7 * MINUTE, arrivalS: T0 + 12 * MINUTE }, 60)).toEqual({
      pickupEarliestS: T0,
      pickupLatestS: T0 + 8 * MINUTE,
      latestArrivalS: T0 + 13 * MINUTE,
    });
  });
  test('slack: half the first promise\'s slack after the estimate, never below the planning margin', () => {
    expect(movedPromiseSlackS(DEFAULT_POLICY)).toBe(DEFAULT_POLICY.promiseAfterS / 2);
    expect(movedPromiseSlackS({ promiseAfterS: 60, promiseMarginS: 90 })).toBe(90);
  });
  test('neverTighter_onBoardKeepsPickup: an estimate inside the old promise changes nothing; a done pickup stays', () => {
    expect(movedPromise(before, { pickupS: T0 + MINUTE, arrivalS: T0 + 2 * MINUTE }, 60)).toEqual(before);
    expect(movedPromise(before, { pickupS: null, arrivalS: T0 + 20 * MINUTE }, 0)).toEqual({ ...before, latestArrivalS: T0 + 20 * MINUTE });
  });
});

describe('when a promise no vehicle can keep moves', () => {
  const promised = { pickupLatestS: T0 + 20 * MINUTE, arriveByS: T0 + 40 * MINUTE };
  const pickup = (expectedLateS: number) => ({ what: 'pickup' as const, expectedLateS });
  test('farAhead_smallLateness: a minute late 20 min out is inside what the estimate errs by: not yet', () => {
    // 21 min to go: the estimate may be off by a quarter of that, 315 s.
    expect(promiseMoveDue(pickup(60), promised, T0)).toBe(false);
    expect(promiseMoveDue(pickup(5 * MINUTE), promised, T0)).toBe(false);
    expect(promiseMoveDue(pickup(7 * MINUTE), promised, T0)).toBe(true);
  });
  test('closer_sameLateness: the same minute late is due once the stop is less than four minutes out', () => {
    expect(promiseMoveDue(pickup(60), promised, T0 + 15 * MINUTE)).toBe(false); // 6 min to go: 90 s of doubt
    expect(promiseMoveDue(pickup(60), promised, T0 + 17 * MINUTE)).toBe(false); // 4 min to go: 60 s, not more
    expect(promiseMoveDue(pickup(60), promised, T0 + 17.5 * MINUTE)).toBe(true); // 3.5 min to go: 52.5 s
  });
  test('deadlineNear: any lateness moves the promise once it ends within the lead; an early warning never', () => {
    const lead = PROMISE_MOVE_DEFAULTS.tellLeadS;
    expect(promiseMoveDue(pickup(1), promised, promised.pickupLatestS - lead)).toBe(true);
    expect(promiseMoveDue(pickup(1), promised, promised.pickupLatestS - lead - 60)).toBe(false);
    expect(promiseMoveDue(pickup(0), promised, promised.pickupLatestS - 10)).toBe(false);
    expect(promiseMoveDue(pickup(-30), promised, promised.pickupLatestS - 10)).toBe(false);
  });
  test('arrival: judged against the promised arrival', () => {
    expect(promiseMoveDue({ what: 'arrival', expectedLateS: 60 }, promised, T0 + 17 * MINUTE)).toBe(false);
    expect(promiseMoveDue({ what: 'arrival', expectedLateS: 60 }, promised, T0 + 38 * MINUTE)).toBe(true);
  });
});
