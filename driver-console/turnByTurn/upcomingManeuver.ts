import type { RouteManeuver } from '../../protocol/realtime';

/** A maneuver up to this far (m) behind the bus's point on the route still counts as ahead: GPS jitters at the corner. */
export const PASSED_M = 3;

/**
 * The next maneuver ahead of the bus and how far ahead it is, from how far the bus has come along the route
 * (`alongM`, metres from its start). The departure is never next; after the last turn the arrival is.
 */
export function upcomingManeuver(maneuvers: readonly RouteManeuver[], alongM: number): { maneuver: RouteManeuver; inM: number } | null {
  for (const m of maneuvers) {
    if (m.type === 'depart') continue;
    if (m.atM >= alongM - PASSED_M) return { maneuver: m, inM: Math.max(0, m.atM - alongM) };
  }
  const last = maneuvers[maneuvers.length - 1];
  return last && last.type === 'arrive' ? { maneuver: last, inM: 0 } : null;
}
