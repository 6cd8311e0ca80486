import type { LngLat } from '../../routing/Router';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { grid, MINUTE, minutes, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { decideRequest, decisionLocations, type NewStopLegs, type RequestDraft } from './decideRequest';

/**
 * A vehicle already running late (its next pickup's promise cannot be kept any more, traffic held it up) has no
 * feasible schedule. The search must step over it: the other vehicles stay usable for new riders.
 */
function legsFor(points: LngLat[], P: number, D: number): NewStopLegs {
  const to = points.map((p) => [minutes(p, points[P]), minutes(p, points[D])] as const);
  const from = [points.map((p) => minutes(points[P], p)), points.map((p) => minutes(points[D], p))] as const;
  return { toNewS: to, toNewM: to, fromNewS: from, fromNewM: from };
}

// No planning reserve (promiseMarginS, promiseMarginShare): the windows below are exact.
const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 2, rideExtraS: 0, promiseMarginS: 0, promiseMarginShare: 0 };

function draft(id: string, from: LngLat, to: LngLat): RequestDraft {
  return { tripId: id, pickup: from, dropoff: to, passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: minutes(from, to), directM: minutes(from, to) };
}

function decide(d: RequestDraft, vehicles: FleetVehicle[], trips: Map<string, FleetTrip>) {
  const loc = decisionLocations(vehicles, d);
  return decideRequest(T0, d, vehicles, trips, loc, legsFor(loc.points, loc.P, loc.D), policy);
}

describe('a vehicle running late', () => {
  // l is the late vehicle, next to the new rider at a; its rider at p was promised a pickup by T0 + 2 min but p is
  // 6 minutes away. f is free, 13 minutes from a; the busy vehicle at q has a relaxed trip from w to q.
  const at = grid(`
    p.....la.....w......f
    ........b....q.......
  `);
  const lateTrip = trip('late-trip', 'late', at('p'), at('b'), { pickupEarliestS: T0 - 10 * MINUTE, pickupLatestS: T0 + 2 * MINUTE });
  const late = withTrips(vehicle('late', at('l'), at('l')), [lateTrip]);
  const busyTrip = trip('busy-trip', 'busy', at('w'), at('q'), { pickupLatestS: T0 + 60 * MINUTE, arriveByS: T0 + 200 * MINUTE });
  const busy = withTrips(vehicle('busy', at('q'), at('q')), [busyTrip]);
  const free = vehicle('free', at('f'), at('f'));
  const trips = new Map([['late-trip', lateTrip], ['busy-trip', busyTrip]]);

  test('lateNextPickup_freeVehicleFarther: the free vehicle takes the new rider', () => {
    expect(decide(draft('new', at('a'), at('b')), [late, free], trips)).toMatchObject({ ok: true, vehicleId: 'free' });
  });

  test('busyVehicleBeforeLateOne: the late route is stepped over, not read with the busy route\'s bounds, and the search goes on', () => {
    // Without the late vehicle the busy one pools the rider; with it in between, the answer must be the same.
    expect(decide(draft('new', at('a'), at('b')), [busy, free], trips)).toMatchObject({ ok: true, vehicleId: 'busy' });
    expect(decide(draft('new', at('a'), at('b')), [busy, late, free], trips)).toMatchObject({ ok: true, vehicleId: 'busy' });
    expect(decide(draft('new', at('a'), at('b')), [late, busy, free], trips)).toMatchObject({ ok: true, vehicleId: 'busy' });
  });

  test('onlyTheLateVehicle: the rider is refused with a named reason', () => {
    expect(decide(draft('new', at('a'), at('b')), [late], trips)).toEqual({ ok: false, reason: 'NoVehicleInReach' });
  });
});
