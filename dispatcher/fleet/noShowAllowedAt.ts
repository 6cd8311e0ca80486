import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetTrip, FleetVehicle, PlannedStop } from './FleetModel';
import { latestDeparture } from './latestDeparture';

/**
 * When a driver waiting at a pickup may report a no-show, and so until when the rider's bus waits: after the full
 * wait (noShowWaitS) from arriving, or from the window's opening if the vehicle came early, but sooner (never before
 * minNoShowWaitS) when waiting longer would break another rider's promise on the same vehicle. Infinity before the
 * vehicle arrived. Pure.
 */
export function noShowAllowedAt(vehicle: FleetVehicle, stop: PlannedStop, trips: ReadonlyMap<string, FleetTrip>, policy: DispatchPolicy, nowS: number): number {
  if (stop.arrivedAtS === undefined) return Infinity;
  const trip = trips.get(stop.tripId);
  const from = Math.max(stop.arrivedAtS, trip?.pickupEarliestS ?? stop.arrivedAtS);
  const leaveBy = latestDeparture(vehicle, trips, policy, nowS) - stop.serviceS;
  return Math.max(from + policy.minNoShowWaitS, Math.min(from + policy.noShowWaitS, leaveBy));
}
