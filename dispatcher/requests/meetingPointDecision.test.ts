import type { LngLat, Router } from '../../routing/Router';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { FleetState } from '../fleet/FleetState';
import { MeetingPointSet } from '../meetingPoints/MeetingPointSet';
import { grid, MINUTE, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import type { RequestDraft } from './decideRequest';
import { planRequest } from './planRequest';

/**
 * The grid drawn at street scale: one character is 0.001° (111 m near the equator) and one minute of driving, so a
 * meeting point one character from the rider is a 145 m walk (the estimate is 1.3 times the straight line), 121 s.
 */
const SCALE = 0.001;
const scaled = (at: (ch: string) => LngLat) => (ch: string): LngLat => [at(ch)[0] * SCALE, at(ch)[1] * SCALE];
const driveS = (a: LngLat, b: LngLat) => Math.round((Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])) / SCALE) * MINUTE;
const router = {
  name: 'grid',
  table: async (src: LngLat[], dst: LngLat[]) => {
    const m = src.map((a) => dst.map((b) => driveS(a, b)));
    return { durationsS: m, distancesM: m };
  },
} as unknown as Router;

// Bus v drives its rider along the main street to q; the new rider waits round the corner at o, a block off it.
const at = scaled(
  grid(`
    v...m.......d.q
    ....o..........
  `),
);
const WALK_S = Math.ceil((111.19 * 1.3) / 1.2);
const policy: DispatchPolicy = { ...DEFAULT_POLICY, serviceS: 0, maxWaitS: 15 * MINUTE, rideFactor: 2, rideExtraS: 0, candidateSpeedMps: 1e9 };
const points = new MeetingPointSet([{ id: 'm', location: at('m'), source: 'imported', name: 'Main St' }]);
const draft = (): RequestDraft => ({
  tripId: 'new', pickup: at('o'), dropoff: at('d'), origin: at('o'), destination: at('d'),
  passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: driveS(at('o'), at('d')), directM: driveS(at('o'), at('d')),
});
function busOnMainStreet(): FleetState {
  const fleet = new FleetState(0);
  const riding = trip('riding', 'v', at('v'), at('q'), { onBoard: true });
  fleet.putVehicle(withTrips(vehicle('v', at('v'), at('q')), [riding]));
  fleet.putTrip(riding);
  return fleet;
}

describe('a rider met at a meeting point', () => {
  test('a rider a block off the bus route is picked up on the main street, and the window opens once they can have walked there', async () => {
    const d = await planRequest(router, busOnMainStreet(), draft(), T0, policy, undefined, { points });
    if (!d.ok) throw new Error(`refused: ${d.reason}`);
    // At the curb the bus would drive 2 minutes more (down the side street and back); at m, not a second more.
    expect(d.walks).toEqual({ toPickup: { meetingPointId: 'm', location: at('m'), walkM: expect.closeTo(144.5, 0), walkS: WALK_S }, fromDropoff: null });
    expect(d.stops.map((s) => [s.tripId, s.kind, s.location])).toEqual([
      ['new', 'pickup', at('m')],
      ['new', 'dropoff', at('d')],
      ['riding', 'dropoff', at('q')],
    ]);
    expect(d.pickupEtaS).toBe(T0 + 4 * MINUTE);
    // The walk counts in the promise: the rider, told now, reaches m after WALK_S; the window opens no sooner.
    expect(d.promise.pickupEarliestS).toBe(T0 + WALK_S);
    expect(d.promise.pickupEarliestS).toBeLessThanOrEqual(d.pickupEtaS);
    expect(d.promise.pickupLatestS).toBeGreaterThanOrEqual(d.pickupEtaS);
    expect(d.arrivalEtaS).toBeLessThanOrEqual(d.promise.arriveByS);
  });

  test('a bus already at the corner that would arrive before the rider can walk there waits for them: the pickup is not planned before the walk', async () => {
    const fleet = new FleetState(0);
    fleet.putVehicle(vehicle('w', at('m'), at('m')));
    // The idle bus stands at m itself: m saves it the block to o and back (2 minutes), but the rider needs WALK_S.
    const d = await planRequest(router, fleet, draft(), T0, { ...policy, idleRiderWeightFactor: 1 }, undefined, { points });
    if (!d.ok) throw new Error(`refused: ${d.reason}`);
    expect(d.walks?.toPickup?.meetingPointId).toBe('m');
    expect(d.promise.pickupEarliestS).toBe(T0 + WALK_S);
    expect(d.stops[0]).toMatchObject({ kind: 'pickup', earliestS: T0 + WALK_S });
  });

  test('with the meetingPoints flag off, or a saving under the minimum, the rider is met at the curb', async () => {
    const off = await planRequest(router, busOnMainStreet(), draft(), T0, { ...policy, meetingPoints: false }, undefined, { points });
    const small = await planRequest(router, busOnMainStreet(), draft(), T0, { ...policy, meetingPointMinSavingS: 3 * MINUTE }, undefined, { points });
    for (const d of [off, small]) {
      if (!d.ok) throw new Error(`refused: ${d.reason}`);
      expect(d.walks).toBeUndefined();
      expect(d.stops[0]).toMatchObject({ tripId: 'new', kind: 'pickup', location: at('o') });
      expect(d.pickupEtaS).toBe(T0 + 5 * MINUTE);
    }
  });

  test('a zone walking limit shorter than the walk leaves the rider at the curb', async () => {
    const d = await planRequest(router, busOnMainStreet(), draft(), T0, policy, undefined, { points, walkLimitM: 100 });
    if (!d.ok) throw new Error(`refused: ${d.reason}`);
    expect(d.walks).toBeUndefined();
    expect(d.stops[0].location).toEqual(at('o'));
  });
});
