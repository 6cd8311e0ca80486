import type { DispatchPolicy } from './DispatchPolicy';
import type { FleetTrip, FleetVehicle, PlannedStop } from './FleetModel';
import { latestDeparture } from './latestDeparture';

/**
 * When a driver may report a no-show at a pickup the vehicle stands at: after the full wait (noShowWaitS) from
 * arriving, or from the window's opening if the vehicle came early, but sooner (never before minNoShowWaitS)
 * when waiting longer would break another rider's promise on the same vehicle. Infinity before arriving.
 */
export function noShowAllowedAt(vehicle: FleetVehicle, stop: PlannedStop, trips: ReadonlyMap<string, FleetTrip>, policy: DispatchPolicy, now: number): number {
  if (stop.arrivedAtS === undefined) return Infinity;
  const trip = trips.get(stop.tripId);
  const from = Math.max(stop.arrivedAtS, trip?.pickupEarliestS ?? stop.arrivedAtS);
  const leaveBy = latestDeparture(vehicle, trips, policy, now) - stop.serviceS;
  return Math.max(from + policy.minNoShowWaitS, Math.min(from + policy.noShowWaitS, leaveBy));
}
