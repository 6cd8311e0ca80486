import type { PlannerTripView, TripView } from '../../protocol/trips';
import type { Access } from '../auth/accessTable';
import { withoutRider } from '../auth/dataMinimisation';
import type { Principal } from '../auth/Principal';
import { ApiError } from '../errors/ApiError';

/**
 * The ownership half of the access rules: the table says "own", these say whose the resource is. Another
 * rider's trip is NotFound with the same words as a trip that does not exist, so its existence is not revealed.
 */
type Grant = { principal: Principal; access: Exclude<Access, 'none'> };

/** The trip as this caller may see it, or NotFound. */
export function visibleTrip({ principal, access }: Grant, trip: TripView | null, tripId: string): TripView | PlannerTripView {
  if (!trip || (access === 'own' && !(principal.role === 'rider' && trip.riderId === principal.subject))) {
    throw new ApiError('NotFound', `No trip ${tripId}`);
  }
  return access === 'redacted' ? withoutRider(trip) : trip;
}

/** A rider's own list: the id in the path must be the token's rider (a 403: the caller knows whose list it asked for). */
export function requireRider({ principal, access }: Grant, riderId: string): void {
  if (access === 'own' && !(principal.role === 'rider' && principal.subject === riderId)) {
    throw new ApiError('Forbidden', 'A rider sees only their own trips');
  }
}

/** The vehicle must be the one the driver signed in to (a 403: vehicle ids are not secret). */
export function requireVehicle({ principal, access }: Grant, vehicleId: string): void {
  if (access === 'own' && !(principal.role === 'driver' && principal.vehicleId === vehicleId)) {
    throw new ApiError('Forbidden', `This token signs in to ${principal.role === 'driver' ? `vehicle ${principal.vehicleId}` : 'no vehicle'}, not ${vehicleId}`);
  }
}

/** Whom a trip request is for: a rider books for themselves (riderId taken from the token, or equal to it); an operator names the rider. */
export function requestingRider({ principal, access }: Grant, bodyRiderId: string | undefined): string {
  if (access === 'own') {
    if (principal.role !== 'rider') throw new ApiError('Forbidden', 'Only a rider books for themselves');
    if (bodyRiderId !== undefined && bodyRiderId !== principal.subject) throw new ApiError('Forbidden', 'riderId must be the token’s rider (or left out)');
    return principal.subject;
  }
  if (bodyRiderId === undefined) throw new ApiError('ValidationFailed', 'body.riderId: required when booking for a rider');
  return bodyRiderId;
}
