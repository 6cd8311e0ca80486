import type { RejectionReason } from '../../protocol/trips';
import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';

/** Where the rider is and goes, and the curbs the vehicle would stop at for them. */
export interface TripEnds {
  origin: LngLat;
  destination: LngLat;
  pickup: LngLat;
  dropoff: LngLat;
}

/**
 * Whether the snapped ends make a ride worth offering. Pickup and drop-off (or origin and destination) closer than
 * minRideM: TooShort, since the vehicle would drive a loop to move the rider a few steps (a destination that snaps
 * back next to the pickup is caught here). A walk to the pickup or from the drop-off longer than maxWalkM:
 * WalkTooFar. Null when the ends are fine. Pure.
 */
export function judgeTripEnds(ends: TripEnds, policy: Pick<DispatchPolicy, 'maxWalkM' | 'minRideM'>): Extract<RejectionReason, 'TooShort' | 'WalkTooFar'> | null {
  if (distanceM(ends.pickup, ends.dropoff) < policy.minRideM || distanceM(ends.origin, ends.destination) < policy.minRideM) return 'TooShort';
  if (distanceM(ends.origin, ends.pickup) > policy.maxWalkM || distanceM(ends.dropoff, ends.destination) > policy.maxWalkM) return 'WalkTooFar';
  return null;
}
