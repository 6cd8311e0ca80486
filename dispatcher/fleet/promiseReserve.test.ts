import { DEFAULT_POLICY, type DispatchPolicy } from './DispatchPolicy';
import { promiseReserveS } from './promiseReserve';
import type { LngLat } from '../../routing/Router';
import type { FleetVehicle } from './FleetModel';
import { grid, MINUTE, minutes, T0, vehicle } from '../testing/fleetScenario';
import { decideRequest, decisionLocations, type NewStopLegs, type RequestDraft } from '../requests/decideRequest';

function legsFor(points: LngLat[], P: number, D: number): NewStopLegs {
  const to = points.map((p) => [minutes(p, points[P]), minutes(p, points[D])] as const);
  const from = [points.map((p) => minutes(points[P], p)), points.map((p) => minutes(points[D], p))] as const;
  return { toNewS: to, toNewM: to, fromNewS: from, fromNewM: from };
}

describe('promiseReserveS', () => {
  const policy = { promiseMarginS: 60, promiseMarginShare: 0.15 };

  test('near promises keep the margin, far ones a share of the time left', () => {
    expect(promiseReserveS(policy, T0 + 2 * MINUTE, T0)).toBe(60);
    expect(promiseReserveS(policy, T0 + 15 * MINUTE, T0)).toBe(135);
    expect(promiseReserveS(policy, T0 - MINUTE, T0)).toBe(60);
    expect(promiseReserveS({ ...policy, promiseMarginShare: 0 }, T0 + 15 * MINUTE, T0)).toBe(60);
  });

  test('a pre-booked pickup keeps a share of its own window, not of the days until it', () => {
    const at = grid(`
      v..a
      ...b
    `);
    const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 2, rideExtraS: 5 * MINUTE, promiseMarginS: 60, promiseMarginShare: 0.15 };
    const threeDays = 3 * 24 * 3600;
    const draft: RequestDraft = { tripId: 'p', pickup: at('a'), dropoff: at('b'), passengers: 1, wheelchairs: 0, requestedPickupS: T0 + threeDays, directM: 60, directS: minutes(at('a'), at('b')) };
    const vehicles = [vehicle('v', at('v'), at('v'), { shiftEndS: T0 + threeDays + 3600 })];
    const loc = decisionLocations(vehicles, draft);
    const d = decideRequest(T0, draft, vehicles, new Map(), loc, legsFor(loc.points, loc.P, loc.D), policy);
    // A reserve of 15 % of three days (10.8 h) would leave no pickup time inside a 15-minute window.
    expect(d.ok).toBe(true);
  });

  describe('a new offer whose pickup is far off is planned with the larger reserve', () => {
    // v is 13 minutes from the pickup a, w 11 minutes; the rider asks for now with a 15-minute wait limit.
    const at = grid(`
      v.w..........a
      .............b
    `);
    const base: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 2, rideExtraS: 5 * MINUTE, promiseMarginS: 60, promiseMarginShare: 0.15 };
    const draft: RequestDraft = { tripId: 'r', pickup: at('a'), dropoff: at('b'), passengers: 1, wheelchairs: 0, requestedPickupS: T0, directM: 60, directS: minutes(at('a'), at('b')) };
    const decide = (vehicles: FleetVehicle[], policy: DispatchPolicy) => {
      const loc = decisionLocations(vehicles, draft);
      return decideRequest(T0, draft, vehicles, new Map(), loc, legsFor(loc.points, loc.P, loc.D), policy);
    };

    test('13 minutes out with 15 to go: refused (a one-minute margin alone would take it)', () => {
      const v = [vehicle('v', at('v'), at('v'))];
      expect(decide(v, base).ok).toBe(false);
      expect(decide(v, { ...base, promiseMarginShare: 0 }).ok).toBe(true);
    });

    test('11 minutes out: taken, 4 minutes to spare', () => {
      const d = decide([vehicle('w', at('w'), at('w'))], base);
      expect(d.ok && d.pickupEtaS).toBe(T0 + 11 * MINUTE);
    });
  });
});
