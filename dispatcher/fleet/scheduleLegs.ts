import { isRoutingError } from '../../routing/errors';
import { distanceM } from '../../routing/geo';
import type { LngLat, Router } from '../../routing/Router';
import type { FleetVehicle, PlannedStop } from './FleetModel';
import { STOP_APPROACH } from './stopApproaches';

/**
 * Travel along a vehicle's schedule: from its position through every stop to its depot, in one route call.
 * Fills each stop's leg and the return leg. When the router cannot route them the vehicle keeps its old legs, and
 * legs never measured stay unknown (`legsUnknown`): a decision measures them before planning on the vehicle.
 */
export async function refreshLegs(router: Router, vehicle: FleetVehicle): Promise<void> {
  // The stops as they are now: a commit replacing them meanwhile leaves these objects, not the new ones, measured.
  const stops = vehicle.stops;
  const points: LngLat[] = [vehicle.position, ...stops.map((s) => s.location), vehicle.depot];
  const route = await router.route(points, { approaches: [null, ...stops.map(() => STOP_APPROACH), null] });
  stops.forEach((s: PlannedStop, k) => {
    s.legS = route.legs[k].durationS;
    s.legM = route.legs[k].distanceM;
  });
  if (vehicle.stops !== stops) return;
  const back = route.legs[route.legs.length - 1];
  vehicle.returnLegS = back.durationS;
  vehicle.returnLegM = back.distanceM;
  delete vehicle.legsUnknown;
  vehicle.firstLegFrom = { location: points[0], atS: vehicle.lastFix?.atS ?? -Infinity, target: stops[0] ?? vehicle.depot };
}

/** After the vehicle moved: only the drive from its new position to the next stop (or the depot) changes. */
export async function refreshFirstLeg(router: Router, vehicle: FleetVehicle): Promise<void> {
  const next = vehicle.stops[0];
  const from = vehicle.position;
  const t = await router.table([from], [next ? next.location : vehicle.depot], { destinationApproaches: [next ? STOP_APPROACH : null] });
  const s = t.durationsS[0][0];
  const m = t.distancesM[0][0];
  if (s === null || m === null) return; // off the network for a moment (a tunnel, a parking lot): keep the last leg
  if (next) {
    next.legS = s;
    next.legM = m;
  } else {
    vehicle.returnLegS = s;
    vehicle.returnLegM = m;
  }
  vehicle.firstLegFrom = { location: from, atS: vehicle.lastFix?.atS ?? -Infinity, target: next ?? vehicle.depot };
}

/**
 * A first leg measured this close to the vehicle's fix is kept. A vehicle following its route is then out by this
 * far's drive at most (≈ 6 s at 30 km/h); one that left it (a missed turn, a one-way the wrong way round) can be out by
 * more, but only until it is this far from where the leg was measured or the leg is FIRST_LEG_MAX_AGE_S old. At 1 Hz
 * a vehicle driving 30 km/h measures every 6th fix instead of every one.
 */
export const FIRST_LEG_RECHECK_M = 50;
/** ...and no older than this (s): a vehicle standing still is measured again, so a slower hour's factor reaches it. */
export const FIRST_LEG_MAX_AGE_S = 15;
/**
 * ...or this (s) for an idle vehicle, whose first leg is its drive back to the depot: no rider's ETA hangs on it, only
 * the shift end's reserve and the baseline of the next insertion's added drive, which a traffic factor moves slowly.
 * Moving, it is measured again each FIRST_LEG_RECHECK_M as any other; standing, once a minute instead of four times.
 * (10,000 idle vehicles at 1 Hz: 170 measures a second instead of 670.)
 */
export const FIRST_LEG_MAX_AGE_IDLE_S = 60;

/**
 * Whether the first leg measured last still holds after a GPS fix: measured for the same next stop within
 * FIRST_LEG_RECHECK_M of the fix and FIRST_LEG_MAX_AGE_S ago (FIRST_LEG_MAX_AGE_IDLE_S toward the depot). Pure and
 * synchronous, so the fixes that keep their leg (most of them) cost no promise.
 */
export function firstLegHolds(vehicle: FleetVehicle, nowS: number): boolean {
  const from = vehicle.firstLegFrom;
  const next = vehicle.stops[0];
  return (
    from !== undefined &&
    vehicle.legsUnknown !== true &&
    from.target === (next ?? vehicle.depot) &&
    nowS - from.atS < (next ? FIRST_LEG_MAX_AGE_S : FIRST_LEG_MAX_AGE_IDLE_S) &&
    distanceM(from.location, vehicle.position) <= FIRST_LEG_RECHECK_M
  );
}

/**
 * After a GPS fix: the first leg measured again (`refreshLegsIfRoutable(…, true)`) unless it still holds
 * (firstLegHolds). False when the router could not measure it (the old leg kept).
 */
export async function followFirstLeg(router: Router, vehicle: FleetVehicle, nowS: number): Promise<boolean> {
  return firstLegHolds(vehicle, nowS) || refreshLegsIfRoutable(router, vehicle, true);
}

/**
 * The leg refresh after a change was committed: a router that is down or cannot route leaves the old legs (ETAs go
 * stale; every decision asks the router afresh) instead of failing a change that is already saved. False when kept.
 */
export async function refreshLegsIfRoutable(router: Router, vehicle: FleetVehicle, firstOnly = false): Promise<boolean> {
  try {
    await (firstOnly ? refreshFirstLeg(router, vehicle) : refreshLegs(router, vehicle));
    return true;
  } catch (e) {
    if (isRoutingError(e)) return false;
    throw e;
  }
}
