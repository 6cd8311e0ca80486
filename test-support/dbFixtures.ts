import type { LngLat, NewTrip, PlannedStop, TripPromise } from '../dispatcher/persistence/records';
import type { Repositories } from '../dispatcher/persistence/Repositories';

/** Real places in Seoul's Songpa district (lon 127.0775–127.1331, lat 37.5063–37.5387) for the persistence tests. */
export const SONGPA_AREA = {
  type: 'Polygon' as const,
  coordinates: [[[127.0775, 37.5063], [127.1331, 37.5063], [127.1331, 37.5387], [127.0775, 37.5387], [127.0775, 37.5063]] as LngLat[]],
};
export const OLYMPIC_PARK: LngLat = [127.1215, 37.5206];
export const JAMSIL_STATION: LngLat = [127.1001, 37.5133];
export const SEOKCHON_LAKE: LngLat = [127.1037, 37.5096];
export const SONGPA_OFFICE: LngLat = [127.1059, 37.5145];
export const GARAK_MARKET: LngLat = [127.1106, 37.4963]; // just south of the area
export const GANGNAM_STATION: LngLat = [127.0276, 37.4979]; // well outside

/** 2025-03-03 08:00 KST, epoch seconds. */
export const T0 = 1740956400;

export function newTrip(id: string, overrides: Partial<NewTrip> = {}): NewTrip {
  return {
    id,
    riderId: `rider-${id}`,
    origin: JAMSIL_STATION,
    destination: OLYMPIC_PARK,
    passengers: 1,
    wheelchairs: 0,
    requestedPickupAtS: T0,
    ...overrides,
  };
}

export function promiseFor(pickupAtS: number): TripPromise {
  return { pickupEarliestS: pickupAtS, pickupLatestS: pickupAtS + 600, latestArrivalS: pickupAtS + 1800 };
}

/** The pickup and dropoff of a trip with its promise, planned at pickupAtS and pickupAtS + 900. */
export function stopsOf(trip: NewTrip, pickupAtS: number): [PlannedStop, PlannedStop] {
  const promise = promiseFor(pickupAtS);
  return [
    { tripId: trip.id, kind: 'pickup', location: trip.origin, plannedArrivalS: pickupAtS, earliestS: promise.pickupEarliestS, latestS: promise.pickupLatestS, serviceS: 30 },
    { tripId: trip.id, kind: 'dropoff', location: trip.destination, plannedArrivalS: pickupAtS + 900, earliestS: pickupAtS, latestS: promise.latestArrivalS, serviceS: 30 },
  ];
}

/** A minibus at the Songpa district office, on shift from T0. */
export async function vehicleOnShift(repos: Repositories, id: string): Promise<void> {
  await repos.vehicles.upsert({ id, name: `Songpa ${id}`, seats: 8, wheelchairPlaces: 1, depot: SONGPA_OFFICE }, T0);
  await repos.vehicles.startShift({ vehicleId: id, atS: T0, endsAtS: T0 + 8 * 3600 });
}

/** Accepts `trip` as the only trip on a fresh vehicle schedule (version `expected`). */
export async function acceptAlone(repos: Repositories, vehicleId: string, trip: NewTrip, pickupAtS: number, expected: number) {
  return repos.schedules.acceptTrip({
    trip,
    promise: promiseFor(pickupAtS),
    vehicleId,
    expectedScheduleVersion: expected,
    stops: stopsOf(trip, pickupAtS),
    atS: T0,
  });
}
