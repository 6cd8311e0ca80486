import type { FleetVehicleView } from '../../protocol/realtime';

/** What a planner's map needs to go from one fleet view to the next. */
export interface FleetChanges {
  /** Vehicles new in the view or whose position, heading, activity, riders on board or stops changed. */
  vehicles: FleetVehicleView[];
  /** Ids no longer in the view. */
  removed: string[];
}

/**
 * The vehicles that changed between two fleet views, both sorted by id (as fleetView returns them): one merge
 * walk, no map. A vehicle whose only change is `atS` is left out (without a fix its atS is "now" on every view,
 * and the time of an unchanged position tells the map nothing), so its atS on the page is that of its last change.
 */
export function fleetChanges(before: readonly FleetVehicleView[], after: readonly FleetVehicleView[]): FleetChanges {
  const vehicles: FleetVehicleView[] = [];
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const b = before[i];
    const a = after[j];
    if (a === undefined || (b !== undefined && b.id < a.id)) {
      removed.push(b.id);
      i++;
    } else if (b === undefined || a.id < b.id) {
      vehicles.push(a);
      j++;
    } else {
      if (!sameOnMap(b, a)) vehicles.push(a);
      i++;
      j++;
    }
  }
  return { vehicles, removed };
}

function sameOnMap(b: FleetVehicleView, a: FleetVehicleView): boolean {
  return (
    b.location[0] === a.location[0] &&
    b.location[1] === a.location[1] &&
    b.headingDeg === a.headingDeg &&
    b.activity === a.activity &&
    b.onBoard === a.onBoard &&
    b.stops === a.stops
  );
}
