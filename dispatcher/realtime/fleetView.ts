import type { LngLat } from '../../routing/Router';
import type { FleetVehicleView, VehicleActivity } from '../../protocol/realtime';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';

/** A vehicle's last GPS report as the realtime layer heard it. */
export interface PositionFix {
  location: LngLat;
  headingDeg: number | null;
  atS: number;
}

export interface FleetSource {
  readonly vehicles: ReadonlyMap<string, FleetVehicle>;
  readonly trips: ReadonlyMap<string, FleetTrip>;
}

/**
 * The planner's fleet: every vehicle on shift with what it is doing, plus vehicles heard from earlier that
 * are now off shift (at their last fix). Sorted by id so successive views compare line by line.
 */
export function fleetView(fleet: FleetSource, fixes: ReadonlyMap<string, PositionFix>, nowS: number): FleetVehicleView[] {
  const onBoard = new Map<string, number>();
  for (const t of fleet.trips.values()) {
    if (t.onBoard) onBoard.set(t.vehicleId, (onBoard.get(t.vehicleId) ?? 0) + t.passengers);
  }
  const views: FleetVehicleView[] = [];
  for (const v of fleet.vehicles.values()) {
    const fix = fixes.get(v.id);
    const riders = onBoard.get(v.id) ?? 0;
    views.push({
      id: v.id,
      location: [v.position[0], v.position[1]],
      headingDeg: fix?.headingDeg ?? null,
      activity: vehicleActivity(riders, v.stops.length),
      onBoard: riders,
      stops: v.stops.length,
      atS: Math.round(fix?.atS ?? nowS),
    });
  }
  for (const [id, fix] of fixes) {
    if (fleet.vehicles.has(id)) continue;
    views.push({ id, location: [fix.location[0], fix.location[1]], headingDeg: fix.headingDeg, activity: 'off_shift', onBoard: 0, stops: 0, atS: Math.round(fix.atS) });
  }
  return views.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Carrying anyone beats driving to a pickup; a vehicle on shift with no stops is idle. */
export function vehicleActivity(onBoard: number, stops: number): VehicleActivity {
  if (onBoard > 0) return 'carrying';
  return stops > 0 ? 'to_pickup' : 'idle';
}
