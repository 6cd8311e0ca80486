import { distanceM } from '../../routing/geo';
import type { LngLat, Router } from '../../routing/Router';
import type { TripRequest } from '../../protocol/trips';
import type { NewTrip, TripRecord } from '../persistence/records';
import type { RequestDraft } from '../requests/decideRequest';
import { STOP_TO_STOP } from '../fleet/stopApproaches';

/** The planner's view of a trip: snapped points, the direct drive, the promise when re-checking an offer; null when no road connects them. */
export async function tripDraft(router: Router, trip: NewTrip | TripRecord, promised?: RequestDraft['promised']): Promise<RequestDraft | null> {
  const pickup: LngLat = trip.originSnapped ?? trip.origin;
  const dropoff: LngLat = trip.destinationSnapped ?? trip.destination;
  const direct = await router.table([pickup], [dropoff], STOP_TO_STOP);
  const directS = direct.durationsS[0][0];
  if (directS === null) return null;
  return {
    tripId: trip.id,
    pickup,
    dropoff,
    origin: trip.origin,
    destination: trip.destination,
    passengers: trip.passengers,
    wheelchairs: trip.wheelchairs,
    requestedPickupS: trip.requestedPickupAtS,
    directS,
    directM: direct.distancesM[0][0] ?? 0,
    ...(promised ? { promised } : {}),
  };
}

/** Whether a stored trip is the same request again (an idempotent retry), within a metre. */
export function sameRequest(t: TripRecord, r: TripRequest): boolean {
  const near = (a: LngLat, b: LngLat) => distanceM(a, b) < 1;
  return near(t.origin, r.origin) && near(t.destination, r.destination) && t.passengers === r.passengers && t.wheelchairs === r.wheelchairs;
}

/** The fields of a stored trip that the acceptance writes again. */
export function newTripOf(t: TripRecord): NewTrip {
  return {
    id: t.id,
    riderId: t.riderId,
    riderName: t.riderName,
    idempotencyKey: t.idempotencyKey,
    origin: t.origin,
    destination: t.destination,
    originSnapped: t.originSnapped,
    destinationSnapped: t.destinationSnapped,
    walkToPickupM: t.walkToPickupM,
    passengers: t.passengers,
    wheelchairs: t.wheelchairs,
    requestedPickupAtS: t.requestedPickupAtS,
    walks: t.walks,
  };
}
