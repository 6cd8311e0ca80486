import type { LngLat, Router } from '../../routing/Router';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import { type DispatchPolicy, maxRideS } from '../fleet/DispatchPolicy';
import { chooseMeetingPoint, type MeetingOption, type MeetingWalk, walksNear, type WalkRules } from '../meetingPoints/chooseMeetingPoint';
import type { MeetingPointSet } from '../meetingPoints/MeetingPointSet';
import { decideRequest, decisionLocations, type Decision, type NewStopLegs, type RequestDraft } from './decideRequest';
import { CandidateFrame } from './CandidateFrame';
import { STOP_APPROACH } from '../fleet/stopApproaches';

/** The meeting points a service proposes, and the walk limit where the request starts (the zone's, else the policy's). */
export interface MeetingPointPlanning {
  points: MeetingPointSet;
  /** Metres; absent: the policy's meetingPointMaxWalkM. */
  walkLimitM?: number;
}

type Accepted = Extract<Decision, { ok: true }>;

/** The walk rules of a policy, with the zone's limit when it sets one. */
export function walkRulesOf(policy: DispatchPolicy, walkLimitM?: number): WalkRules {
  return {
    walkLimitM: walkLimitM ?? policy.meetingPointMaxWalkM,
    walkSpeedMps: policy.walkSpeedMps,
    walkDetourFactor: policy.walkDetourFactor,
    maxPerEnd: policy.meetingPointsPerEnd,
    minShiftM: 30,
  };
}

/** Seconds a vehicle drives along its plan, back to its depot included. */
function plannedDriveS(stops: ReadonlyArray<{ legS: number }>, returnLegS: number): number {
  let s = returnLegS;
  for (const st of stops) s += st.legS;
  return s;
}

/** The meeting points near a request's ends, or null when none is worth a look (the curb decision then runs alone). */
export function meetingPointEnds(draft: RequestDraft, planning: MeetingPointPlanning, policy: DispatchPolicy): { pickups: MeetingWalk[]; dropoffs: MeetingWalk[] } | null {
  if (!policy.meetingPoints || draft.promised || policy.mode !== 'pooled' || !draft.origin || !draft.destination || planning.points.size === 0) return null;
  const rules = walkRulesOf(policy, planning.walkLimitM);
  const pickups = walksNear(draft.origin, draft.pickup, planning.points, rules);
  const dropoffs = walksNear(draft.destination, draft.dropoff, planning.points, rules);
  return pickups.length + dropoffs.length > 0 ? { pickups, dropoffs } : null;
}

/**
 * One request decided at the curbs and at the meeting points near its ends: travel to and from every end in one
 * batched table call each way, then one pure decision per way of serving it (curb–curb, each pickup point with the
 * curb drop-off, the curb pickup with each drop-off point, the nearest of both), and the chooser's pick. The walks
 * count in each promise (see RequestDraft.walkToPickupS). The trace, when on, sees the curb decision only.
 */
