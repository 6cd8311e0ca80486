import type { MeetingPointWalk } from '../../protocol/trips';
import { isRoutingError } from '../../routing/errors';
import type { LngLat, Router } from '../../routing/Router';
import type { MeetingWalk } from './chooseMeetingPoint';

/** A street path longer than this many times the estimated walk is a car's detour (one-way streets), not a walk. */
const STREET_PATH_MAX_FACTOR = 1.6;

/**
 * The walk shown to the rider: along the streets (the router's path between the two places, which a pedestrian can
 * follow) when that path is about as long as the walk estimated for the promise, else the straight line. The minutes
 * and metres stay those counted in the promise. `from` → `to` in walking order.
 */
export async function walkPath(router: Router, from: LngLat, to: LngLat, walk: MeetingWalk): Promise<MeetingPointWalk> {
  const shown: MeetingPointWalk = {
    meetingPointId: walk.meetingPointId,
    path: [[from[0], from[1]], [to[0], to[1]]],
    distanceM: Math.round(walk.walkM),
    durationS: walk.walkS,
  };
  try {
    const r = await router.route([from, to]);
    if (r.distanceM <= walk.walkM * STREET_PATH_MAX_FACTOR && r.geometry.coordinates.length >= 2) {
      shown.path = [[from[0], from[1]], ...r.geometry.coordinates.map((c): [number, number] => [c[0], c[1]]), [to[0], to[1]]];
    }
  } catch (e) {
    if (!isRoutingError(e)) throw e;
  }
  return shown;
}
