import type { LngLat } from '../../routing/Router';
import type { Manifest, ManifestStop } from '../../protocol/realtime';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';

/** What the driver sees of a rider: the first word of the name they gave, or a neutral word. */
export const UNNAMED_RIDER = 'Rider';
const MAX_NAME_CHARS = 20;

/**
 * A driver's manifest from the in-memory fleet: the vehicle's stops in service order with who gets on or off,
 * the promise at each stop, and the route to the next one. A vehicle off shift has an empty manifest.
 */
export function manifestView(
  vehicleId: string,
  vehicle: FleetVehicle | undefined,
  trips: ReadonlyMap<string, FleetTrip>,
  routeToNext: readonly LngLat[],
): Manifest {
  if (!vehicle) return { vehicleId, onShift: false, shiftEndsAt: null, scheduleVersion: 0, stops: [], routeToNext: [] };
  const stops = vehicle.stops.map((s): ManifestStop => {
    const trip = trips.get(s.tripId);
    return {
      tripId: s.tripId,
      kind: s.kind,
      location: [s.location[0], s.location[1]],
      riderName: shortName(trip?.riderName),
      passengers: trip?.passengers ?? 0,
      wheelchairs: trip?.wheelchairs ?? 0,
      plannedAt: Math.round(s.plannedArrivalS),
      earliestS: s.earliestS,
      latestS: s.latestS,
      state: s.arrivedAtS === undefined ? 'planned' : 'arrived',
    };
  });
  return {
    vehicleId,
    onShift: true,
    shiftEndsAt: vehicle.shiftEndS,
    scheduleVersion: vehicle.scheduleVersion,
    stops,
    routeToNext: stops.length === 0 ? [] : routeToNext.map((p): [number, number] => [p[0], p[1]]),
  };
}

/** "Minji Kim" → "Minji"; a missing or blank name → "Rider". */
export function shortName(name: string | undefined): string {
  const first = name?.trim().split(/\s+/)[0] ?? '';
  return first === '' ? UNNAMED_RIDER : first.slice(0, MAX_NAME_CHARS);
}
