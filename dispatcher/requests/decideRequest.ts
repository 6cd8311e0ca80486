import type { LngLat } from '../../routing/Router';
import type { RejectionReason } from '../../protocol/trips';
import { BestInsertionFinder } from '../insertion/BestInsertionFinder';
import type { InsertionRejection } from '../insertion/constraints';
import type { Request } from '../insertion/model';
import { compileFleetProblem, fleetLocations, plannedStopsById } from '../fleet/compileFleetProblem';
import { RouteState } from '../insertion/RouteState';
import { ScheduleFailure, ScheduleScratch } from '../insertion/ScheduleScratch';
import { DecisionTravelTimes } from '../insertion/DecisionTravelTimes';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { type DispatchPolicy, maxRideS } from '../fleet/DispatchPolicy';

/** A request about to be decided: points already snapped to the road, direct trip measured. */
export interface RequestDraft {
  tripId: string;
  pickup: LngLat;
  dropoff: LngLat;
  passengers: number;
  wheelchairs: number;
  requestedPickupS: number;
  directS: number;
  directM: number;
  /** Re-checking an accepted offer: the window and arrival already shown to the rider. */
  promised?: { pickupEarliestS: number; pickupLatestS: number; arriveByS: number };
}

/**
 * The locations of a decision, in matrix order: each candidate's position, its stops, its depot;
 * then the new pickup (P) and dropoff (D). The service asks the router for travel to and from P and D
 * (two batched table calls); travel between existing stops is already in their legs.
 */
export interface DecisionLocations {
  points: LngLat[];
  start: number[];
  stops: number[][];
  depot: number[];
  P: number;
  D: number;
}

export function decisionLocations(vehicles: readonly FleetVehicle[], draft: RequestDraft): DecisionLocations {
  const { points, start, stops, depot } = fleetLocations(vehicles);
  const P = points.push(draft.pickup) - 1;
  const D = points.push(draft.dropoff) - 1;
  return { points, start, stops, depot, P, D };
}

/** Travel times to and from the new stops: toNew[i] = [i→P, i→D], fromNew = [[P→i], [D→i]] over all points. */
export interface NewStopLegs {
  toNewS: ReadonlyArray<readonly [number | null, number | null]>;
  toNewM: ReadonlyArray<readonly [number | null, number | null]>;
  fromNewS: readonly [ReadonlyArray<number | null>, ReadonlyArray<number | null>];
  fromNewM: readonly [ReadonlyArray<number | null>, ReadonlyArray<number | null>];
}

export type Decision =
  | {
      ok: true;
      vehicleId: string;
      /** The vehicle's schedule version this decision planned on: commit it expecting this version. */
      scheduleVersion: number;
      /** The vehicle's new stop sequence, planned times included. */
      stops: PlannedStop[];
      returnLegS: number;
      returnLegM: number;
      pickupEtaS: number;
      arrivalEtaS: number;
      promise: { pickupEarliestS: number; pickupLatestS: number; arriveByS: number };
      maxRideS: number;
      cost: number;
    }
  | { ok: false; reason: RejectionReason };

const REASONS: Record<InsertionRejection, RejectionReason> = {
  CapacityExceeded: 'CapacityExceeded',
  MaxWaitExceeded: 'MaxWaitExceeded',
  LatestArrivalExceeded: 'LatestArrivalExceeded',
  MaxRideExceeded: 'MaxRideExceeded',
  PromiseBroken: 'NoVehicleInReach',
  ShiftEnds: 'ShiftEnds',
  NoVehicle: 'NoVehicleInReach',
};

/**
 * Decides one request against candidate vehicles (pure): compiles their schedules and promises into an
 * insertion problem, finds the cheapest feasible insertion, lays out the new schedule and the promise.
 */
