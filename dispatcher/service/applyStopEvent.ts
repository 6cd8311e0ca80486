import type { StopEvent } from '../../protocol/trips';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';

/** The in-memory side of a stop event, after its transaction committed. */
export function applyStopEvent(vehicle: FleetVehicle, trip: FleetTrip | undefined, stop: PlannedStop, event: StopEvent, now: number): void {
  vehicle.position = stop.location;
  vehicle.availableAtS = now;
  if (event === 'arrived_pickup' || event === 'arrived_dropoff') {
    stop.arrivedAtS = now;
    // The stop it stands at leads the schedule and stays there.
    vehicle.stops = [stop, ...vehicle.stops.filter((s) => s !== stop)];
    vehicle.lockedCount = Math.max(1, vehicle.lockedCount);
    return;
  }
  vehicle.stops = vehicle.stops.filter((s) => (event === 'no_show' ? s.tripId !== stop.tripId : s !== stop));
  if (event === 'picked_up' && trip) trip.onBoard = true;
  // The next stop is free to change until the vehicle stands there (or the driver commits to it).
  vehicle.lockedCount = vehicle.stops[0]?.arrivedAtS !== undefined ? 1 : 0;
}
