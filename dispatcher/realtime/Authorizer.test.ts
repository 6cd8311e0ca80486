import type { TripView } from '../../protocol/trips';
import { claimedIdentityAuthorizer } from './Authorizer';

const auth = claimedIdentityAuthorizer({ positionLeadS: 600 });
const T = 1_800_000_000;
const trip = (extra: Partial<TripView>): TripView => ({
  id: 't1', riderId: 'r1', state: 'accepted', origin: [0, 0], destination: [1, 1], pickupPoint: null, dropoffPoint: null, walkToPickupM: null,
  passengers: 1, wheelchairs: 0, requestedPickupAt: T, promisedPickup: null, promisedArrivalBy: null, pickupEta: T + 3600, arrivalEta: null,
  vehicleId: 'bus-1', rejectReason: null, cancelReason: null, offerExpiresAt: null, ...extra,
});
const rider = { role: 'rider', riderId: 'r1' } as const;

describe('claimedIdentityAuthorizer', () => {
  test('a hello without the id its role needs is refused', () => {
    expect(auth.identify({ v: 1, type: 'hello', role: 'driver' })).toEqual({ ok: false, message: 'A driver hello needs vehicleId' });
    expect(auth.identify({ v: 1, type: 'hello', role: 'rider', riderId: 'r1' })).toEqual({ ok: true, identity: rider });
  });

  test('a rider follows only their own trips; a driver acts only for its vehicle', () => {
    expect(auth.mayFollowTrip(rider, { riderId: 'r1' })).toBe(true);
    expect(auth.mayFollowTrip(rider, { riderId: 'r2' })).toBe(false);
    expect(auth.mayFollowTrip({ role: 'driver', vehicleId: 'bus-1' }, { riderId: 'r1' })).toBe(false);
    expect(auth.mayActForVehicle({ role: 'driver', vehicleId: 'bus-1' }, 'bus-2')).toBe(false);
    expect(auth.mayActForVehicle(rider, 'bus-1')).toBe(false);
  });

  test.each([
    ['booked for in an hour', trip({}), false],
    ['booked, pickup within the lead', trip({ pickupEta: T + 300 }), true],
    ['vehicle arriving', trip({ state: 'arriving' }), true],
    ['on board', trip({ state: 'on_board' }), true],
    ['completed', trip({ state: 'completed' }), false],
    ['on board another vehicle', trip({ state: 'on_board', vehicleId: 'bus-2' }), false],
  ])('rider whose trip is %s sees bus-1: %p', (_situation, t, sees) => {
    expect(auth.maySeeVehiclePosition(rider, 'bus-1', t, T)).toBe(sees);
  });
});
