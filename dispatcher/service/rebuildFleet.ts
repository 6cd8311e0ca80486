import { isRoutingError } from '../../routing/errors';
import type { Router } from '../../routing/Router';
import type { FleetState } from '../fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { DispatchState } from '../persistence/loadDispatchState';
import type { Repositories } from '../persistence/Repositories';
import type { TripRecord } from '../persistence/records';
import { type DispatchPolicy, maxRideS } from '../fleet/DispatchPolicy';
import { snapsToRoad } from './roadNetworkChecks';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { STOP_TO_STOP } from '../fleet/stopApproaches';

/** Where the cache last knew a vehicle to be: its position (a GPS fix or the stop it reached since) and its last fix. */
export type KnownWhereabouts = Pick<FleetVehicle, 'position' | 'lastFix' | 'offNetwork'>;

/**
 * Rebuilds the in-memory fleet from what PostgreSQL holds (on start, after a crash): vehicles on shift
 * with their open stops in order, the trips on them with their promises, and the legs between stops.
 * `known`: where the cache saw vehicles last. GPS fixes reach PostgreSQL behind the requests (PositionWriter, about a
 * second late, and lost with a crashed instance), so a fix the cache heard after the stored one is the vehicle's real
 * place: planning from the stored one would promise a pickup from where the bus was, not where it is.
 */
export async function rebuildFleet(state: DispatchState, fleet: FleetState, router: Router, policy: DispatchPolicy, nowS: number, known: ReadonlyMap<string, KnownWhereabouts> = new Map()): Promise<void> {
  const trips = new Map(state.openTrips.map((t) => [t.id, t]));
  for (const vs of state.vehicles) {
    if (!vs.shift) continue; // off shift: its leftover stops wait for the next shift start
    for (const { trip } of vs.stops) trips.set(trip.id, trip);
    const cached = known.get(vs.vehicle.id);
    const fresher = cached?.lastFix !== undefined && cached.lastFix.atS >= (vs.lastPosition?.atS ?? -Infinity);
    const vehicle: FleetVehicle = {
      id: vs.vehicle.id,
      seats: vs.vehicle.seats,
      wheelchairs: vs.vehicle.wheelchairPlaces,
      depot: vs.vehicle.depot,
      badge: { name: vs.vehicle.name, plate: vs.vehicle.plate, colour: vs.vehicle.colour },
      shiftEndS: vs.shift.endsAtS,
      position: fresher ? cached.position : (vs.lastPosition?.location ?? vs.vehicle.depot),
      ...(fresher ? { lastFix: cached.lastFix } : {}),
      availableAtS: nowS,
      stops: vs.stops.map(({ stop }) => ({
        tripId: stop.tripId,
        kind: stop.kind,
        location: stop.location,
        earliestS: stop.earliestS,
        latestS: stop.latestS,
        serviceS: stop.serviceS,
        plannedArrivalS: stop.plannedArrivalS,
        legS: 0,
        legM: 0,
        ...(stop.actualArrivalS !== null ? { arrivedAtS: stop.actualArrivalS } : {}),
      })),
      // A stop the vehicle stands at keeps its place; the rest may still be re-planned.
      lockedCount: vs.stops[0]?.stop.state === 'arrived' ? 1 : 0,
      scheduleVersion: vs.vehicle.scheduleVersion,
      returnLegS: 0,
      returnLegM: 0,
      ...(vs.shift.outOfServiceAtS !== null ? { outOfService: true } : {}),
    };
    const breaks = vs.breaks.filter((b) => b.endS > nowS);
    if (breaks.length > 0) vehicle.breaks = breaks;
    if (fresher ? cached.offNetwork === true : (await snapsToRoad(router, vehicle.position)) === false) vehicle.offNetwork = true;
    // A router that is down cannot measure the legs: they are unknown (measured before a decision plans on them).
    if (vehicle.offNetwork || !(await refreshLegsIfRoutable(router, vehicle))) vehicle.legsUnknown = true;
    fleet.putVehicle(vehicle);
    for (const { trip } of vs.stops) fleet.putTrip(await fleetTrip(trip, vehicle.id, router, policy));
  }
}

/**
 * Reads these vehicles back from PostgreSQL into the fleet, with the trips on them (after a conflict, a shift start, an
 * unsure write, another instance's commit): only their rows are read. A vehicle that is off shift with no open stops
 * leaves the fleet. Where the cache heard a vehicle after its stored fix, it stays there (see rebuildFleet).
 */
export async function reloadVehicles(vehicleIds: readonly string[], repos: Pick<Repositories, 'loadDispatchState'>, fleet: FleetState, router: Router, policy: DispatchPolicy, nowS: number): Promise<void> {
  if (vehicleIds.length === 0) return;
  const ids = new Set(vehicleIds);
  const state = await repos.loadDispatchState([...ids]);
  const known = new Map<string, KnownWhereabouts>();
  for (const id of ids) {
    const v = fleet.vehicles.get(id);
    if (v) known.set(id, { position: v.position, lastFix: v.lastFix, offNetwork: v.offNetwork });
  }
  for (const [tripId, trip] of fleet.trips) if (ids.has(trip.vehicleId)) fleet.trips.delete(tripId);
  for (const id of ids) fleet.removeVehicle(id);
  await rebuildFleet(state, fleet, router, policy, nowS, known);
}

/**
 * A stored trip with its promise as the planner needs it; the ride limit follows from the direct drive: `directS` when
 * the caller just measured it, else the one stored when the request was decided (the limit the rider was promised),
 * re-measured only for a trip stored without one. A router that is down then cannot measure it: the promise itself
 * bounds the ride.
 */
export async function fleetTrip(trip: TripRecord, vehicleId: string, router: Router, policy: DispatchPolicy, measuredS?: number): Promise<FleetTrip> {
  const pickup = trip.originSnapped ?? trip.origin;
  const dropoff = trip.destinationSnapped ?? trip.destination;
  if (!trip.promise) throw new Error(`trip ${trip.id} on vehicle ${vehicleId} has no promise`);
  const directS = measuredS ?? trip.directS ?? undefined;
  let rideLimitS: number;
  if (directS !== undefined) {
    rideLimitS = maxRideS(policy, directS);
  } else {
    try {
      rideLimitS = maxRideS(policy, (await router.table([pickup], [dropoff], STOP_TO_STOP)).durationsS[0][0] ?? 0);
    } catch (e) {
      if (!isRoutingError(e)) throw e;
      rideLimitS = trip.promise.latestArrivalS - trip.promise.pickupEarliestS;
    }
  }
  return {
    id: trip.id,
    riderId: trip.riderId,
    ...(trip.riderName ? { riderName: trip.riderName } : {}),
    passengers: trip.passengers,
    wheelchairs: trip.wheelchairs,
    pickup,
    dropoff,
    pickupEarliestS: trip.promise.pickupEarliestS,
    pickupLatestS: trip.promise.pickupLatestS,
    arriveByS: trip.promise.latestArrivalS,
    maxRideS: rideLimitS,
    vehicleId,
    onBoard: trip.state === 'on_board',
    ...(trip.pinnedBy !== null ? { pinned: true } : {}),
  };
}
