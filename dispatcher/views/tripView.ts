import { CANCEL_CODES, type CancelCode, REJECTION_REASONS, type RejectionReason, type TripView } from '../../protocol/trips';
import { distanceM } from '../../routing/geo';
import type { FleetState } from '../fleet/FleetState';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';
import type { TripRecord } from '../persistence/records';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';

const pair = (p: readonly [number, number] | null): [number, number] | null => (p ? [p[0], p[1]] : null);

/** Cancel reasons stored as text before they were codes, and the code each one means. */
const LEGACY_CANCEL_TEXT: Readonly<Record<string, CancelCode>> = { 'offer declined': 'OfferDeclined', 'rider cancelled': 'RiderCancelled', 'rider cancelled in the app': 'RiderCancelled' };

/** The code of a stored cancel reason: a code as is, an old rider text by the table, any other text (an operator's) ServiceCancelled. */
export function cancelCodeOf(reason: string | null): CancelCode {
  if (reason && (CANCEL_CODES as readonly string[]).includes(reason)) return reason as CancelCode;
  return (reason && LEGACY_CANCEL_TEXT[reason]) || 'ServiceCancelled';
}

/**
 * A stored trip as riders see it, with the current estimates: the live ETA from the vehicle's GPS and progress when
 * one was made since the plan last changed, else the plan's. With the policy, a vehicle waiting
 * at the pickup says until when it waits (the no-show deadline, counted from its arrival).
 */
export function tripView(trip: TripRecord, fleet: FleetState, policy?: DispatchPolicy): TripView {
  let pickupEta: number | null = null;
  let arrivalEta: number | null = null;
  let atPickupSince: number | null = null;
  let waitsUntil: number | null = null;
  const vehicle = trip.vehicleId ? fleet.vehicles.get(trip.vehicleId) : undefined;
  // Live ETAs count only for the plan they were estimated on; a plan changed since shows its own times until the next fix.
  const live = vehicle !== undefined && vehicle.etasOfVersion === vehicle.scheduleVersion;
  for (const s of vehicle?.stops ?? []) {
    if (s.tripId !== trip.id) continue;
    if (s.kind === 'pickup') {
      pickupEta = Math.round(live ? (s.etaS ?? s.plannedArrivalS) : s.plannedArrivalS);
      if (s.arrivedAtS !== undefined && vehicle) {
        atPickupSince = Math.round(s.arrivedAtS);
        const deadline = policy ? noShowAllowedAt(vehicle, s, fleet.trips, policy, s.arrivedAtS) : Infinity;
        waitsUntil = Number.isFinite(deadline) ? Math.round(deadline) : null;
      }
    } else arrivalEta = Math.round(live ? (s.etaS ?? s.plannedArrivalS) : s.plannedArrivalS);
  }
  const reason = trip.rejectReason as RejectionReason | null;
  const open = trip.state !== 'completed' && trip.state !== 'cancelled' && trip.state !== 'no_show' && trip.state !== 'rejected';
  return {
    id: trip.id,
    riderId: trip.riderId,
    state: trip.state,
    origin: [trip.origin[0], trip.origin[1]],
    destination: [trip.destination[0], trip.destination[1]],
    pickupPoint: pair(trip.originSnapped),
    dropoffPoint: pair(trip.destinationSnapped),
    walkToPickupM: trip.walkToPickupM === null ? null : Math.round(trip.walkToPickupM),
    walkFromDropoffM: trip.destinationSnapped ? Math.round(distanceM(trip.destinationSnapped, trip.destination)) : null,
    passengers: trip.passengers,
    wheelchairs: trip.wheelchairs,
    requestedPickupAt: Math.round(trip.requestedPickupAtS),
    promisedPickup: trip.promise ? { earliestS: trip.promise.pickupEarliestS, latestS: trip.promise.pickupLatestS } : null,
    promisedArrivalBy: trip.promise?.latestArrivalS ?? null,
    pickupEta,
    arrivalEta,
    vehicleId: trip.vehicleId,
    vehicle: open && vehicle?.badge ? { ...vehicle.badge } : null,
    vehicleAtPickupSince: atPickupSince,
    waitsUntil,
    rejectReason: reason && (REJECTION_REASONS as readonly string[]).includes(reason) ? reason : null,
    cancelReason: trip.cancelReason,
    cancelCode: trip.state === 'cancelled' ? cancelCodeOf(trip.cancelReason) : null,
    offerExpiresAt: trip.state === 'offered' ? trip.offerExpiresAtS : null,
    promiseMoved: trip.promiseMoved ? { ...trip.promiseMoved } : null,
    walks: trip.walks,
  };
}
