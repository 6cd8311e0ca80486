import type { LngLat } from '../../routing/Router';
import { distanceM } from '../../routing/geo';

/** How far (m) from the road's centre line a stop is placed, toward the rider: enough for a router to tell the side. */
export const CURB_OFFSET_M = 1.5;

/**
 * The stop for a rider: the point on the road nearest to them (`snapped`), moved CURB_OFFSET_M toward where they
 * stand, so it lies on their side of the street. Routed with approaches=curb (OSRM's name), the vehicle then
 * arrives with the rider on its curb side instead of across the road. A rider standing on the road itself
 * (closer than twice the offset) gives no side: the snapped point as it is.
 */
export function curbPoint(snapped: LngLat, rider: LngLat, offsetM = CURB_OFFSET_M): LngLat {
  const awayM = distanceM(snapped, rider);
  if (awayM < 2 * offsetM) return snapped;
  const u = offsetM / awayM;
  return [snapped[0] + (rider[0] - snapped[0]) * u, snapped[1] + (rider[1] - snapped[1]) * u];
}
