import type { Approach, LngLat } from '../../routing/Router';
import { STOP_APPROACH } from '../fleet/stopApproaches';
import type { RejectionReason } from '../../protocol/trips';
import { fleetLocations } from '../fleet/compileFleetProblem';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { CandidateFrame } from './CandidateFrame';
import type { MeetingWalk } from '../meetingPoints/chooseMeetingPoint';

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
  /** Where the rider is and goes (before snapping): meeting points are looked for around these. */
  origin?: LngLat;
  destination?: LngLat;
  /**
   * Walks counted in the promise when an end is a meeting point: the pickup window opens no sooner than the rider
   * can walk there from now, and the arrival leaves the walk on within the door-to-door limit.
   */
  walkToPickupS?: number;
  walkFromDropoffS?: number;
}

/**
 * The locations of a decision, in matrix order: each candidate's position, its stops, its depot;
 * then the new pickup (P) and dropoff (D). The service asks the router for travel to and from P and D
 * (two batched table calls); travel between existing stops is already in their legs.
 */
export interface DecisionLocations {
  points: LngLat[];
  /** How the router reaches each point: stops (the new ones too) at the curb. */
  approaches: (Approach | null)[];
  start: number[];
  stops: number[][];
  depot: number[];
  P: number;
  D: number;
}

export function decisionLocations(vehicles: readonly FleetVehicle[], draft: RequestDraft): DecisionLocations {
  const { points, approaches, start, stops, depot } = fleetLocations(vehicles);
  const P = points.push(draft.pickup) - 1;
  const D = points.push(draft.dropoff) - 1;
  approaches.push(STOP_APPROACH, STOP_APPROACH);
  return { points, approaches, start, stops, depot, P, D };
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
      /** Set when an end is a meeting point instead of the curb next to the rider (planRequest's choice). */
      walks?: { toPickup: MeetingWalk | null; fromDropoff: MeetingWalk | null };
    }
  | { ok: false; reason: RejectionReason };


/**
 * `unreachable`: candidates left out before the tables because they could not reach the pickup in time
 * (mayReachPickup); each counts once as MaxWaitExceeded in the reason of a refusal.
 *
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
  unreachable = 0,
): Decision {
  if (vehicles.length === 0) {
    policy.trace?.({ atS: nowS, tripId: draft.tripId, requestedPickupS: draft.requestedPickupS, recheck: !!draft.promised, candidates: [], outcome: { ok: false, reason: 'NoVehicleInReach' } });
    return { ok: false, reason: 'NoVehicleInReach' };
  }
  return new CandidateFrame(nowS, vehicles, trips, loc, policy).decide(draft, legs, policy, unreachable);
}
