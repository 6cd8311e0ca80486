import { CompiledProblem } from '../insertion/CompiledProblem';
import type { Request, Vehicle, VehicleRoute } from '../insertion/model';
import type { TravelTimes } from '../insertion/TravelTimes';
import { type DispatchPolicy, planningWeights } from './DispatchPolicy';
import type { Approach, LngLat } from '../../routing/Router';
import { STOP_APPROACH } from './stopApproaches';
import type { FleetTrip, FleetVehicle, PlannedStop } from './FleetModel';

/** Where each vehicle's position, stops and depot sit in the travel-time matrix. */
export interface FleetLocations {
  start: number[];
  stops: number[][];
  depot: number[];
}

/**
 * The vehicles' places in matrix order: each one's position, its stops, its depot. `points` lists them, so
 * the caller can ask the router for exactly these (and append more, such as a new rider's pickup and dropoff),
 * with `approaches` (stops at the curb, see stopApproaches.ts).
 */
export function fleetLocations(vehicles: readonly FleetVehicle[]): FleetLocations & { points: LngLat[]; approaches: (Approach | null)[] } {
  const points: LngLat[] = [];
  const approaches: (Approach | null)[] = [];
  const at = (p: LngLat, approach: Approach | null) => {
    approaches.push(approach);
    return points.push(p) - 1;
  };
  const loc: FleetLocations = { start: [], stops: [], depot: [] };
  for (const v of vehicles) {
    loc.start.push(at(v.position, null));
    loc.stops.push(v.stops.map((s) => at(s.location, STOP_APPROACH)));
    loc.depot.push(at(v.depot, null));
  }
  return { points, approaches, ...loc };
}

export interface CompiledFleet {
  problem: CompiledProblem;
  /** The current schedules as insertion-core routes (vehicle k is candidate k). */
  routes: VehicleRoute[];
  /** Trip id of each request index. */
  tripOf: string[];
  /** Stop id of every planned stop, per vehicle, in order. */
  stopIds: number[][];
}

/**
 * The fleet's schedules and promises as an insertion problem: every trip on a vehicle keeps its promised
 * pickup window, its latest arrival and its ride limit (riders on board: only the arrival). `extra`
 * requests (a new rider) come last. A pinned trip stays on its vehicle; a vehicle's driver breaks come along.
 */
export function compileFleetProblem(
  vehicles: readonly FleetVehicle[],
  trips: ReadonlyMap<string, FleetTrip>,
  loc: FleetLocations,
  travelTimes: TravelTimes,
  policy: DispatchPolicy,
  nowS: number,
  extra: readonly Request[] = [],
): CompiledFleet {
  const requests: Request[] = [];
  const tripOf: string[] = [];
  const stopIds: number[][] = [];
  vehicles.forEach((v, k) => {
    const ids: number[] = [];
    const indexOfTrip = new Map<string, number>();
    v.stops.forEach((s, q) => {
      const trip = trips.get(s.tripId);
      if (!trip) throw new Error(`stop of unknown trip ${s.tripId} on vehicle ${v.id}`);
      let r = indexOfTrip.get(s.tripId);
      if (r === undefined) {
        r = requests.length;
        indexOfTrip.set(s.tripId, r);
        tripOf.push(s.tripId);
        requests.push({
          pickup: { node: loc.start[k], earliestS: trip.pickupEarliestS, latestS: trip.pickupLatestS, serviceS: s.serviceS },
          dropoff: { node: loc.start[k], earliestS: 0, latestS: trip.arriveByS, serviceS: s.serviceS },
          seats: trip.passengers,
          wheelchairs: trip.wheelchairs,
          maxRideS: trip.onBoard ? Infinity : trip.maxRideS,
          ...(trip.onBoard ? { onboardVehicle: k } : {}),
          ...(trip.pinned ? { pinnedVehicle: k } : {}),
        });
      }
      const req = requests[r];
      // Keep the promise margin in reserve, but never below what the current plan already needs.
      const reserve = (latest: number) => Math.min(latest, Math.max(latest - policy.promiseMarginS, s.plannedArrivalS));
      // A vehicle waiting at a pickup may stay until the no-show deadline: plan the rest of its day as if it does.
      const waiting = s.kind === 'pickup' && s.arrivedAtS !== undefined ? Math.max(0, s.arrivedAtS + policy.noShowWaitS - nowS) : 0;
      if (s.kind === 'pickup') req.pickup = { ...req.pickup, node: loc.stops[k][q], latestS: reserve(trip.pickupLatestS), serviceS: s.serviceS + waiting };
      else req.dropoff = { ...req.dropoff, node: loc.stops[k][q], latestS: reserve(trip.arriveByS) };
      ids.push(s.kind === 'pickup' ? 2 * r : 2 * r + 1);
    });
    stopIds.push(ids);
  });
  requests.push(...extra);
  const fleet: Vehicle[] = vehicles.map((v, k) => ({
    start: { node: loc.start[k], earliestS: Math.max(v.availableAtS, nowS), latestS: v.shiftEndS, serviceS: 0 },
    end: { node: loc.depot[k], earliestS: 0, latestS: v.shiftEndS, serviceS: 0 },
    seats: v.seats,
    wheelchairs: v.wheelchairs,
    maxDurationS: Infinity,
    ...(v.breaks && v.breaks.length > 0 ? { breaks: v.breaks } : {}),
  }));
  // freeReturn: a vehicle waits where its last rider alights (nothing drives it back between riders), so a plan is
  // not priced for a return to the depot it will not drive; the shift end still bounds the time to get there.
  const problem = new CompiledProblem({ travelTimes, requests, vehicles: fleet, weights: planningWeights(policy, vehicles.some((v) => v.stops.length === 0)), freeReturn: true });
  const routes = vehicles.map((v, k) => ({ vehicle: k, stops: stopIds[k], lockedCount: Math.min(v.lockedCount, stopIds[k].length) }));
  return { problem, routes, tripOf, stopIds };
}

/** The stop objects of a vehicle by their stop id, to rebuild schedules after a plan changes. */
export function plannedStopsById(vehicles: readonly FleetVehicle[], stopIds: number[][]): Map<number, PlannedStop> {
  const byId = new Map<number, PlannedStop>();
  vehicles.forEach((v, k) => v.stops.forEach((s, q) => byId.set(stopIds[k][q], s)));
  return byId;
}
