import type { Router } from '../../routing/Router';
import type { FleetState } from '../fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { STOP_APPROACH } from '../fleet/stopApproaches';
import { decideRequest, decisionLocations, type Decision, type RequestDraft } from './decideRequest';
import { mayReachPickup } from './mayReachPickup';
import { meetingPointEnds, type MeetingPointPlanning, planWithMeetingPoints } from './planMeetingPoints';
import { usedTableCells } from '../fleet/usedTableCells';

/**
 * One request through the dispatch pipeline: R-tree candidates within reach of the pickup, travel to
 * and from the new stops in one batched table call each way, then the pure decision.
 * `candidates` may be passed to skip the R-tree (the benchmark's baseline scans every vehicle).
 *
 * The decision reads a snapshot of the candidates and their trips copied before the router is awaited: a commit, a
 * stop event or a re-optimizer result landing meanwhile changes the live fleet, not the view the travel times were
 * asked for. The decision carries the schedule version it planned on, so committing it over a changed vehicle is a
 * ScheduleConflict (planned again), never a schedule built on old indices.
 *
 * With `meetingPoints` (and the policy's meetingPoints flag on), a new request is also decided at the meeting points
 * a short walk from its ends, and one of them is proposed when it saves the vehicle time (planMeetingPoints.ts).
 */
export async function planRequest(
  router: Router,
  fleet: FleetState,
  draft: RequestDraft,
  nowS: number,
  policy: DispatchPolicy,
  candidates?: FleetVehicle[],
  meetingPoints?: MeetingPointPlanning,
): Promise<Decision> {
  const reachS = Math.max(0, draft.requestedPickupS + policy.maxWaitS - nowS);
  let live = candidates ?? candidatesFor(fleet, draft, reachS * policy.candidateSpeedMps, policy);
  const none = (): Decision => {
    policy.trace?.({ atS: nowS, tripId: draft.tripId, requestedPickupS: draft.requestedPickupS, recheck: !!draft.promised, candidates: [], outcome: { ok: false, reason: 'NoVehicleInReach' } });
    return { ok: false, reason: 'NoVehicleInReach' };
  };
  if (live.length === 0) return none();
  // Legs never measured (the router was down at rebuild) are measured now; a vehicle whose legs stay unknown is not
  // planned on (a leg of 0 s would promise what it cannot keep).
  if (live.some((v) => v.legsUnknown)) {
    await Promise.all(live.filter((v) => v.legsUnknown).map((v) => refreshLegsIfRoutable(router, v)));
    live = live.filter((v) => !v.legsUnknown);
    if (live.length === 0) return none();
  }
  const ends = meetingPoints ? meetingPointEnds(draft, meetingPoints, policy) : null;
  let unreachable = 0;
  if (!ends && policy.mode !== 'nearestIdle') {
    // Before any table: a vehicle that cannot be at the pickup by its latest time even at the candidate speed is no
    // candidate (at city scale most are not, and each costs a table row for its every stop).
    const latestS = Math.max(nowS, draft.promised?.pickupLatestS ?? draft.requestedPickupS + policy.maxWaitS);
    const reach = live.filter((v) => mayReachPickup(v, draft.pickup, latestS, nowS, policy.candidateSpeedMps));
    if (reach.length === 0) {
      policy.trace?.({ atS: nowS, tripId: draft.tripId, requestedPickupS: draft.requestedPickupS, recheck: !!draft.promised, candidates: [], outcome: { ok: false, reason: 'MaxWaitExceeded' } });
      return { ok: false, reason: 'MaxWaitExceeded' };
    }
    unreachable = live.length - reach.length;
    live = reach;
  }
  const { vehicles, trips } = snapshotCandidates(live, fleet.trips);
  if (ends) return planWithMeetingPoints(router, vehicles, trips, draft, nowS, policy, ends, meetingPoints?.walkLimitM ?? policy.meetingPointMaxWalkM);
  if (policy.mode === 'nearestIdle') {
    const loc = decisionLocations(vehicles, draft);
    const to = await router.table(loc.points, [loc.points[loc.P], loc.points[loc.D]], { sourceApproaches: loc.approaches, destinationApproaches: [STOP_APPROACH, STOP_APPROACH] });
    // The baseline: the idle vehicle that reaches the pickup first by road (not by crow flight) is tried.
    let best = -1;
    vehicles.forEach((_, k) => {
      const t = to.durationsS[loc.start[k]][0];
      if (t !== null && (best < 0 || t < to.durationsS[loc.start[best]][0]!)) best = k;
    });
    if (best < 0) return { ok: false, reason: 'NoVehicleInReach' };
    return planRequest(router, fleet, draft, nowS, { ...policy, mode: 'pooled' }, [vehicles[best]]);
  }
  return decideOnVehicles(router, vehicles, trips, draft, nowS, policy, unreachable);
}