export async function planWithMeetingPoints(
  router: Router,
  vehicles: readonly FleetVehicle[],
  trips: ReadonlyMap<string, FleetTrip>,
  draft: RequestDraft,
  nowS: number,
  policy: DispatchPolicy,
  ends: { pickups: MeetingWalk[]; dropoffs: MeetingWalk[] },
  walkLimitM: number,
): Promise<Decision> {
  const base = decisionLocations(vehicles, draft);
  const F = base.P;
  const endPoints: LngLat[] = [draft.pickup, draft.dropoff, ...ends.pickups.map((w) => w.location), ...ends.dropoffs.map((w) => w.location)];
  const all = [...base.points.slice(0, F), ...endPoints];
  // Curbs and meeting points are stops: reached at the curb, as every stop is (stopApproaches.ts).
  const endCurb = endPoints.map(() => STOP_APPROACH);
  const allApproaches = [...base.approaches.slice(0, F), ...endCurb];
  const [to, from] = await Promise.all([
    router.table(all, endPoints, { sourceApproaches: allApproaches, destinationApproaches: endCurb }),
    router.table(endPoints, all, { sourceApproaches: endCurb, destinationApproaches: allApproaches }),
  ]);
  const pickupCol = (i: number) => (i < 0 ? 0 : 2 + i);
  const dropoffCol = (j: number) => (j < 0 ? 1 : 2 + ends.pickups.length + j);
  const quiet: DispatchPolicy = { ...policy, trace: undefined };
  const byId = new Map(vehicles.map((v) => [v.id, v]));
  // The candidates compiled once for every way of serving (only the new stops differ from one to the next).
  const frame = vehicles.length > 0 ? new CandidateFrame(nowS, vehicles, trips, base, policy) : null;
  // Why the curbs fit no vehicle: the answer when no meeting point fits either.
  let curbRefusal: Decision = { ok: false, reason: 'NoVehicleInReach' };

  const decideAt = (i: number, j: number): MeetingOption<Accepted> | null => {
    const pc = pickupCol(i);
    const dc = dropoffCol(j);
    const directS = from.durationsS[pc][F + dc];
    const directM = from.distancesM[pc][F + dc];
    if (directS === null || directM === null) return null;
    const pickup = i < 0 ? null : ends.pickups[i];
    const dropoff = j < 0 ? null : ends.dropoffs[j];
    const d: RequestDraft = {
      ...draft,
      pickup: pickup?.location ?? draft.pickup,
      dropoff: dropoff?.location ?? draft.dropoff,
      directS: i < 0 && j < 0 ? draft.directS : directS,
      directM: i < 0 && j < 0 ? draft.directM : directM,
      ...(pickup ? { walkToPickupS: pickup.walkS } : {}),
      ...(dropoff ? { walkFromDropoffS: dropoff.walkS } : {}),
    };
    const rows = [...Array(F).keys(), F + pc, F + dc];
    const legs: NewStopLegs = {
      toNewS: rows.map((r) => [to.durationsS[r][pc], to.durationsS[r][dc]] as const),
      toNewM: rows.map((r) => [to.distancesM[r][pc], to.distancesM[r][dc]] as const),
      fromNewS: [rows.map((r) => from.durationsS[pc][r]), rows.map((r) => from.durationsS[dc][r])],
      fromNewM: [rows.map((r) => from.distancesM[pc][r]), rows.map((r) => from.distancesM[dc][r])],
    };
    const wayPolicy = i < 0 && j < 0 ? policy : quiet;
    const decision = frame ? frame.decide(d, legs, wayPolicy) : decideRequest(nowS, d, vehicles, trips, decisionLocations(vehicles, d), legs, wayPolicy);
    if (!decision.ok) {
      if (i < 0 && j < 0) curbRefusal = decision;
      return null;
    }
    const before = byId.get(decision.vehicleId)!;
    const vehicleAddedS = plannedDriveS(decision.stops, decision.returnLegS) - plannedDriveS(before.stops, before.returnLegS);
    return { pickup, dropoff, vehicleAddedS, pickupEarliestS: decision.promise.pickupEarliestS, arriveByS: decision.promise.arriveByS, decision };
  };

  const curb = decideAt(-1, -1);
  const alternatives: MeetingOption<Accepted>[] = [];
  let bestPickup: MeetingOption<Accepted> | null = null;
  let bestDropoff: MeetingOption<Accepted> | null = null;
  ends.pickups.forEach((_, i) => {
    const o = decideAt(i, -1);
    if (!o) return;
    alternatives.push(o);
    if (!bestPickup || o.vehicleAddedS < bestPickup.vehicleAddedS) bestPickup = o;
  });
  ends.dropoffs.forEach((_, j) => {
    const o = decideAt(-1, j);
    if (!o) return;
    alternatives.push(o);
    if (!bestDropoff || o.vehicleAddedS < bestDropoff.vehicleAddedS) bestDropoff = o;
  });
  const bp = bestPickup as MeetingOption<Accepted> | null;
  const bd = bestDropoff as MeetingOption<Accepted> | null;
  if (bp?.pickup && bd?.dropoff) {
    const both = decideAt(ends.pickups.indexOf(bp.pickup), ends.dropoffs.indexOf(bd.dropoff));
    if (both) alternatives.push(both);
  }
  const doorArriveByS = draft.requestedPickupS + policy.maxWaitS + policy.serviceS + maxRideS(policy, draft.directS);
  const chosen = chooseMeetingPoint(curb, alternatives, { nowS, doorArriveByS, walkLimitM, minSavingS: policy.meetingPointMinSavingS });
  if (!chosen) return curbRefusal;
  if (chosen === curb) return chosen.decision;
  return { ...chosen.decision, walks: { toPickup: chosen.pickup, fromDropoff: chosen.dropoff } };
}
