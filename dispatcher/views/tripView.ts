import { REJECTION_REASONS, type RejectionReason, type TripView } from '../../protocol/trips';
import type { FleetState } from '../fleet/FleetState';
import type { TripRecord } from '../persistence/records';

const pair = (p: readonly [number, number] | null): [number, number] | null => (p ? [p[0], p[1]] : null);

/** A stored trip as riders see it, with the current estimates from the fleet plan. */
export function tripView(trip: TripRecord, fleet: FleetState): TripView {
  let pickupEta: number | null = null;
  let arrivalEta: number | null = null;
  const vehicle = trip.vehicleId ? fleet.vehicles.get(trip.vehicleId) : undefined;
  for (const s of vehicle?.stops ?? []) {
    if (s.tripId !== trip.id) continue;
    if (s.kind === 'pickup') pickupEta = Math.round(s.plannedArrivalS);
    else arrivalEta = Math.round(s.plannedArrivalS);
  }
  const reason = trip.rejectReason as RejectionReason | null;
  return {
    id: trip.id,
    riderId: trip.riderId,
    state: trip.state,
    origin: [trip.origin[0], trip.origin[1]],
    destination: [trip.destination[0], trip.destination[1]],
    pickupPoint: pair(trip.originSnapped),
    dropoffPoint: pair(trip.destinationSnapped),
    walkToPickupM: trip.walkToPickupM === null ? null : Math.round(trip.walkToPickupM),
    passengers: trip.passengers,
    wheelchairs: trip.wheelchairs,
    requestedPickupAt: Math.round(trip.requestedPickupAtS),
    promisedPickup: trip.promise ? { earliestS: trip.promise.pickupEarliestS, latestS: trip.promise.pickupLatestS } : null,
    promisedArrivalBy: trip.promise?.latestArrivalS ?? null,
    pickupEta,
    arrivalEta,
    vehicleId: trip.vehicleId,
    rejectReason: reason && (REJECTION_REASONS as readonly string[]).includes(reason) ? reason : null,
    cancelReason: trip.cancelReason,
    offerExpiresAt: trip.state === 'offered' ? trip.offerExpiresAtS : null,
  };
}