export function decideRequest(
  nowS: number,
  draft: RequestDraft,
  vehicles: readonly FleetVehicle[],
  trips: ReadonlyMap<string, FleetTrip>,
  loc: DecisionLocations,
  legs: NewStopLegs,
  policy: DispatchPolicy,
): Decision {
  if (vehicles.length === 0) return { ok: false, reason: 'NoVehicleInReach' };
  const n = loc.points.length;
  const tt = new DecisionTravelTimes(n, loc.P, loc.D);
  for (let i = 0; i < n; i++) {
    tt.setToNew(i, legs.toNewS[i][0], legs.toNewM[i][0], legs.toNewS[i][1], legs.toNewM[i][1]);
    tt.setFromNew(i, legs.fromNewS[0][i], legs.fromNewM[0][i], legs.fromNewS[1][i], legs.fromNewM[1][i]);
  }
  vehicles.forEach((v, k) => {
    let prev = loc.start[k];
    v.stops.forEach((s, q) => {
      tt.setLeg(prev, loc.stops[k][q], s.legS, s.legM);
      prev = loc.stops[k][q];
    });
    tt.setLeg(prev, loc.depot[k], v.returnLegS, v.returnLegM);
  });

  const rideLimit = maxRideS(policy, draft.directS);
  const earliestPickup = Math.max(draft.requestedPickupS, nowS);
  const window = draft.promised ?? {
    pickupEarliestS: earliestPickup,
    pickupLatestS: draft.requestedPickupS + policy.maxWaitS,
    arriveByS: draft.requestedPickupS + policy.maxWaitS + policy.serviceS + rideLimit,
  };
  // A new offer keeps the promise margin for itself too; re-checking an offer only has to keep what was shown.
  const margin = draft.promised ? 0 : policy.promiseMarginS;
  const newRequest: Request = {
    pickup: { node: loc.P, earliestS: Math.max(window.pickupEarliestS, nowS), latestS: Math.max(nowS, window.pickupLatestS - margin), serviceS: policy.serviceS },
    dropoff: { node: loc.D, earliestS: 0, latestS: window.arriveByS - margin, serviceS: policy.serviceS },
    seats: draft.passengers,
    wheelchairs: draft.wheelchairs,
    maxRideS: rideLimit,
  };
  const { problem, routes: vehicleRoutes, stopIds } = compileFleetProblem(vehicles, trips, loc, tt, policy, nowS, [newRequest]);
  const r = problem.requestCount - 1;
  const scratch = new ScheduleScratch(problem);
  const routes = vehicleRoutes.map((vr) => {
    const route = new RouteState(problem, vr.vehicle, vr.stops, vr.lockedCount);
    route.refresh(scratch);
    return route;
  });
  const finder = new BestInsertionFinder(problem, scratch);
  const found = finder.find(routes, r);
  if (!found.ok) return { ok: false, reason: REASONS[found.reason] };

  const { routeIndex, pickupAfter, dropoffAfter, cost } = found.insertion;
  const route = routes[routeIndex];
  const P = 2 * r;
  const D = P + 1;
  scratch.load(route.vehicle, route.stops, route.m, P, pickupAfter, D, dropoffAfter);
  if (scratch.earliest() !== ScheduleFailure.None) return { ok: false, reason: 'NoVehicleInReach' };

  // Lay out the new sequence: positions 1..m-2 of the scratch are the request stops, in order.
  const vehicle = vehicles[routeIndex];
  const byId = plannedStopsById([vehicle], [stopIds[routeIndex]]);
  const stops: PlannedStop[] = [];
  let pickupEtaS = 0;
  let arrivalEtaS = 0;
  for (let k = 1; k < scratch.m - 1; k++) {
    const id = scratch.stop[k];
    const prevNode = problem.node[scratch.stop[k - 1]];
    const node = problem.node[id];
    const leg = { legS: tt.durationS(prevNode, node), legM: tt.distanceM(prevNode, node), plannedArrivalS: scratch.x[k] };
    if (id === P || id === D) {
      if (id === P) pickupEtaS = scratch.x[k];
      else arrivalEtaS = scratch.x[k];
      stops.push({
        tripId: draft.tripId,
        kind: id === P ? 'pickup' : 'dropoff',
        location: id === P ? draft.pickup : draft.dropoff,
        earliestS: 0,
        latestS: 0,
        serviceS: policy.serviceS,
        ...leg,
      });
    } else {
      stops.push({ ...byId.get(id)!, ...leg });
    }
  }
  const lastNode = problem.node[scratch.stop[scratch.m - 2]];
  const depotNode = problem.node[scratch.stop[scratch.m - 1]];

  const promise = draft.promised ?? {
    pickupEarliestS: Math.floor(Math.max(newRequest.pickup.earliestS, pickupEtaS - policy.promiseBeforeS)),
    pickupLatestS: Math.min(window.pickupLatestS, Math.ceil(pickupEtaS + policy.promiseAfterS)),
    arriveByS: Math.min(window.arriveByS, Math.ceil(arrivalEtaS + policy.arrivalSlackS)),
  };
  for (const s of stops) {
    if (s.tripId !== draft.tripId) continue;
    s.earliestS = s.kind === 'pickup' ? promise.pickupEarliestS : 0;
    s.latestS = s.kind === 'pickup' ? promise.pickupLatestS : promise.arriveByS;
  }
  return {
    ok: true,
    vehicleId: vehicle.id,
    scheduleVersion: vehicle.scheduleVersion,
    stops,
    returnLegS: tt.durationS(lastNode, depotNode),
    returnLegM: tt.distanceM(lastNode, depotNode),
    pickupEtaS,
    arrivalEtaS,
    promise,
    maxRideS: rideLimit,
    cost,
  };
}
