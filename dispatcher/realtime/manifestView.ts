import type { LngLat, RouteStep } from '../../routing/Router';
import type { Manifest, ManifestStop, RouteManeuver } from '../../protocol/realtime';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';

/** What the driver sees of a rider who gave no name (or only digits): nothing, and the console says "Rider" in its language. */
export const UNNAMED_RIDER = '';
const MAX_NAME_CHARS = 20;

/**
 * A driver's manifest from the in-memory fleet: the vehicle's stops in service order with who gets on or off,
 * the promise at each stop, and the route to the next one. A vehicle off shift has an empty manifest.
 */
export interface ManifestContext {
  policy: DispatchPolicy;
  nowS: number;
  /** The street of a stop's location ('' unknown). */
  streetOf?: (location: LngLat) => string;
  /** The steps of the route to the next stop (its one leg), when the router gave them. */
  stepsToNext?: readonly RouteStep[];
}

export function manifestView(
  vehicleId: string,
  vehicle: FleetVehicle | undefined,
  trips: ReadonlyMap<string, FleetTrip>,
  routeToNext: readonly LngLat[],
  ctx: ManifestContext = { policy: DEFAULT_POLICY, nowS: 0 },
): Manifest {
  const offSiteStopM = ctx.policy.offSiteStopM;
  if (!vehicle) return { vehicleId, onShift: false, shiftEndsAt: null, scheduleVersion: 0, stops: [], routeToNext: [], maneuversToNext: [], offSiteStopM };
  const stops = vehicle.stops.map((s): ManifestStop => {
    const trip = trips.get(s.tripId);
    return {
      tripId: s.tripId,
      kind: s.kind,
      location: [s.location[0], s.location[1]],
      riderName: shortName(trip?.riderName),
      street: ctx.streetOf?.(s.location) ?? '',
      noShowAllowedAtS: s.kind === 'pickup' && s.arrivedAtS !== undefined ? Math.ceil(noShowAllowedAt(vehicle, s, trips, ctx.policy, ctx.nowS)) : null,
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
    maneuversToNext: stops.length === 0 || routeToNext.length < 2 ? [] : maneuversOf(ctx.stepsToNext ?? []),
    offSiteStopM,
  };
}

/** The steps as the console needs them: each maneuver with how far along the route it comes (the steps' lengths summed). */
export function maneuversOf(steps: readonly RouteStep[]): RouteManeuver[] {
  let atM = 0;
  return steps.map((s): RouteManeuver => {
    const m: RouteManeuver = {
      type: s.type,
      ...(s.modifier ? { modifier: s.modifier } : {}),
      name: s.name,
      location: [s.location[0], s.location[1]],
      bearingAfter: Math.round(s.bearingAfter),
      ...(s.exit !== undefined ? { exit: s.exit } : {}),
      atM: Math.round(atM * 10) / 10,
    };
    atM += s.distanceM;
    return m;
  });
}

/** "Minji Kim" → "Minji"; a missing or blank name, or one with no letter in it ("17"), → UNNAMED_RIDER. */
export function shortName(name: string | undefined): string {
  const first = name?.trim().split(/\s+/)[0] ?? '';
  return /\p{L}/u.test(first) ? first.slice(0, MAX_NAME_CHARS) : UNNAMED_RIDER;
}
