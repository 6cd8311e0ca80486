import type { FleetTrip } from '../fleet/FleetModel';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { RequestDraft } from '../requests/decideRequest';

/** How much later than its old promise a rider may be planned when the promise has to move (s). */
export const MOVED_PROMISE_HORIZON_S = 2 * 3600;

/**
 * An accepted trip as a request to insert again (pure): into its own vehicle in another order, or into another vehicle.
 * Kept, its promise binds as it is; relaxed by `relaxS` (> 0), the window's end and the latest arrival give way by that
 * much (at most MOVED_PROMISE_HORIZON_S), for a promise that has to move (the insertion still keeps every other rider's promise and
 * this rider's ride limit); with `reserveS`, it must be kept with that much to spare (a plan with room for the next
 * delay is preferred). The ride limit comes back as the direct drive the trip was decided with.
 */
export function reinsertionDraft(trip: FleetTrip, policy: Pick<DispatchPolicy, 'rideFactor' | 'rideExtraS'>, relaxS = 0, reserveS = 0): RequestDraft {
  const directS = policy.rideFactor > 0 ? Math.max(0, (trip.maxRideS - policy.rideExtraS) / policy.rideFactor) : trip.maxRideS;
  const extra = relaxS > 0 ? Math.min(relaxS, MOVED_PROMISE_HORIZON_S) : -reserveS;
  return {
    tripId: trip.id,
    pickup: trip.pickup,
    dropoff: trip.dropoff,
    passengers: trip.passengers,
    wheelchairs: trip.wheelchairs,
    requestedPickupS: trip.pickupEarliestS,
    directS,
    directM: 0,
    promised: { pickupEarliestS: trip.pickupEarliestS, pickupLatestS: Math.max(trip.pickupEarliestS, trip.pickupLatestS + extra), arriveByS: trip.arriveByS + extra },
  };
}