/**
 * The decision over these vehicles (copies the caller owns, their legs measured) and the trips on them, without
 * candidates or meeting points: travel to and from the new stops in one batched table call each way, then the pure
 * core. Pre-booking plans planned shifts with it; re-plans that work on their own copies of the fleet (a late
 * vehicle's riders, issue 13) decide through it too. `unreachable`: candidates already left out as unable to reach the
 * pickup in time (they count in a refusal's reason, see decideRequest).
 */
export async function decideOnVehicles(
  router: Router,
  vehicles: readonly FleetVehicle[],
  trips: ReadonlyMap<string, FleetTrip>,
  draft: RequestDraft,
  nowS: number,
  policy: DispatchPolicy,
  unreachable = 0,
): Promise<Decision> {
  if (vehicles.length === 0) return { ok: false, reason: 'NoVehicleInReach' };
  const loc = decisionLocations(vehicles, draft);
  const newStops = [loc.points[loc.P], loc.points[loc.D]];
  // Stops at the curb, both ways (stopApproaches.ts): a pickup is reached with the rider on the vehicle's curb side.
  const curb = [STOP_APPROACH, STOP_APPROACH];
  // Only the cells the insertion reads (usedTableCells): the others stay unknown (null).
  const n = loc.points.length;
  const { rows: srcIdx, cols: dstIdx } = usedTableCells(n, loc);
  const [to, from] = await Promise.all([
    router.table(
      srcIdx.map((i) => loc.points[i]),
      newStops,
      { sourceApproaches: srcIdx.map((i) => loc.approaches[i]), destinationApproaches: curb },
    ),
    router.table(newStops, dstIdx.map((i) => loc.points[i]), { sourceApproaches: curb, destinationApproaches: dstIdx.map((i) => loc.approaches[i]) }),
  ]);
  const toNewS: Array<readonly [number | null, number | null]> = new Array(n).fill(UNKNOWN_PAIR);
  const toNewM: Array<readonly [number | null, number | null]> = new Array(n).fill(UNKNOWN_PAIR);
  srcIdx.forEach((i, r) => {
    toNewS[i] = [to.durationsS[r][0], to.durationsS[r][1]];
    toNewM[i] = [to.distancesM[r][0], to.distancesM[r][1]];
  });
  const spread = (row: readonly (number | null)[]) => {
    const out: (number | null)[] = new Array(n).fill(null);
    dstIdx.forEach((i, c) => (out[i] = row[c]));
    return out;
  };
  return decideRequest(
    nowS,
    draft,
    vehicles,
    trips,
    loc,
    {
      toNewS,
      toNewM,
      fromNewS: [spread(from.durationsS[0]), spread(from.durationsS[1])],
      fromNewM: [spread(from.distancesM[0]), spread(from.distancesM[1])],
    },
    policy,
    unreachable,
  );
}

const UNKNOWN_PAIR = Object.freeze([null, null] as const);

/**
 * Who is weighed for a request. Pooled: the nearest vehicles by their route's box, and apart from them the nearest
 * idle vehicles, so a crowd of busy vehicles passing by never hides a free one waiting round the corner.
 * Baseline: idle vehicles only, the nearest `maxCandidates` of them (the caller then picks the nearest by road).
 */
function candidatesFor(fleet: FleetState, draft: RequestDraft, radiusM: number, policy: DispatchPolicy): FleetVehicle[] {
  if (policy.mode === 'nearestIdle') return fleet.idleCandidates(draft.pickup, radiusM, policy.maxCandidates);
  const near = fleet.candidates(draft.pickup, radiusM, policy.maxCandidates);
  const idle = fleet.idleCandidates(draft.pickup, radiusM, policy.maxIdleCandidates);
  if (idle.length === 0) return near;
  const seen = new Set(near.map((v) => v.id));
  for (const v of idle) if (!seen.has(v.id)) near.push(v);
  return near;
}

/** Copies of the candidates (their stops too) and of the trips on them: what one decision reads after its awaits. */
export function snapshotCandidates(vehicles: readonly FleetVehicle[], trips: ReadonlyMap<string, FleetTrip>): { vehicles: FleetVehicle[]; trips: Map<string, FleetTrip> } {
  const copies: FleetVehicle[] = [];
  const tripCopies = new Map<string, FleetTrip>();
  for (const v of vehicles) {
    copies.push({ ...v, stops: v.stops.map((s) => ({ ...s })) });
    for (const s of v.stops) {
      const t = trips.get(s.tripId);
      if (t && !tripCopies.has(t.id)) tripCopies.set(t.id, { ...t });
    }
  }
  return { vehicles: copies, trips: tripCopies };
}
