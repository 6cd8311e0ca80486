import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';

/** A promise the current estimate says will break: the pickup window's end or the latest arrival, by `expectedLateS`. */
export interface PromiseAtRisk {
  tripId: string;
  what: 'pickup' | 'arrival';
  /** Seconds past the promise at the estimated time: > 0 late; ≤ 0 within `warnS` of it (an early warning). */
  expectedLateS: number;
  /** Not on board, not at the pickup the vehicle stands at, not pinned by an operator: it may be re-planned. */
  movable: boolean;
}

/**
 * The promises of one vehicle that its live estimates (estimateLiveEtas, one per stop) would break, before they do
 * (pure). A pickup is at risk when service would start after the window closes, a dropoff when it would come after
 * the promised arrival; one entry per trip, its pickup first. Only riders not yet picked up, whose pickup the vehicle
 * is not standing at and whom no operator pinned to the vehicle, are movable. With `warnS`, a promise the estimate
 * keeps by less than that is reported too (expectedLateS ≤ 0): the planning reserve is gone, it is at risk.
 */
export function findPromisesAtRisk(
  vehicle: Pick<FleetVehicle, 'stops' | 'lockedCount'>,
  trips: ReadonlyMap<string, Pick<FleetTrip, 'pickupLatestS' | 'arriveByS' | 'onBoard' | 'pinned'>>,
  etas: readonly number[],
  warnS = 0,
): PromiseAtRisk[] {
  const found = new Map<string, PromiseAtRisk>();
  vehicle.stops.forEach((s, q) => {
    const trip = trips.get(s.tripId);
    if (!trip || found.has(s.tripId)) return;
    const promised = s.kind === 'pickup' ? trip.pickupLatestS : trip.arriveByS;
    const late = etas[q] - promised;
    if (!(late > -warnS)) return;
    const pickupAt = vehicle.stops.findIndex((p) => p.tripId === s.tripId && p.kind === 'pickup');
    const movable = !trip.onBoard && !trip.pinned && pickupAt >= vehicle.lockedCount && vehicle.stops[pickupAt]?.arrivedAtS === undefined;
    found.set(s.tripId, { tripId: s.tripId, what: s.kind === 'pickup' ? 'pickup' : 'arrival', expectedLateS: Math.ceil(late), movable });
  });
  return [...found.values()];
}
