import type { FleetVehicle } from '../fleet/FleetModel';
import type { PromiseCause } from '../../protocol/promises';

/** What the dispatcher knows about a late vehicle when it names the cause. */
export interface LatenessClues {
  /** An operator marked it out of service. */
  outOfService: boolean;
  /** Seconds the drive to its next stop grew by since the previous fix (on the way it shrinks; held up, it stays): it drove away. */
  firstLegGrewS: number;
  nowS: number;
}

/** A leg growing by more than this between two fixes means the driver left the planned route (a missed turn). */
export const OFF_ROUTE_GROWTH_S = 60;

/**
 * The cause of a late stop (pure), most specific first: a breakdown; a vehicle off the road network or driving away
 * from its next stop (off route); a vehicle that waited at an earlier pickup for a rider who did not come (no-show
 * wait); otherwise the drive is slower than planned (traffic).
 */
export function riskCause(vehicle: Pick<FleetVehicle, 'stops' | 'offNetwork'>, atStop: number, clues: LatenessClues): PromiseCause {
  if (clues.outOfService) return 'vehicle_breakdown';
  if (vehicle.offNetwork || clues.firstLegGrewS > OFF_ROUTE_GROWTH_S) return 'off_route';
  for (let q = 0; q < atStop && q < vehicle.stops.length; q++) {
    const s = vehicle.stops[q];
    if (s.kind === 'pickup' && s.arrivedAtS !== undefined && clues.nowS - s.arrivedAtS > s.serviceS) return 'no_show_wait';
  }
  return 'traffic';
}
