import type { LngLat } from '../../routing/Router';
import type { FleetVehicle } from '../fleet/FleetModel';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { grid, MINUTE, minutes, T0, vehicle } from '../testing/fleetScenario';
import { decideRequest, decisionLocations, type NewStopLegs, type RequestDraft } from './decideRequest';

/** A rider who can be picked up in time is refused for the promise that breaks, by its own name (the planner counts them). */
function legsFor(points: LngLat[], P: number, D: number): NewStopLegs {
  const to = points.map((p) => [minutes(p, points[P]), minutes(p, points[D])] as const);
  const from = [points.map((p) => minutes(points[P], p)), points.map((p) => minutes(points[D], p))] as const;
  return { toNewS: to, toNewM: to, fromNewS: from, fromNewM: from };
}

const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 1, rideExtraS: 0, promiseMarginS: 0 };

function decide(d: RequestDraft, vehicles: FleetVehicle[]) {
  const loc = decisionLocations(vehicles, d);
  return decideRequest(T0, d, vehicles, new Map(), loc, legsFor(loc.points, loc.P, loc.D), policy);
}

describe('named rejections', () => {
  // v is 2 minutes from the pickup a; the destination b is 6 minutes from a.
  const at = grid(`
    v.a......
    .....b...
  `);
  const base = { tripId: 'r', pickup: at('a'), dropoff: at('b'), passengers: 1, wheelchairs: 0, requestedPickupS: T0, directM: 360 };

  test('pickupInTime_arrivalPromisedTooSoon: LatestArrivalExceeded, not MaxWaitExceeded', () => {
    const d = decide({ ...base, directS: minutes(at('a'), at('b')), promised: { pickupEarliestS: T0, pickupLatestS: T0 + 10 * MINUTE, arriveByS: T0 + 5 * MINUTE } }, [vehicle('v', at('v'), at('v'))]);
    expect(d).toEqual({ ok: false, reason: 'LatestArrivalExceeded' });
  });

  test('pickupInTime_rideLimitBelowTheDrive: MaxRideExceeded, not MaxWaitExceeded', () => {
    // The ride limit follows the measured direct drive; measured at 2 minutes, the 6-minute drive breaks it.
    const d = decide({ ...base, directS: 2 * MINUTE }, [vehicle('v', at('v'), at('v'))]);
    expect(d).toEqual({ ok: false, reason: 'MaxRideExceeded' });
  });
});
