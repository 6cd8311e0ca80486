import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import type { FleetVehicle } from '../fleet/FleetModel';

/**
 * Straight-line metres a bound forgives, so a snapped stop or pickup a little off its road (the router measures from
 * the snapped points) is never ruled out by the crow-fly distance between the unsnapped ones.
 */
export const REACH_BOUND_SLACK_M = 500;

/**
 * Whether the vehicle could be at `pickup` by `latestS` at all, before any travel time is asked: the candidate radius
 * (time left × `speedMps`) measured along the vehicle's timeline rather than from its route's box. The pickup can
 * only go after the locked stops, so the vehicle gets there no sooner than it leaves some stop k at or after them
 * (its earliest departure: the planned legs driven from max(now, availableAtS) without waiting, plus service) plus the
 * crow-fly distance from k to the pickup at `speedMps`. With `speedMps` the network's top speed that is a lower bound
 * of what the insertion would compute from the table, so a vehicle refused here would have been refused there
 * (MaxWaitExceeded); with a planning speed it prunes as the candidate radius does.
 */
export function mayReachPickup(v: FleetVehicle, pickup: LngLat, latestS: number, nowS: number, speedMps: number): boolean {
  const reach = (from: LngLat, departS: number) => departS + Math.max(0, distanceM(from, pickup) - REACH_BOUND_SLACK_M) / speedMps <= latestS;
  let departS = Math.max(nowS, v.availableAtS);
  if (v.lockedCount === 0 && reach(v.position, departS)) return true;
  for (let k = 0; k < v.stops.length; k++) {
    const s = v.stops[k];
    departS += s.legS + s.serviceS;
    // Every later stop is left later still: once the vehicle cannot even leave by latestS, nothing reaches in time.
    if (departS > latestS) return false;
    if (k + 1 >= v.lockedCount && reach(s.location, departS)) return true;
  }
  return false;
}
